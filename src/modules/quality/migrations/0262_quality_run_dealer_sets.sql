-- A run's figures per set of dealers a customer is linked to, instead of per dealer (issue 6).
-- Per dealer, a customer of two dealers was in both rows, so a group or region total summed
-- from them counted him twice (2,138 "records" against 2,001 scored customers). Each customer
-- is now in exactly one row, that of his dealers; a user's figures are the sum of the rows
-- whose set meets the dealers he sees, which counts every customer he sees once. A customer
-- with no dealer is in the row of the empty set, which only group-wide users see.
create table quality_run_dealer_sets (
  run_id uuid not null references quality_runs on delete cascade,
  dealer_ids uuid[] not null,
  customers integer not null,
  score_sum bigint not null,
  problem_counts jsonb not null default '{}'::jsonb,
  verified integer,
  primary key (run_id, dealer_ids)
);
create index quality_run_dealer_sets_dealers_idx on quality_run_dealer_sets using gin (dealer_ids);

-- Earlier runs were kept per dealer only: each dealer's row becomes a set of that one dealer,
-- so their figures read as before (a shared customer still twice at group level for them).
insert into quality_run_dealer_sets (run_id, dealer_ids, customers, score_sum, problem_counts, verified)
select run_id, array[dealer_id], customers, score_sum, problem_counts, verified
  from quality_run_dealers;
drop table quality_run_dealers;
