-- The single customer view (issue 6, MISSION 5): the whole-base duplicate run, the review queue
-- of candidate pairs, merges that can be undone, and the loser of a merge kept as a tombstone.

-- A merged-away customer stays as a tombstone pointing to the survivor: old links answer with
-- the survivor, and the merge can be undone. Lists and searches leave tombstones out.
alter table customers add column merged_into uuid references customers;
create index customers_merged_into_idx on customers (merged_into) where merged_into is not null;

-- The group's de-duplication settings (one row): the review band and the automatic merge.
create table quality_settings (
  id boolean primary key default true check (id),
  review_lower real not null default 0.5 check (review_lower > 0 and review_lower < 1),
  review_upper real not null default 0.98 check (review_upper > 0 and review_upper <= 1),
  auto_merge boolean not null default false,
  updated_by uuid references users on delete set null,
  updated_at timestamptz not null default now(),
  check (review_lower < review_upper)
);
insert into quality_settings (id) values (true);
create trigger quality_settings_audit after insert or update or delete on quality_settings
  for each row execute function autocrm_audit('', 'id');

-- A background duplicate search over the customers of its starter's scope, with its progress.
create table duplicate_runs (
  id uuid primary key default gen_random_uuid(),
  started_by uuid references users on delete set null,
  -- the starter's dealers (null: the whole group); pairs are refreshed only inside them
  dealer_ids uuid[],
  status text not null default 'running' check (status in ('running', 'done', 'failed')),
  stage text not null default 'read',
  done integer not null default 0,
  total integer not null default 0,
  customers integer not null default 0,
  pairs integer not null default 0,
  auto_merged integer not null default 0,
  error text,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create index duplicate_runs_time_idx on duplicate_runs (started_at desc);
create trigger duplicate_runs_audit after insert or delete on duplicate_runs
  for each row execute function autocrm_audit('');

-- Candidate pairs, one row per pair of customers (a < b) whatever the number of runs: a re-run
-- updates the scores; a steward's "not a duplicate" stays and the pair is not proposed again.
create table duplicate_pairs (
  customer_a uuid not null references customers on delete cascade,
  customer_b uuid not null references customers on delete cascade,
  run_id uuid references duplicate_runs on delete set null,
  weight real not null,
  probability real not null,
  household boolean not null default false,
  -- each field's comparison level and the bits it added
  explanation jsonb not null default '[]'::jsonb,
  status text not null default 'open' check (status in ('open', 'skipped', 'not_duplicate', 'merged')),
  decided_by uuid references users on delete set null,
  decided_at timestamptz,
  found_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (customer_a, customer_b),
  check (customer_a < customer_b)
);
create index duplicate_pairs_queue_idx on duplicate_pairs (status, probability desc);
create index duplicate_pairs_b_idx on duplicate_pairs (customer_b);
-- decisions are audited; score refreshes by runs are derived data and are not
create trigger duplicate_pairs_audit after update of status on duplicate_pairs
  for each row execute function autocrm_audit('', 'customer_a,customer_b');

-- A merge: who, when, the survivor's fields before, and every row each module moved, so that
-- undo puts everything back.
create table customer_merges (
  id uuid primary key default gen_random_uuid(),
  survivor_id uuid not null references customers on delete cascade,
  loser_id uuid not null references customers on delete cascade,
  probability real,
  automatic boolean not null default false,
  survivor_before jsonb not null,
  loser_before jsonb not null,
  moved jsonb not null default '{}'::jsonb,
  merged_by uuid references users on delete set null,
  merged_at timestamptz not null default now(),
  undone_by uuid references users on delete set null,
  undone_at timestamptz,
  check (survivor_id <> loser_id)
);
create index customer_merges_survivor_idx on customer_merges (survivor_id, merged_at desc);
create index customer_merges_loser_idx on customer_merges (loser_id, merged_at desc);
create trigger customer_merges_audit after insert or update or delete on customer_merges
  for each row execute function autocrm_audit('survivor_id');
