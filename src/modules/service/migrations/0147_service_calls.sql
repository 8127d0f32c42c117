-- Roadside-assistance and information-hotline calls of owners (seed 002 Basic 11, items 7 and
-- 8), logged by the call centre. Each also plans its lifecycle event, so that journeys and task
-- rules can act on it like on the other care-programme events.
create table service_calls (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers on delete cascade,
  vehicle_id uuid references vehicles on delete set null,
  -- the dealer the call concerns (the owner's servicing dealer, or the caller's own), if any
  dealer_id uuid references dealers,
  call_type text not null check (call_type in ('roadside', 'hotline')),
  channel text not null check (channel in ('phone', 'app', 'web', 'messenger', 'email')),
  reason text not null check (reason in (
    'breakdown', 'accident', 'flat_tyre', 'battery', 'lockout', 'fuel', 'towing',
    'product_info', 'service_info', 'warranty_info', 'recall_info', 'dealer_info', 'other')),
  location text check (length(location) <= 500),
  outcome text not null check (outcome in (
    'repaired_on_site', 'towed_to_dealer', 'towed_elsewhere', 'replacement_car', 'cancelled',
    'answered', 'referred_to_dealer', 'appointment_booked', 'callback_promised', 'unresolved')),
  note text check (length(note) <= 5000),
  occurred_at timestamptz not null,
  user_id uuid references users on delete set null,
  created_at timestamptz not null default now()
);
create index service_calls_customer_idx on service_calls (customer_id, occurred_at desc);
create index service_calls_dealer_idx on service_calls (dealer_id, occurred_at desc);

create trigger service_calls_audit after insert or update or delete on service_calls
  for each row execute function autocrm_audit('customer_id');
