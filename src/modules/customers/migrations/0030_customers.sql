-- One table family for persons and companies, prospects and owners alike: a prospect becomes
-- an owner by a change of lifecycle stage, never by copying between systems (seed 000, 11/16).

create table households (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table customers (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('person', 'company')),
  lifecycle_stage text not null default 'prospect'
    check (lifecycle_stage in ('prospect', 'customer', 'owner', 'lost')),
  -- persons
  first_name text,
  middle_name text,
  last_name text,
  gender text check (gender in ('male', 'female', 'unknown')),
  birth_date date check (birth_date > '1900-01-01'),
  education text check (education in ('secondary', 'vocational', 'bachelor', 'master', 'doctorate', 'other')),
  occupation text,
  employer text,
  income_band text check (income_band in ('low', 'lower_middle', 'middle', 'upper_middle', 'high', 'very_high')),
  marital_status text check (marital_status in ('single', 'married', 'partner', 'divorced', 'widowed')),
  children_count smallint check (children_count between 0 and 30),
  interests text[] not null default '{}',
  personal_values text[] not null default '{}',
  friends_cars text,
  household_id uuid references households on delete set null,
  household_role text check (household_role in ('head', 'spouse', 'child', 'parent', 'other')),
  -- companies
  company_name text,
  legal_form text,
  tax_id text,
  -- both
  categories text[] not null default '{}' check (categories <@ array[
    'fleet', 'leasing', 'rental', 'taxi', 'government', 'diplomatic', 'supplier', 'employee',
    'vip', 'corporate', 'insurance', 'dealer_staff']::text[]),
  preferred_language text check (preferred_language in ('en', 'ru', 'zh')),
  preferred_channel text check (preferred_channel in ('email', 'sms', 'phone', 'post', 'messenger')),
  timezone text,
  source text,
  notes text,
  -- derived by the service on every write (names in every script, for search and sorting)
  display_name text not null,
  sort_key text not null,
  search_text text not null default '',
  search_vector tsvector generated always as (to_tsvector('simple', search_text)) stored,
  created_by uuid references users,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (kind <> 'person' or coalesce(first_name, last_name) is not null),
  check (kind <> 'company' or company_name is not null)
);
create index customers_search_idx on customers using gin (search_vector);
create index customers_sort_idx on customers (sort_key, id);
create index customers_created_idx on customers (created_at desc, id);
create index customers_updated_idx on customers (updated_at desc, id);
create index customers_household_idx on customers (household_id) where household_id is not null;

-- Which dealers a customer is related to, and the consultant who works him there.
-- This table defines the data scope (src/auth/scope.ts): a dealer sees the customers linked
-- to it; a customer bought at A and serviced at B is linked to both.
create table customer_dealers (
  customer_id uuid not null references customers on delete cascade,
  dealer_id uuid not null references dealers,
  relations text[] not null default '{}' check (relations <@ array[
    'prospect', 'sales', 'owner', 'service', 'parts']::text[]),
  assigned_user_id uuid references users on delete set null,
  first_at timestamptz not null default now(),
  last_at timestamptz not null default now(),
  primary key (customer_id, dealer_id)
);
create index customer_dealers_dealer_idx on customer_dealers (dealer_id, assigned_user_id, customer_id);

create table customer_phones (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers on delete cascade,
  e164 text not null check (e164 ~ '^\+[1-9][0-9]{6,14}$'),
  raw text not null,
  kind text not null default 'mobile' check (kind in ('mobile', 'home', 'work', 'other')),
  is_primary boolean not null default false,
  created_at timestamptz not null default now(),
  unique (customer_id, e164)
);
create index customer_phones_e164_idx on customer_phones (e164);
-- suffix search: "any format" includes the last digits only (e.g. 4567 of +7 916 123-45-67)
create index customer_phones_suffix_idx on customer_phones (reverse(e164) text_pattern_ops);

create table customer_emails (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers on delete cascade,
  address text not null,
  normalized text not null,
  kind text not null default 'personal' check (kind in ('personal', 'work', 'other')),
  is_primary boolean not null default false,
  created_at timestamptz not null default now(),
  unique (customer_id, normalized)
);
create index customer_emails_normalized_idx on customer_emails (normalized text_pattern_ops);

