-- Member events (seed 002: motor sport, golf, self-drive tours, forums, charity; at least one
-- or two theme events a year) with registration, capacity and attendance that earns points;
-- partner merchants offering perks to members from a tier up.

create table club_events (
  id uuid primary key default gen_random_uuid(),
  club_id uuid not null references clubs on delete cascade,
  -- the organising dealer; null: a club-wide event of the brand or group
  dealer_id uuid references dealers,
  title text not null,
  kind text not null default 'other' check (kind in (
    'motorsport', 'golf', 'self_drive_tour', 'forum', 'charity', 'family', 'training', 'other')),
  venue text not null,
  starts_at timestamptz not null,
  ends_at timestamptz,
  capacity integer not null check (capacity between 1 and 100000),
  -- null: the club's event_points
  points integer check (points >= 0),
  status text not null default 'planned' check (status in ('planned', 'cancelled')),
  description text,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at is null or ends_at >= starts_at)
);
create index club_events_club_idx on club_events (club_id, starts_at desc);
create index club_events_dealer_idx on club_events (dealer_id, starts_at desc);

create table club_event_registrations (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references club_events on delete cascade,
  member_id uuid not null references club_members on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  registered_at timestamptz not null default now(),
  status text not null default 'registered' check (status in ('registered', 'cancelled')),
  attended boolean not null default false,
  attended_at timestamptz,
  created_by uuid references users on delete set null,
  unique (event_id, member_id),
  check (not attended or (attended_at is not null and status = 'registered'))
);
create index club_event_registrations_member_idx on club_event_registrations (member_id);
create index club_event_registrations_customer_idx on club_event_registrations (customer_id);

create table club_partners (
  id uuid primary key default gen_random_uuid(),
  club_id uuid not null references clubs on delete cascade,
  -- a dealer's local partner; null: a partner of the whole club
  dealer_id uuid references dealers,
  name text not null,
  category text not null check (category in (
    'golf', 'hotel', 'restaurant', 'fitness', 'travel', 'insurance', 'finance', 'retail',
    'car_care', 'other')),
  city text,
  phone text,
  website text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index club_partners_club_idx on club_partners (club_id, active);

create table club_partner_perks (
  id uuid primary key default gen_random_uuid(),
  partner_id uuid not null references club_partners on delete cascade,
  -- members of this tier and above enjoy the perk
  min_tier_id uuid not null references club_tiers,
  title text not null,
  description text,
  valid_until date,
  created_at timestamptz not null default now()
);
create index club_partner_perks_partner_idx on club_partner_perks (partner_id);

create trigger club_events_touch before update on club_events
  for each row execute function autocrm_touch_updated_at();
create trigger club_partners_touch before update on club_partners
  for each row execute function autocrm_touch_updated_at();
create trigger club_events_audit after insert or update or delete on club_events
  for each row execute function autocrm_audit('');
create trigger club_event_registrations_audit after insert or update or delete on club_event_registrations
  for each row execute function autocrm_audit('customer_id');
create trigger club_partners_audit after insert or update or delete on club_partners
  for each row execute function autocrm_audit('');
create trigger club_partner_perks_audit after insert or update or delete on club_partner_perks
  for each row execute function autocrm_audit('');
