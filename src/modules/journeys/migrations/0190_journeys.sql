-- Journeys (issue 5, the event map of seed 004): a trigger, a small graph of steps, and the
-- place of each person in it. The graph is one JSON document (validated by the API: ids,
-- references, no cycles); the people are rows, advanced in set-based batches by the runner.

create table journeys (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  description text,
  owner_level text not null check (owner_level in ('group', 'brand', 'dealer')),
  brand_id uuid references brands,
  dealer_id uuid references dealers,
  -- the ready-made journey this one was seeded from (one seeded copy per key)
  template_key text unique,
  trigger jsonb not null,
  definition jsonb not null,
  reentry text not null default 'once' check (reentry in ('once', 'every')),
  reentry_days integer check (reentry_days between 1 and 3650),
  goal jsonb,
  default_language text not null default 'ru' check (default_language in ('en', 'ru', 'zh')),
  enabled boolean not null default false,
  enabled_at timestamptz,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((owner_level = 'dealer') = (dealer_id is not null)),
  check ((owner_level = 'brand') = (brand_id is not null)),
  check (reentry = 'once' or reentry_days is not null)
);
create index journeys_enabled_idx on journeys (id) where enabled;

-- Until when each journey's sources were read (kept apart from journeys so that the runner's
-- pass does not write an audit row every minute); the next pass reads from there minus an
-- overlap, which the entry key makes harmless.
create table journey_entry_checks (
  journey_id uuid primary key references journeys on delete cascade,
  checked_at timestamptz not null
);

-- One person's run through a journey. entry_key names what brought him in (a lifecycle event,
-- a delivery, a lead, a day he entered a segment), so reading a source twice enrols once.
create table journey_enrollments (
  id uuid primary key default gen_random_uuid(),
  journey_id uuid not null references journeys on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  entry_key text not null,
  -- the dealer the event happened at: signature, task assignee, fallback time zone
  dealer_id uuid references dealers,
  context jsonb not null default '{}',
  -- the step to run next, and when; a wait step sets waiting while its time has not come
  step_id text,
  wake_at timestamptz not null default now(),
  waiting boolean not null default false,
  status text not null default 'active'
    check (status in ('active', 'completed', 'exited', 'converted')),
  exit_reason text,
  entered_at timestamptz not null default now(),
  finished_at timestamptz,
  unique (journey_id, entry_key)
);
create index journey_enrollments_due_idx on journey_enrollments (wake_at) where status = 'active';
create index journey_enrollments_person_idx
  on journey_enrollments (journey_id, customer_id, entered_at desc);
create index journey_enrollments_customer_idx on journey_enrollments (customer_id);

-- What each step did for each person: one row per (run, step), written in the transaction of
-- the step's action, so a step re-run after a crash finds its row and does nothing twice.
create table journey_step_log (
  enrollment_id uuid not null references journey_enrollments on delete cascade,
  journey_id uuid not null references journeys on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  step_id text not null,
  outcome text not null,
  detail text,
  message_id uuid,
  task_id uuid,
  at timestamptz not null default now(),
  primary key (enrollment_id, step_id)
);
create index journey_step_log_journey_idx on journey_step_log (journey_id, step_id);
create index journey_step_log_customer_idx on journey_step_log (customer_id);

-- "Segment entered": who was in the segment at the last pass, so the next sees who came in.
create table journey_segment_members (
  journey_id uuid not null references journeys on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  primary key (journey_id, customer_id)
);
create index journey_segment_members_customer_idx on journey_segment_members (customer_id);

create trigger journeys_touch before update on journeys
  for each row execute function autocrm_touch_updated_at();
create trigger journeys_audit after insert or update or delete on journeys
  for each row execute function autocrm_audit('');
