-- Tier upgrades and downgrades, as the cycle recomputes them from the window's points and
-- spend; and referrals: a member brings a person, and earns when that person buys.

create table club_tier_changes (
  id uuid primary key default gen_random_uuid(),
  member_id uuid not null references club_members on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  club_id uuid not null references clubs on delete cascade,
  from_tier_id uuid references club_tiers on delete set null,
  to_tier_id uuid references club_tiers on delete set null,
  direction text not null check (direction in ('up', 'down')),
  changed_on date not null,
  points_in_window integer not null,
  spend_in_window_minor bigint not null,
  created_at timestamptz not null default now()
);
create index club_tier_changes_member_idx on club_tier_changes (member_id, changed_on desc);
create index club_tier_changes_club_idx on club_tier_changes (club_id, changed_on desc);

create table club_referrals (
  id uuid primary key default gen_random_uuid(),
  club_id uuid not null references clubs on delete cascade,
  referrer_member_id uuid not null references club_members on delete cascade,
  -- the referrer's customer id, so that the table co-locates with customers
  customer_id uuid not null references customers on delete cascade,
  referred_customer_id uuid not null references customers on delete cascade,
  referred_on date not null,
  status text not null default 'open' check (status in ('open', 'rewarded')),
  purchase_id uuid references vehicle_purchases on delete set null,
  rewarded_on date,
  note text,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  -- a person is brought to a club once (the first referrer earns)
  unique (club_id, referred_customer_id),
  check (customer_id <> referred_customer_id),
  check (status <> 'rewarded' or rewarded_on is not null)
);
create index club_referrals_referrer_idx on club_referrals (referrer_member_id, referred_on desc);
create index club_referrals_open_idx on club_referrals (referred_customer_id) where status = 'open';

create trigger club_tier_changes_audit after insert or update or delete on club_tier_changes
  for each row execute function autocrm_audit('customer_id');
create trigger club_referrals_audit after insert or update or delete on club_referrals
  for each row execute function autocrm_audit('customer_id');
