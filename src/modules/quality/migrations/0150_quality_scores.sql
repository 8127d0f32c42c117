-- Data quality per customer record (issue 6, MISSION 5): the latest score with its four parts
-- and the problems found, recomputed set-based by a quality run. Derived data: not audited row
-- by row; the run that wrote it is (quality_runs).
create table customer_quality (
  customer_id uuid primary key references customers on delete cascade,
  score smallint not null check (score between 0 and 100),
  completeness smallint not null check (completeness between 0 and 100),
  validity smallint not null check (validity between 0 and 100),
  consistency smallint not null check (consistency between 0 and 100),
  freshness smallint not null check (freshness between 0 and 100),
  problems text[] not null default '{}',
  computed_at timestamptz not null default now()
);
create index customer_quality_score_idx on customer_quality (score, customer_id);
create index customer_quality_problems_idx on customer_quality using gin (problems);

-- One row per run, and its figures per dealer: the trend over time and the before/after of a
-- cleaning are read from these, for exactly the dealers a user may see.
create table quality_runs (
  id uuid primary key default gen_random_uuid(),
  started_by uuid references users on delete set null,
  customers integer not null,
  average_score numeric(5, 2) not null,
  computed_at timestamptz not null default now()
);
create index quality_runs_time_idx on quality_runs (computed_at desc);

create table quality_run_dealers (
  run_id uuid not null references quality_runs on delete cascade,
  dealer_id uuid not null references dealers on delete cascade,
  customers integer not null,
  score_sum bigint not null,
  problem_counts jsonb not null default '{}'::jsonb,
  primary key (run_id, dealer_id)
);
create index quality_run_dealers_dealer_idx on quality_run_dealers (dealer_id, run_id);

create trigger quality_runs_audit after insert or update or delete on quality_runs
  for each row execute function autocrm_audit('');
