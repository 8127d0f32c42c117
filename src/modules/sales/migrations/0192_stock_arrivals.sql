-- Cars arriving in a dealer's stock (seed 000: "invite to a test drive when the model the
-- prospect asked about arrives"). Recorded by the dealer; the journeys module reads new rows
-- (by created_at, when it was recorded) for its model_arrived trigger.
create table stock_arrivals (
  id uuid primary key default gen_random_uuid(),
  dealer_id uuid not null references dealers,
  make text not null check (length(make) between 1 and 60),
  model text not null check (length(model) between 1 and 80),
  trim_level text check (trim_level is null or length(trim_level) between 1 and 80),
  vin text check (vin is null or vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
  arrived_at timestamptz not null,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now()
);
create index stock_arrivals_dealer_idx on stock_arrivals (dealer_id, arrived_at desc);
create index stock_arrivals_created_idx on stock_arrivals (created_at);
-- the journeys' match of a prospect's wanted model
create index stock_arrivals_model_idx on stock_arrivals (lower(make), lower(model));

create trigger stock_arrivals_audit after insert or update or delete on stock_arrivals
  for each row execute function autocrm_audit('');
