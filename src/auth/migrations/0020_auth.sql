-- Users, sessions, API tokens and the login throttle.
-- A user's data scope follows from the role and where the user is attached:
-- a dealer, a region, a brand, or nothing (the whole group). See src/auth/roles.ts.

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  email_normalized text not null unique,
  display_name text not null,
  password_hash text,
  role text not null check (role in (
    'group_admin', 'brand_manager', 'region_manager', 'dealer_manager', 'crm_manager',
    'sales_consultant', 'service_advisor', 'call_center', 'data_steward', 'analyst')),
  dealer_id uuid references dealers,
  department_id uuid references departments,
  region_id uuid references regions,
  brand_id uuid references brands,
  locale text not null default 'en' check (locale in ('en', 'ru', 'zh')),
  phone text,
  on_duty boolean not null default true,
  active boolean not null default true,
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (num_nonnulls(dealer_id, region_id, brand_id) <= 1),
  check (role <> 'group_admin' or num_nonnulls(dealer_id, region_id, brand_id) = 0),
  check (role <> 'brand_manager' or brand_id is not null),
  check (role <> 'region_manager' or region_id is not null),
  check (role not in ('dealer_manager', 'sales_consultant', 'service_advisor') or dealer_id is not null)
);
create index users_dealer_idx on users (dealer_id, role);

create table sessions (
  -- sha-256 of the cookie value; the value itself is never stored
  id text primary key,
  user_id uuid not null references users on delete cascade,
  csrf_token text not null,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expiry_idx on sessions (expires_at);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users on delete cascade,
  name text not null,
  token_prefix text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_user_idx on api_tokens (user_id);

create table login_attempts (
  id bigint generated always as identity primary key,
  email_normalized text not null,
  ip text not null,
  succeeded boolean not null,
  at timestamptz not null default now()
);
create index login_attempts_email_idx on login_attempts (email_normalized, at desc);
create index login_attempts_ip_idx on login_attempts (ip, at desc);

create trigger users_touch before update on users
  for each row execute function autocrm_touch_updated_at();
create trigger users_audit after insert or update or delete on users
  for each row execute function autocrm_audit('');
create trigger api_tokens_audit after insert or update or delete on api_tokens
  for each row execute function autocrm_audit('');
