-- The call after every service visit (seed 001 §4, seed 002 Basic 11 "after-visit follow-up"):
-- a task through the activities module, and here the satisfaction (CSI) it records.

create table service_follow_ups (
  visit_id uuid primary key references service_visits on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  dealer_id uuid not null references dealers,
  task_id uuid references tasks on delete set null,
  due_at timestamptz not null,
  -- CSI: 1 (very unhappy) to 10 (delighted), given by the owner on the call
  csi_score smallint check (csi_score between 1 and 10),
  comment text,
  completed_at timestamptz,
  completed_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  check ((completed_at is null) = (csi_score is null))
);
create index service_follow_ups_customer_idx on service_follow_ups (customer_id);
create index service_follow_ups_task_idx on service_follow_ups (task_id);
-- the CSI report reads completed calls per dealer and month
create index service_follow_ups_dealer_idx on service_follow_ups (dealer_id, completed_at)
  where completed_at is not null;

create trigger service_follow_ups_audit after insert or update or delete on service_follow_ups
  for each row execute function autocrm_audit('customer_id', 'visit_id');
