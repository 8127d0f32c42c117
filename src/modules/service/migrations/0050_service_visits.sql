-- Service visits (repair orders). The after-sales issue adds labour and parts lines,
-- recalls and reminders on top of this table.

create table service_visits (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers on delete cascade,
  vehicle_id uuid not null references vehicles on delete cascade,
  dealer_id uuid not null references dealers,
  advisor_user_id uuid references users on delete set null,
  order_number text,
  visit_date date not null,
  mileage_km integer check (mileage_km >= 0),
  visit_type text not null check (visit_type in (
    'maintenance', 'repair', 'warranty', 'recall', 'body', 'tyres', 'inspection')),
  paid_by text not null default 'customer' check (paid_by in ('customer', 'warranty', 'insurance', 'dealer')),
  total_minor bigint not null default 0 check (total_minor >= 0),
  currency char(3) not null,
  description text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index service_visits_customer_idx on service_visits (customer_id, visit_date desc);
create index service_visits_vehicle_idx on service_visits (vehicle_id, visit_date desc);
create index service_visits_dealer_idx on service_visits (dealer_id, visit_date);

create trigger service_visits_touch before update on service_visits
  for each row execute function autocrm_touch_updated_at();
create trigger service_visits_audit after insert or update or delete on service_visits
  for each row execute function autocrm_audit('customer_id');
