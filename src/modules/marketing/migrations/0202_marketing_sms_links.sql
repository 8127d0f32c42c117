-- Click tracking in SMS (issue 5). A signed e-mail link is some 200 characters, more than an
-- SMS holds, so each link in an SMS becomes <PUBLIC_URL>/s/<code>: ten random base62
-- characters, and this row says whose message it was and where it goes. The redirect follows
-- only the target stored here, so a code can never be pointed anywhere else.
create table marketing_sms_links (
  code text primary key check (code ~ '^[0-9A-Za-z]{10}$'),
  customer_id uuid not null references customers on delete cascade,
  message_id uuid references outbox_messages on delete set null,
  -- a campaign's SMS (its variant, for the A/B test) or a journey run's step; the journeys
  -- module owns its tables, so the run is a plain id here, as in the signed e-mail links
  campaign_id uuid references marketing_campaigns on delete cascade,
  variant text,
  journey_run_id uuid,
  step_id text,
  target_url text not null check (target_url ~ '^https?://'),
  clicked_at timestamptz,
  click_count integer not null default 0,
  created_at timestamptz not null default now(),
  check ((campaign_id is not null and variant is not null and journey_run_id is null)
      or (campaign_id is null and journey_run_id is not null and step_id is not null))
);
create index marketing_sms_links_customer_idx on marketing_sms_links (customer_id);
create index marketing_sms_links_campaign_idx on marketing_sms_links (campaign_id)
  where campaign_id is not null;
