-- The ROI report's credited conversions, kept (issue 7: the group's report took 44 s at 1.14M
-- customers when the last-touch rule ran over the audience's visits on every call; see
-- bench/RESULTS.md "Campaign ROI"). One row per conversion the rule credits to a campaign, of
-- every campaign and every customer, written by roi-credits.ts with the same rule
-- (attribution.ts). The credit of a conversion does not depend on who reads the report, but
-- what he may count does: per customer (customer_dealers, a consultant's own customers), per
-- the row's dealer and per the row's brand. So the row is the conversion, not a day's sum:
-- the report sums the rows it may see of the selected campaigns (a few per cent of all
-- conversions: 108,785 of 6.3M at the bench). Derived data, rewritten in bulk: not audited.
create table marketing_roi_credits (
  kind text not null check (kind in ('lead', 'test_drive', 'sale', 'service')),
  -- the lead, test drive booking, vehicle purchase or service visit
  conversion_id uuid not null,
  campaign_id uuid not null references marketing_campaigns on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  -- where it happened (the dealer scope and filters) and its brand (null: unknown)
  dealer_id uuid,
  brand_id uuid,
  -- its day (UTC) and instant, as the rule dates it
  day date not null,
  at timestamptz not null,
  -- revenue of a sale or visit in its own currency; 0 and null for leads and test drives
  amount_minor bigint not null default 0,
  currency text,
  -- the lead it came from (a lead itself, a test drive's booked lead, a car's order's lead) and
  -- a lead's own source: the source grouping's keys
  lead_id uuid,
  source_key text,
  primary key (kind, conversion_id)
);
create index marketing_roi_credits_campaign_idx on marketing_roi_credits (campaign_id, kind);
create index marketing_roi_credits_customer_idx on marketing_roi_credits (customer_id);

-- One row: when the credits were last brought up to date (the report's "as of"), the change
-- watermark of the incremental refresh and when they were last rebuilt in full.
create table marketing_roi_state (
  name text primary key,
  refreshed_at timestamptz not null,
  watermark timestamptz not null,
  rebuilt_at timestamptz not null
);
