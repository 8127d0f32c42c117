-- The owners club (seed 002): a club per brand (or one for the whole group), its tiers and its
-- members. Every member row carries customer_id so that the table co-locates with customers.

create table clubs (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9_-]{0,15}$'),
  name text not null,
  -- null: a group-wide club open to owners of every brand
  brand_id uuid references brands,
  currency char(3) not null,
  -- earning rules: points per 100 units (major) of the amount paid
  purchase_points_per_100 integer not null default 1 check (purchase_points_per_100 >= 0),
  service_points_per_100 integer not null default 5 check (service_points_per_100 >= 0),
  event_points integer not null default 200 check (event_points >= 0),
  referral_points integer not null default 5000 check (referral_points >= 0),
  -- earned points lapse this many months after they were earned
  points_valid_months integer not null default 24 check (points_valid_months between 1 and 120),
  -- tiers are recomputed from what a member earned (and spent) over this window
  tier_window_months integer not null default 12 check (tier_window_months between 1 and 60),
  -- purchases and visits before this day earn nothing (the club's launch)
  earn_from date not null default current_date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- one club per brand; at most one group-wide club
create unique index clubs_brand_key on clubs (brand_id) where brand_id is not null;
create unique index clubs_group_key on clubs ((true)) where brand_id is null;

-- member numbers are CODE-000001, drawn under this row's lock (kept out of clubs so that the
-- audit log does not record every draw)
create table club_number_counters (
  club_id uuid primary key references clubs on delete cascade,
  next_seq integer not null default 1
);

-- seed 002: premium / middle / ordinary, names free; rank 0 is the entry tier
create table club_tiers (
  id uuid primary key default gen_random_uuid(),
  club_id uuid not null references clubs on delete cascade,
  code text not null check (code ~ '^[a-z][a-z0-9_]{0,31}$'),
  name text not null,
  rank smallint not null check (rank between 0 and 20),
  -- qualifies with at least min_points earned over the window, or at least min_spend_minor
  -- spent (purchases and customer-paid service) over the window when that is set
  min_points integer not null default 0 check (min_points >= 0),
  min_spend_minor bigint check (min_spend_minor >= 0),
  unique (club_id, code),
  -- deferred: replacing the tiers may swap two ranks within one transaction
  unique (club_id, rank) deferrable initially deferred
);

create table club_members (
  id uuid primary key default gen_random_uuid(),
  club_id uuid not null references clubs on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  member_number text not null,
  joined_on date not null,
  home_dealer_id uuid not null references dealers,
  tier_id uuid not null references club_tiers,
  tier_since date not null,
  status text not null default 'active' check (status in ('active', 'left')),
  left_on date,
  -- segments of seed 002 as tags: model:X5, industry:finance, hobby:golf, role:entrepreneur
  tags text[] not null default '{}',
  referred_by_member_id uuid references club_members on delete set null,
  note text,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (club_id, customer_id),
  unique (club_id, member_number),
  check (status <> 'left' or left_on is not null)
);
create index club_members_customer_idx on club_members (customer_id);
create index club_members_dealer_idx on club_members (home_dealer_id, club_id, status);
create index club_members_club_idx on club_members (club_id, status, joined_on desc);
create index club_members_tags_idx on club_members using gin (tags);

create trigger clubs_touch before update on clubs
  for each row execute function autocrm_touch_updated_at();
create trigger club_members_touch before update on club_members
  for each row execute function autocrm_touch_updated_at();
create trigger clubs_audit after insert or update or delete on clubs
  for each row execute function autocrm_audit('');
create trigger club_tiers_audit after insert or update or delete on club_tiers
  for each row execute function autocrm_audit('');
create trigger club_members_audit after insert or update or delete on club_members
  for each row execute function autocrm_audit('customer_id');
