-- Test drives (seed 003 P5, 000 slide 10): a demo fleet per dealer, bookings with the
-- driver's licence, attendance and a short feedback form.

create table test_drive_vehicles (
  id uuid primary key default gen_random_uuid(),
  dealer_id uuid not null references dealers,
  model text not null,
  vin text not null check (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
  plate text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (dealer_id, vin)
);
create index test_drive_vehicles_dealer_idx on test_drive_vehicles (dealer_id, active, model);

-- Overlaps of one car or one consultant are refused by the service under advisory locks
-- (see bookings.service.ts): an exclusion constraint would need btree_gist, which the
-- embedded PGlite does not load.
create table test_drive_bookings (
  id uuid primary key default gen_random_uuid(),
  dealer_id uuid not null references dealers,
  customer_id uuid not null references customers on delete cascade,
  vehicle_id uuid not null references test_drive_vehicles,
  consultant_user_id uuid not null references users,
  -- the lead (opportunity) the drive belongs to; no foreign key until the leads module has one
  lead_id uuid,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  status text not null default 'booked' check (status in ('booked', 'cancelled', 'came', 'no_show')),
  licence_number text,
  licence_category text,
  licence_expires_on date,
  note text,
  cancel_reason text,
  attendance_at timestamptz,
  attendance_by uuid references users on delete set null,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at and ends_at <= starts_at + interval '12 hours'),
  check ((status in ('came', 'no_show')) = (attendance_at is not null))
);
-- conflict checks look up live bookings of one car or one consultant around a time
create index test_drive_bookings_vehicle_idx on test_drive_bookings (vehicle_id, starts_at)
  where status <> 'cancelled';
create index test_drive_bookings_consultant_idx on test_drive_bookings (consultant_user_id, starts_at)
  where status <> 'cancelled';
-- the calendar and the report read a dealer's bookings by time
create index test_drive_bookings_dealer_idx on test_drive_bookings (dealer_id, starts_at);
create index test_drive_bookings_customer_idx on test_drive_bookings (customer_id, starts_at desc);
create index test_drive_bookings_lead_idx on test_drive_bookings (lead_id) where lead_id is not null;

create table test_drive_feedback (
  booking_id uuid primary key references test_drive_bookings on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  rating smallint not null check (rating between 1 and 5),
  liked text,
  concerns text,
  intent_to_buy text not null check (intent_to_buy in ('yes', 'maybe', 'no')),
  recorded_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index test_drive_feedback_customer_idx on test_drive_feedback (customer_id);

create trigger test_drive_vehicles_touch before update on test_drive_vehicles
  for each row execute function autocrm_touch_updated_at();
create trigger test_drive_bookings_touch before update on test_drive_bookings
  for each row execute function autocrm_touch_updated_at();
create trigger test_drive_feedback_touch before update on test_drive_feedback
  for each row execute function autocrm_touch_updated_at();
create trigger test_drive_vehicles_audit after insert or update or delete on test_drive_vehicles
  for each row execute function autocrm_audit('');
create trigger test_drive_bookings_audit after insert or update or delete on test_drive_bookings
  for each row execute function autocrm_audit('customer_id');
create trigger test_drive_feedback_audit after insert or update or delete on test_drive_feedback
  for each row execute function autocrm_audit('customer_id', 'booking_id');
