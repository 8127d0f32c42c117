-- The care programme (seed 002 "Basic 11", issue 4) as stored lifecycle events: each event is
-- planned once (its key makes planning idempotent) and emitted once by the daily run, which
-- catches up every event whose date passed while the server was down.

create table lifecycle_events (
  id uuid primary key default gen_random_uuid(),
  event_type text not null check (event_type in (
    'welcome_pack', 'owner_training', 'purchase_anniversary', 'birthday', 'service_due',
    'after_visit_follow_up', 'complaint_handling', 'new_model_survey', 'roadside_assistance_call',
    'hotline_call', 'magazine_subscription', 'trade_in_offer', 'warranty_expiry')),
  customer_id uuid not null references customers on delete cascade,
  vehicle_id uuid references vehicles on delete cascade,
  dealer_id uuid references dealers,
  -- the day the event falls due (a service reminder: N days before the service is due)
  due_date date not null,
  payload jsonb not null default '{}',
  -- which occurrence of the type for the customer (purchase and year, vehicle and interval ...)
  occurrence_key text not null,
  emitted_at timestamptz,
  -- why it was emitted without action (a service reminder's exclusions), else null
  skipped_reason text,
  task_id uuid references tasks on delete set null,
  created_at timestamptz not null default now(),
  unique (event_type, customer_id, occurrence_key)
);
create index lifecycle_events_pending_idx on lifecycle_events (due_date) where emitted_at is null;
create index lifecycle_events_customer_idx on lifecycle_events (customer_id, due_date desc);

-- What the daily run does with each type: the default task rules (issue 4).
create table lifecycle_task_rules (
  event_type text primary key,
  enabled boolean not null default true,
  -- who at the event's dealer gets the task; the dealer's CRM manager when nobody has the role
  assignee_role text not null check (assignee_role in (
    'call_center', 'crm_manager', 'dealer_manager', 'service_advisor', 'sales_consultant')),
  task_kind text not null default 'call',
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high')),
  title text not null,
  updated_at timestamptz not null default now()
);
insert into lifecycle_task_rules (event_type, enabled, assignee_role, task_kind, priority, title) values
  ('welcome_pack', true, 'crm_manager', 'letter', 'normal', 'Send the welcome pack: personal letter and interests questionnaire'),
  ('owner_training', true, 'crm_manager', 'call', 'normal', 'Invite to the owner training'),
  ('purchase_anniversary', true, 'crm_manager', 'call', 'normal', 'Purchase anniversary: congratulate the owner'),
  ('birthday', true, 'crm_manager', 'call', 'low', 'Birthday greeting'),
  ('service_due', true, 'call_center', 'call', 'normal', 'Service reminder: book the next service'),
  -- the visit and the complaint make their own tasks: recorded here, no second task
  ('after_visit_follow_up', false, 'service_advisor', 'follow_up', 'normal', 'After-service call'),
  ('complaint_handling', false, 'dealer_manager', 'other', 'high', 'Handle the complaint'),
  ('new_model_survey', true, 'crm_manager', 'call', 'low', 'New-model interest survey'),
  ('roadside_assistance_call', true, 'service_advisor', 'call', 'normal', 'Roadside assistance: call the owner back'),
  ('hotline_call', false, 'crm_manager', 'call', 'low', 'Information hotline call'),
  ('magazine_subscription', true, 'crm_manager', 'letter', 'low', 'Offer the brand magazine subscription'),
  ('trade_in_offer', true, 'sales_consultant', 'call', 'normal', 'Trade-in / new model offer (about 3 years after purchase)'),
  ('warranty_expiry', true, 'service_advisor', 'call', 'normal', 'Warranty expires soon: offer an inspection and extended warranty');

create trigger lifecycle_task_rules_touch before update on lifecycle_task_rules
  for each row execute function autocrm_touch_updated_at();
create trigger lifecycle_task_rules_audit after insert or update or delete on lifecycle_task_rules
  for each row execute function autocrm_audit('', 'event_type');

-- Each daily run, so that the next knows from which day to catch up.
create table lifecycle_runs (
  as_of date primary key,
  planned_from date not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  planned integer not null default 0,
  emitted integer not null default 0,
  skipped integer not null default 0
);
