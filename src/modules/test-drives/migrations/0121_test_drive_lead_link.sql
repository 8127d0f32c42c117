-- The leads module now exists: a booking's lead must be a real one.
alter table test_drive_bookings
  add constraint test_drive_bookings_lead_fk foreign key (lead_id) references leads on delete set null;
