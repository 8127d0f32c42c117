-- Contact history (every call, visit, e-mail, SMS, letter, event: seed 000 slide 13) and tasks.

create table activities (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers on delete cascade,
  dealer_id uuid references dealers,
  user_id uuid references users on delete set null,
  channel text not null check (channel in (
    'call', 'visit', 'email', 'sms', 'letter', 'event', 'messenger', 'web', 'other')),
  direction text not null check (direction in ('inbound', 'outbound', 'internal')),
  occurred_at timestamptz not null,
  subject text,
  outcome text check (outcome in (
    'reached', 'no_answer', 'busy', 'wrong_number', 'callback_requested', 'interested',
    'not_interested', 'appointment', 'purchased', 'complaint', 'info', 'other')),
  note text,
  next_contact_at timestamptz,
  next_contact_plan text,
  created_at timestamptz not null default now()
);
create index activities_customer_idx on activities (customer_id, occurred_at desc);
create index activities_user_idx on activities (user_id, occurred_at desc);
create index activities_dealer_idx on activities (dealer_id, occurred_at desc);

create table tasks (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid references customers on delete cascade,
  dealer_id uuid references dealers,
  assignee_user_id uuid references users on delete set null,
  created_by uuid references users on delete set null,
  kind text not null default 'call' check (kind in (
    'call', 'visit', 'email', 'sms', 'letter', 'meeting', 'follow_up', 'test_drive', 'other')),
  title text not null,
  description text,
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high')),
  due_at timestamptz not null,
  status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
  result text,
  completed_at timestamptz,
  completed_by uuid references users on delete set null,
  activity_id uuid references activities on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (status = 'open' or completed_at is not null)
);
create index tasks_assignee_idx on tasks (assignee_user_id, status, due_at);
create index tasks_customer_idx on tasks (customer_id, status, due_at);
create index tasks_dealer_idx on tasks (dealer_id, status, due_at);

create trigger tasks_touch before update on tasks
  for each row execute function autocrm_touch_updated_at();
create trigger activities_audit after insert or update or delete on activities
  for each row execute function autocrm_audit('customer_id');
create trigger tasks_audit after insert or update or delete on tasks
  for each row execute function autocrm_audit('customer_id');
