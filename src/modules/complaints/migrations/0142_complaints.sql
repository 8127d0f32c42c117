-- Complaints (seed 002 Basic 11 "complaint handling"; issue 4): intake from any channel, an SLA
-- by severity, a state machine, escalation of overdue ones, linked to visit, vehicle and dealer.

-- Hours to resolve a complaint, by severity; the group may change them.
create table complaint_sla (
  severity text primary key check (severity in ('low', 'medium', 'high', 'critical')),
  resolve_hours integer not null check (resolve_hours between 1 and 2000)
);
insert into complaint_sla (severity, resolve_hours) values
  ('critical', 24), ('high', 72), ('medium', 168), ('low', 336);

create sequence complaint_number_seq;

create table complaints (
  id uuid primary key default gen_random_uuid(),
  -- the reference told to the customer on the phone
  number bigint not null unique default nextval('complaint_number_seq'),
  customer_id uuid not null references customers on delete cascade,
  dealer_id uuid not null references dealers,
  vehicle_id uuid references vehicles on delete set null,
  visit_id uuid references service_visits on delete set null,
  channel text not null check (channel in (
    'phone', 'email', 'visit', 'web', 'letter', 'social', 'hotline', 'survey', 'other')),
  category text not null check (category in (
    'service_quality', 'repair_quality', 'parts', 'sales', 'vehicle_defect', 'staff', 'price',
    'waiting_time', 'other')),
  severity text not null check (severity in ('low', 'medium', 'high', 'critical')),
  subject text not null,
  description text,
  responsible_user_id uuid references users on delete set null,
  status text not null default 'open' check (status in ('open', 'investigating', 'resolved', 'closed')),
  opened_at timestamptz not null default now(),
  -- the SLA: resolved by then; set again when the complaint is reopened
  due_at timestamptz not null,
  resolution text,
  resolved_at timestamptz,
  closed_at timestamptz,
  reopen_count smallint not null default 0,
  escalated_at timestamptz,
  -- the responsible person's handling task (activities module)
  task_id uuid references tasks on delete set null,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index complaints_customer_idx on complaints (customer_id, opened_at desc);
create index complaints_dealer_idx on complaints (dealer_id, opened_at);
create index complaints_vehicle_idx on complaints (vehicle_id) where vehicle_id is not null;
-- the escalation sweep reads only the open, unescalated ones
create index complaints_overdue_idx on complaints (due_at)
  where status in ('open', 'investigating') and escalated_at is null;

create trigger complaints_touch before update on complaints
  for each row execute function autocrm_touch_updated_at();
create trigger complaints_audit after insert or update or delete on complaints
  for each row execute function autocrm_audit('customer_id');

-- What happened to a complaint, in order: each change of state and each escalation.
create table complaint_events (
  id uuid primary key default gen_random_uuid(),
  complaint_id uuid not null references complaints on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  at timestamptz not null default now(),
  user_id uuid references users on delete set null,
  kind text not null check (kind in ('opened', 'status', 'reopened', 'escalated', 'reassigned')),
  from_status text,
  to_status text,
  note text
);
create index complaint_events_complaint_idx on complaint_events (complaint_id, at);
create index complaint_events_customer_idx on complaint_events (customer_id);

create trigger complaint_events_audit after insert or update or delete on complaint_events
  for each row execute function autocrm_audit('customer_id');
