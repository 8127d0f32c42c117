-- The dealer organisation: group -> brands -> regions -> dealers -> departments.
-- Regions are geographical and belong to the group; a dealer sits in one region and sells
-- one or more brands. Users (auth module) hang off this tree.

create table org_group (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  default_country char(2) not null default 'RU',
  default_currency char(3) not null default 'RUB',
  default_timezone text not null default 'Europe/Moscow',
  created_at timestamptz not null default now()
);

create table brands (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9_-]{0,15}$'),
  name text not null,
  created_at timestamptz not null default now()
);

create table regions (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9_-]{0,15}$'),
  name text not null,
  country char(2) not null,
  created_at timestamptz not null default now()
);

create table dealers (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9_-]{0,15}$'),
  name text not null,
  kind text not null default 'dealer' check (kind in ('dealer', 'parts_retailer', 'service_partner')),
  region_id uuid not null references regions,
  country char(2) not null,
  city text,
  postcode text,
  address text,
  phone text,
  email text,
  timezone text not null,
  currency char(3) not null,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index dealers_region_idx on dealers (region_id);

create table dealer_brands (
  dealer_id uuid not null references dealers on delete cascade,
  brand_id uuid not null references brands,
  primary key (dealer_id, brand_id)
);
create index dealer_brands_brand_idx on dealer_brands (brand_id, dealer_id);

create table departments (
  id uuid primary key default gen_random_uuid(),
  dealer_id uuid not null references dealers on delete cascade,
  kind text not null check (kind in ('sales', 'service', 'parts', 'crm')),
  name text not null,
  unique (dealer_id, kind)
);

create trigger dealers_touch before update on dealers
  for each row execute function autocrm_touch_updated_at();
create trigger org_group_audit after insert or update or delete on org_group
  for each row execute function autocrm_audit('');
create trigger brands_audit after insert or update or delete on brands
  for each row execute function autocrm_audit('');
create trigger regions_audit after insert or update or delete on regions
  for each row execute function autocrm_audit('');
create trigger dealers_audit after insert or update or delete on dealers
  for each row execute function autocrm_audit('');
create trigger dealer_brands_audit after insert or update or delete on dealer_brands
  for each row execute function autocrm_audit('', 'dealer_id,brand_id');
create trigger departments_audit after insert or update or delete on departments
  for each row execute function autocrm_audit('');
