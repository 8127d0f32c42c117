-- Marketing: saved segments, static contact lists, contact rules, do-not-contact records,
-- e-mail campaigns with variants (A/B tests), their recipients and tracking.

create table marketing_segments (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  description text,
  -- the condition tree (segment.schemas.ts); validated by the API before it is stored
  definition jsonb not null,
  -- a dealer's own segment; null = made by a group, brand or region user
  dealer_id uuid references dealers,
  last_count integer,
  last_counted_at timestamptz,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index marketing_segments_dealer_idx on marketing_segments (dealer_id);

create table marketing_lists (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  source text not null check (source in ('frozen_segment', 'csv')),
  segment_id uuid references marketing_segments on delete set null,
  dealer_id uuid references dealers,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now()
);

create table marketing_list_members (
  list_id uuid not null references marketing_lists on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  added_at timestamptz not null default now(),
  primary key (list_id, customer_id)
);
create index marketing_list_members_customer_idx on marketing_list_members (customer_id);

-- Frequency caps and quiet hours per channel (one row per channel, group-wide).
create table marketing_contact_rules (
  channel text primary key check (channel in ('email', 'sms')),
  max_messages integer not null check (max_messages > 0),
  period_days integer not null check (period_days between 1 and 365),
  -- local hours of the person (0-23); start = end means no quiet hours
  quiet_start smallint not null default 21 check (quiet_start between 0 and 23),
  quiet_end smallint not null default 9 check (quiet_end between 0 and 23),
  updated_at timestamptz not null default now()
);
insert into marketing_contact_rules (channel, max_messages, period_days, quiet_start, quiet_end)
values ('email', 3, 7, 0, 0), ('sms', 2, 7, 21, 9);

-- Do-not-contact: a person (on one channel, or on all when channel is null) must not get
-- marketing, whatever his consents say, until the record is lifted.
create table marketing_suppressions (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers on delete cascade,
  channel text check (channel in ('email', 'sms', 'phone', 'post', 'messenger')),
  reason text not null check (reason in ('unsubscribed', 'bounced', 'manual')),
  note text,
  campaign_id uuid,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  lifted_at timestamptz,
  lifted_by uuid references users on delete set null
);
create index marketing_suppressions_active_idx on marketing_suppressions (customer_id)
  where lifted_at is null;

create table marketing_campaigns (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  goal text,
  owner_level text not null check (owner_level in ('group', 'brand', 'dealer')),
  brand_id uuid references brands,
  dealer_id uuid references dealers,
  channel text not null default 'email' check (channel in ('email')),
  segment_id uuid references marketing_segments,
  list_id uuid references marketing_lists,
  budget_minor bigint check (budget_minor >= 0),
  cost_minor bigint check (cost_minor >= 0),
  currency text not null,
  default_language text not null default 'ru' check (default_language in ('en', 'ru', 'zh')),
  scheduled_at timestamptz,
  ab_test_share smallint not null default 20 check (ab_test_share between 1 and 90),
  ab_metric text not null default 'open_rate' check (ab_metric in ('open_rate', 'click_rate')),
  ab_wait_hours integer not null default 4 check (ab_wait_hours between 0 and 720),
  status text not null default 'draft'
    check (status in ('draft', 'scheduled', 'testing', 'sending', 'sent', 'cancelled')),
  test_sent_at timestamptz,
  winner_variant text,
  winner_note text,
  sent_at timestamptz,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (owner_level <> 'dealer' or dealer_id is not null),
  check (owner_level <> 'brand' or brand_id is not null),
  check ((segment_id is null) <> (list_id is null))
);
create index marketing_campaigns_dealer_idx on marketing_campaigns (dealer_id);
create index marketing_campaigns_due_idx on marketing_campaigns (status, scheduled_at)
  where status in ('scheduled', 'testing');

-- A variant: subject and MJML body per language; one variant = no A/B test.
create table marketing_campaign_variants (
  campaign_id uuid not null references marketing_campaigns on delete cascade,
  key text not null check (key ~ '^[A-Z]$'),
  -- { "ru": { "subject": "...", "mjml": "..." }, "en": {...} }
  contents jsonb not null,
  primary key (campaign_id, key)
);

-- One row per person a campaign reached (or tried to): the variant, the outbox message and
-- what the person did with it. The key (campaign, customer) is what makes a re-run no-op.
create table marketing_campaign_recipients (
  campaign_id uuid not null references marketing_campaigns on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  variant text not null,
  phase text not null check (phase in ('test', 'rest', 'all')),
  message_id uuid references outbox_messages on delete set null,
  status text not null check (status in ('queued', 'blocked')),
  blocked_reason text,
  opened_at timestamptz,
  open_count integer not null default 0,
  clicked_at timestamptz,
  click_count integer not null default 0,
  unsubscribed_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (campaign_id, customer_id)
);
create index marketing_campaign_recipients_customer_idx
  on marketing_campaign_recipients (customer_id);

-- Secrets for signed links when MARKETING_LINK_SECRET is not set (made once per database).
create table marketing_settings (
  key text primary key,
  value text not null
);

create trigger marketing_segments_touch before update on marketing_segments
  for each row execute function autocrm_touch_updated_at();
create trigger marketing_campaigns_touch before update on marketing_campaigns
  for each row execute function autocrm_touch_updated_at();
create trigger marketing_suppressions_audit after insert or update or delete on marketing_suppressions
  for each row execute function autocrm_audit('customer_id');
create trigger marketing_campaigns_audit after insert or update or delete on marketing_campaigns
  for each row execute function autocrm_audit();
create trigger marketing_segments_audit after insert or update or delete on marketing_segments
  for each row execute function autocrm_audit();
