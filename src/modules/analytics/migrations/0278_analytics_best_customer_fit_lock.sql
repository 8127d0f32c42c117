-- A best-customer fit cannot be one transaction (minutes at a million people), so a crash or an
-- error once left its run "running" for ever, and two fits of a series could write at once. Now
-- the fitting process holds a session advisory lock, classid 7160278 and objid = `lock_key`, on
-- its own connection from before its run is visible until the run is finished; a running run
-- whose lock no session holds (pg_locks) has lost its process and is marked failed, "abandoned"
-- (best-customers/fit-runs.ts). Runs started before 0278 have no key: no process holds them.
alter table analytics_model_runs add column lock_key integer;
create sequence analytics_model_run_lock_keys as integer;

-- one running fit per series: the start checks it under a lock of the series, this is the wall
-- behind that check
create unique index analytics_model_runs_one_running_fit
  on analytics_model_runs ((params ->> 'series'))
  where model = 'best_customer_nb' and status = 'running' and lock_key is not null;
