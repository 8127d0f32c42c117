-- The change history of an event (0228) says the old and new end too (0226; null: none).
alter table marketing_event_changes add column old_ends_at timestamptz;
alter table marketing_event_changes add column new_ends_at timestamptz;
