-- Vehicles, the models catalogue, ownership history and purchases. Every big table carries
-- customer_id so that it can be co-located with customers on a distributed PostgreSQL.

create table catalog_makes (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  country char(2),
  brand_id uuid references brands,
  created_at timestamptz not null default now()
);

create table catalog_models (
  id uuid primary key default gen_random_uuid(),
  make_id uuid not null references catalog_makes,
  name text not null,
  series text,
  body_types text[] not null default '{}',
  segment text,
  from_year smallint,
  to_year smallint,
  created_at timestamptz not null default now(),
  unique (make_id, name)
);

create table catalog_trims (
  id uuid primary key default gen_random_uuid(),
  model_id uuid not null references catalog_models on delete cascade,
  name text not null,
  body text,
  engine text,
  fuel text check (fuel in ('petrol', 'diesel', 'hybrid', 'plugin_hybrid', 'electric', 'gas')),
  power_kw smallint,
  transmission text check (transmission in ('manual', 'automatic', 'robot', 'cvt', 'single_speed')),
  drive text check (drive in ('fwd', 'rwd', 'awd')),
  base_price_minor bigint,
  currency char(3),
  unique (model_id, name)
);

create table catalog_colours (
  id uuid primary key default gen_random_uuid(),
  make_id uuid not null references catalog_makes on delete cascade,
  code text not null,
  name text not null,
  unique (make_id, code)
);

create table vehicles (
  id uuid primary key default gen_random_uuid(),
  vin text unique check (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
  -- the current owner (or main user); history is in vehicle_ownerships
  customer_id uuid references customers on delete set null,
  make_id uuid references catalog_makes,
  model_id uuid references catalog_models,
  trim_id uuid references catalog_trims,
  make_name text not null,
  model_name text,
  series text,
  body text,
  engine text,
  trim_name text,
  colour text,
  model_year smallint check (model_year between 1950 and 2100),
  wmi_maker text,
  wmi_country text,
  plate text,
  first_registration date,
  odometer_km integer check (odometer_km >= 0),
  odometer_read_at date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index vehicles_customer_idx on vehicles (customer_id);
create index vehicles_vin_prefix_idx on vehicles (vin text_pattern_ops);
-- dealers often search by the last 6-8 characters of the VIN
create index vehicles_vin_suffix_idx on vehicles (reverse(vin) text_pattern_ops);
create index vehicles_plate_idx on vehicles (upper(plate)) where plate is not null;
create index vehicles_model_idx on vehicles (model_id);

create table vehicle_ownerships (
  id uuid primary key default gen_random_uuid(),
  vehicle_id uuid not null references vehicles on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  role text not null default 'owner' check (role in ('owner', 'driver', 'lessee')),
  from_date date not null,
  to_date date,
  created_at timestamptz not null default now(),
  check (to_date is null or to_date >= from_date)
);
create index vehicle_ownerships_vehicle_idx on vehicle_ownerships (vehicle_id, from_date desc);
create index vehicle_ownerships_customer_idx on vehicle_ownerships (customer_id);

create table vehicle_purchases (
  id uuid primary key default gen_random_uuid(),
  vehicle_id uuid not null references vehicles on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  dealer_id uuid references dealers,
  consultant_user_id uuid references users on delete set null,
  purchase_date date not null,
  condition text not null default 'new' check (condition in ('new', 'used')),
  -- money as integer minor units with its currency
  price_minor bigint check (price_minor >= 0),
  discount_minor bigint not null default 0 check (discount_minor >= 0),
  currency char(3) not null,
  odometer_km integer check (odometer_km >= 0),
  created_at timestamptz not null default now()
);
create index vehicle_purchases_customer_idx on vehicle_purchases (customer_id, purchase_date desc);
create index vehicle_purchases_vehicle_idx on vehicle_purchases (vehicle_id);
create index vehicle_purchases_dealer_idx on vehicle_purchases (dealer_id, purchase_date);

create trigger vehicles_touch before update on vehicles
  for each row execute function autocrm_touch_updated_at();
create trigger catalog_makes_audit after insert or update or delete on catalog_makes
  for each row execute function autocrm_audit('');
create trigger catalog_models_audit after insert or update or delete on catalog_models
  for each row execute function autocrm_audit('');
create trigger catalog_trims_audit after insert or update or delete on catalog_trims
  for each row execute function autocrm_audit('');
create trigger catalog_colours_audit after insert or update or delete on catalog_colours
  for each row execute function autocrm_audit('');
create trigger vehicles_audit after insert or update or delete on vehicles
  for each row execute function autocrm_audit('customer_id');
create trigger vehicle_ownerships_audit after insert or update or delete on vehicle_ownerships
  for each row execute function autocrm_audit('customer_id');
create trigger vehicle_purchases_audit after insert or update or delete on vehicle_purchases
  for each row execute function autocrm_audit('customer_id');
