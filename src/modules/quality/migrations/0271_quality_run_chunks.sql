-- Quality runs in chunks (issue 6). A run scored the whole base in one transaction, about a
-- minute at 1.14M customers on PostgreSQL, and on the embedded database (one connection) every
-- other request waited for it. A run now scores the customers in id order, a chunk per short
-- transaction that also adds the chunk's figures to the run's dealer sets and moves `cursor` to
-- the last id it scored: a chunk is counted wholly or not at all, so the totals stay exact, and a
-- run cut off by a crash or a shutdown goes on from its cursor. Only a `complete` run is part of
-- the trend; a run given up is `failed` with the reason.
alter table quality_runs
  add column status text not null default 'complete'
    check (status in ('running', 'complete', 'failed')),
  add column started_at timestamptz not null default now(),
  -- the last customer id scored; null before the first chunk
  add column cursor uuid,
  -- customers scored so far (progress)
  add column done integer not null default 0,
  -- set by the process working the run at each chunk; null when nobody works it (shut down)
  add column heartbeat_at timestamptz,
  add column error text;

-- runs made before this were complete and started when they were computed
update quality_runs set started_at = computed_at;

create index quality_runs_running_idx on quality_runs (started_at) where status = 'running';

-- The e-mail domains a run has judged (impossible, or a misspelt popular one): a chunk judges only
-- the domains no earlier chunk of its run met. Judged in every chunk, the typo search was a third
-- of a chunk's time at 1.14M customers. Per run, so a change of the rules in the code applies at
-- the next run; emptied when the run ends.
create table quality_run_domains (
  run_id uuid not null references quality_runs on delete cascade,
  domain text not null,
  impossible boolean,
  suggestion text,
  primary key (run_id, domain)
);
