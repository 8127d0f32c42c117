-- The daily run counts the events whose task the activities module refused (the event is
-- marked skipped_reason 'task_refused' and the run goes on), so the run's record shows them.
alter table lifecycle_runs add column refused integer not null default 0;
