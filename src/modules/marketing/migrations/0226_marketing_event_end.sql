-- An event's end (optional: older events have a start only and keep showing the start alone).
-- The texts say "18:00-20:00", and moving the start keeps the duration unless an end is given.
alter table marketing_campaigns add column event_ends_at timestamptz;
alter table marketing_campaigns add constraint marketing_campaigns_event_end_after_start
  check (event_ends_at is null or event_ends_at > event_starts_at);
