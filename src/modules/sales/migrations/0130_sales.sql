-- Sales: orders with their trade-in, company agreements with volume tiers, dealers' conquest
-- plans, and the outbox of domain events that other modules consume (vehicle.delivered ...).

create table company_agreements (
  id uuid primary key default gen_random_uuid(),
  company_id uuid not null references customers on delete cascade,
  year smallint not null check (year between 2000 and 2100),
  note text,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (company_id, year)
);

-- "from min_vehicles vehicles in the year, discount_bp basis points off the list price"
create table company_agreement_tiers (
  agreement_id uuid not null references company_agreements on delete cascade,
  min_vehicles integer not null check (min_vehicles >= 1),
  discount_bp integer not null check (discount_bp between 0 and 10000),
  primary key (agreement_id, min_vehicles)
);

create table orders (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers on delete cascade,
  dealer_id uuid not null references dealers,
  -- the leads module's opportunity; no foreign key so that sales does not depend on its table
  lead_id uuid,
  consultant_user_id uuid references users on delete set null,
  model_id uuid not null references catalog_models,
  trim_id uuid references catalog_trims,
  -- copied from the catalogue when ordered: plans count by series, and names must not change
  -- under a signed order when the catalogue is edited
  make_name text not null,
  model_name text not null,
  series text,
  trim_name text,
  colour text,
  list_price_minor bigint not null check (list_price_minor >= 0),
  -- discount_minor is the whole discount; agreement_discount_minor the part of it that the
  -- company agreement's volume tier gives
  discount_minor bigint not null default 0 check (discount_minor >= 0),
  agreement_discount_minor bigint not null default 0 check (agreement_discount_minor >= 0),
  final_price_minor bigint not null,
  currency char(3) not null,
  agreement_id uuid references company_agreements on delete set null,
  trade_in_vin text check (trade_in_vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
  trade_in_make text,
  trade_in_model text,
  trade_in_year smallint check (trade_in_year between 1950 and 2100),
  trade_in_mileage_km integer check (trade_in_mileage_km >= 0),
  trade_in_appraisal_minor bigint check (trade_in_appraisal_minor >= 0),
  planned_delivery_date date,
  status text not null default 'draft'
    check (status in ('draft', 'confirmed', 'delivered', 'cancelled')),
  cancel_reason text,
  vehicle_id uuid references vehicles on delete set null,
  trade_in_vehicle_id uuid references vehicles on delete set null,
  confirmed_at timestamptz,
  delivered_at timestamptz,
  -- the calendar day the customer received the car (plans count deliveries by it)
  delivered_on date,
  cancelled_at timestamptz,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (discount_minor <= list_price_minor),
  check (agreement_discount_minor <= discount_minor),
  check (final_price_minor = list_price_minor - discount_minor),
  check (status <> 'cancelled' or (cancel_reason is not null and cancelled_at is not null)),
  check (status <> 'delivered' or (delivered_on is not null and delivered_at is not null)),
  check (trade_in_appraisal_minor is null or trade_in_make is not null)
);
create index orders_customer_idx on orders (customer_id, created_at desc);
-- the order list, newest first, for group-wide users
create index orders_created_idx on orders (created_at desc, id);
create index orders_dealer_idx on orders (dealer_id, status, created_at desc);
-- plan vs actual: a dealer's deliveries in a period
create index orders_delivered_idx on orders (dealer_id, delivered_on) where status = 'delivered';
create index orders_lead_idx on orders (lead_id) where lead_id is not null;

create table conquest_plans (
  id uuid primary key default gen_random_uuid(),
  dealer_id uuid not null references dealers,
  period_kind text not null check (period_kind in ('month', 'quarter')),
  period_start date not null,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (extract(day from period_start) = 1),
  check (period_kind = 'month' or extract(month from period_start) in (1, 4, 7, 10)),
  unique (dealer_id, period_kind, period_start)
);

create table conquest_plan_targets (
  plan_id uuid not null references conquest_plans on delete cascade,
  series text not null,
  target_units integer not null check (target_units between 1 and 100000),
  primary key (plan_id, series)
);

-- Outbox: written in the same transaction as the change it announces, read by consumers (care
-- programme, journeys) that mark what they have handled, so no event is lost or invented.
create table domain_events (
  id uuid primary key default gen_random_uuid(),
  type text not null,
  payload jsonb not null,
  customer_id uuid references customers on delete cascade,
  created_at timestamptz not null default now(),
  processed_at timestamptz
);
create index domain_events_pending_idx on domain_events (type, created_at, id)
  where processed_at is null;
create index domain_events_customer_idx on domain_events (customer_id, created_at desc);

create trigger orders_touch before update on orders
  for each row execute function autocrm_touch_updated_at();
create trigger company_agreements_touch before update on company_agreements
  for each row execute function autocrm_touch_updated_at();
create trigger conquest_plans_touch before update on conquest_plans
  for each row execute function autocrm_touch_updated_at();
create trigger orders_audit after insert or update or delete on orders
  for each row execute function autocrm_audit('customer_id');
create trigger company_agreements_audit after insert or update or delete on company_agreements
  for each row execute function autocrm_audit('company_id');
create trigger conquest_plans_audit after insert or update or delete on conquest_plans
  for each row execute function autocrm_audit('');
create trigger company_agreement_tiers_audit after insert or update or delete on company_agreement_tiers
  for each row execute function autocrm_audit('', 'agreement_id,min_vehicles');
create trigger conquest_plan_targets_audit after insert or update or delete on conquest_plan_targets
  for each row execute function autocrm_audit('', 'plan_id,series');
