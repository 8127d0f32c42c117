-- When the last follow-up task of an attended drive was planned: the sweep that keeps
-- test-drivers followed until they buy plans the next one no sooner than a week later.
alter table test_drive_bookings add column follow_up_planned_at timestamptz;
create index test_drive_bookings_followed_idx on test_drive_bookings (attendance_at)
  where status = 'came';
