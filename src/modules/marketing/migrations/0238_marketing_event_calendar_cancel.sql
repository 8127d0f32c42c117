-- Issue 5: a guest's calendar entry is removed by a METHOD:CANCEL file with a higher SEQUENCE
-- than the last file he got, and a calendar ignores a later file with a lower one. So the
-- SEQUENCE of a guest's files is the event's change counter (0228) plus his own steps: one
-- when he cancels (the CANCEL file) and one when he registers again after that (the next file
-- must pass the CANCEL). Cancelling one guest must not move the event's counter: it is in
-- everybody's reminder keys.
alter table marketing_event_registrations
  add column calendar_steps integer not null default 0 check (calendar_steps >= 0);