create table customer_messengers (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers on delete cascade,
  kind text not null check (kind in ('wechat', 'telegram', 'whatsapp', 'viber', 'vk', 'line', 'other')),
  handle text not null,
  created_at timestamptz not null default now(),
  unique (customer_id, kind, handle)
);

create table customer_addresses (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers on delete cascade,
  kind text not null default 'home' check (kind in ('home', 'work', 'registered', 'billing', 'delivery')),
  country char(2) not null,
  region text,
  city text,
  postcode text,
  street text,
  building text,
  apartment text,
  is_primary boolean not null default false,
  created_at timestamptz not null default now()
);
create index customer_addresses_customer_idx on customer_addresses (customer_id);
create index customer_addresses_postcode_idx on customer_addresses (country, postcode);

-- family birthdays and the family picture of seed 001
create table customer_family_members (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers on delete cascade,
  relation text not null check (relation in ('spouse', 'child', 'parent', 'sibling', 'other')),
  name text not null,
  birth_date date,
  created_at timestamptz not null default now()
);
create index customer_family_members_customer_idx on customer_family_members (customer_id);

-- contact persons of a company customer (fleet manager, director ...)
create table company_contacts (
  company_id uuid not null references customers on delete cascade,
  person_id uuid not null references customers on delete cascade,
  role text,
  primary key (company_id, person_id),
  check (company_id <> person_id)
);
create index company_contacts_person_idx on company_contacts (person_id);

-- Consent is append-only: every grant and withdrawal is kept with how and by whom it was
-- given (seed 000 slide 8, seed 002 principle 2). The current state per channel is the latest
-- row; marketing reads only from customer_consent_current.
create table consents (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers on delete cascade,
  channel text not null check (channel in ('email', 'sms', 'phone', 'post', 'messenger')),
  status text not null check (status in ('granted', 'withdrawn')),
  purpose text not null default 'marketing' check (purpose in ('marketing', 'service', 'surveys')),
  method text not null check (method in (
    'signed_form', 'web_form', 'call_recording', 'verbal', 'email_link', 'sms_reply', 'import', 'app')),
  evidence text,
  dealer_id uuid references dealers,
  recorded_by uuid references users,
  effective_at timestamptz not null default now(),
  recorded_at timestamptz not null default now(),
  note text
);
create index consents_customer_idx on consents (customer_id, channel, purpose, effective_at desc, recorded_at desc);

create view customer_consent_current as
  select distinct on (customer_id, channel, purpose)
         customer_id, channel, purpose, status, method, evidence, effective_at, recorded_by, dealer_id
    from consents
   order by customer_id, channel, purpose, effective_at desc, recorded_at desc;

create trigger customers_touch before update on customers
  for each row execute function autocrm_touch_updated_at();
create trigger households_touch before update on households
  for each row execute function autocrm_touch_updated_at();

create trigger customers_audit after insert or update or delete on customers
  for each row execute function autocrm_audit('id');
create trigger households_audit after insert or update or delete on households
  for each row execute function autocrm_audit('');
create trigger customer_dealers_audit after insert or update or delete on customer_dealers
  for each row execute function autocrm_audit('customer_id', 'customer_id,dealer_id');
create trigger customer_phones_audit after insert or update or delete on customer_phones
  for each row execute function autocrm_audit('customer_id');
create trigger customer_emails_audit after insert or update or delete on customer_emails
  for each row execute function autocrm_audit('customer_id');
create trigger customer_messengers_audit after insert or update or delete on customer_messengers
  for each row execute function autocrm_audit('customer_id');
create trigger customer_addresses_audit after insert or update or delete on customer_addresses
  for each row execute function autocrm_audit('customer_id');
create trigger customer_family_members_audit after insert or update or delete on customer_family_members
  for each row execute function autocrm_audit('customer_id');
create trigger company_contacts_audit after insert or update or delete on company_contacts
  for each row execute function autocrm_audit('company_id', 'company_id,person_id');
create trigger consents_audit after insert or update or delete on consents
  for each row execute function autocrm_audit('customer_id');
