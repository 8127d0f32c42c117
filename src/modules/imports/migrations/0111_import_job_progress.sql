-- Runs go on in the background with visible progress; a run whose process died (no heartbeat
-- for a while) may be resumed: captures are idempotent per job line, so nothing doubles.
alter table import_jobs
  add column processed_rows integer not null default 0,
  add column heartbeat_at timestamptz;
