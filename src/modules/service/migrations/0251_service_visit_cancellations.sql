-- A cancelled service visit (entered on the wrong car, a duplicate of a DMS order) leaves
-- service_visits for this archive: its row and lines as they were, with who cancelled it, when
-- and why. Moving it out rather than flagging it keeps every reader of service_visits (the due
-- view, odometer check, retention, claims index, segments, visit summaries, churn features)
-- right without a filter each one could forget; the delete also runs the derived-table triggers.
create table service_visit_cancellations (
  visit_id uuid primary key,
  customer_id uuid not null references customers on delete cascade,
  vehicle_id uuid references vehicles on delete set null,
  dealer_id uuid not null references dealers,
  visit_date date not null,
  -- the visit row and its lines as they were when cancelled
  visit jsonb not null,
  lines jsonb not null default '[]'::jsonb,
  reason text not null check (length(trim(reason)) > 0),
  cancelled_by uuid references users on delete set null,
  cancelled_at timestamptz not null default now()
);
create index service_visit_cancellations_customer_idx on service_visit_cancellations (customer_id);
-- the analytics refresh recounts the days of visits cancelled since its last run
create index service_visit_cancellations_at_idx on service_visit_cancellations (cancelled_at);
create index service_visit_cancellations_vehicle_idx
  on service_visit_cancellations (vehicle_id, visit_date desc);

create trigger service_visit_cancellations_audit
  after insert or update or delete on service_visit_cancellations
  for each row execute function autocrm_audit('customer_id', 'visit_id');
