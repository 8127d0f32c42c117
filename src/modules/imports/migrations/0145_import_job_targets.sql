-- An import job feeds one target: leads (the list imports of issue 2) or service visits from a
-- dealer management system export (issue 4). The job machinery (file, mapping, preview, run in
-- the background with a heartbeat, per-row report) is the same; only the row writer differs.
alter table import_jobs
  add column target text not null default 'leads' check (target in ('leads', 'service_visits'));
create index import_jobs_target_idx on import_jobs (target, created_at desc);

-- the visit a report row made (no foreign key, like lead_id: the report outlives the visit)
alter table import_job_rows add column visit_id uuid;
