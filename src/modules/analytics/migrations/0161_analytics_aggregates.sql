-- Pre-aggregated dashboard figures (issue 7, second pass). At a million customers the dashboards
-- cannot walk leads, visits and purchases on every request; a periodic job folds them into
-- these per-day tables and the dashboards sum the days of the period. Every row carries the
-- dealer it belongs to, so the data scope (a dealer sees only his dealer's rows) still applies.
-- Derived data, rewritten in bulk: not audited row by row.

-- Leads by the day they were created x dealer x brand x consultant x channel x model series.
-- series = '' is the row counting every lead once; a named series counts each lead naming it
-- once (a lead naming two series is in both), so a series filter reads only its own rows.
-- open_*, hot and the furthest stage are read as of the refresh.
create table analytics_lead_daily (
  day date not null,
  dealer_id uuid,
  brand_id uuid,
  consultant_id uuid,
  channel text not null,
  series text not null,
  leads integer not null,
  open_now integer not null,
  open_qualified integer not null,
  open_hot integer not null,
  with_competitor integer not null,
  lost integer not null,
  test_driven integer not null,
  -- reached_k: leads that reached funnel stage k (1 new ... 7 delivered) or went further
  reached_2 integer not null,
  reached_3 integer not null,
  reached_4 integer not null,
  reached_5 integer not null,
  reached_6 integer not null,
  reached_7 integer not null
);
create index analytics_lead_daily_day_idx on analytics_lead_daily (series, day);
create index analytics_lead_daily_dealer_idx on analytics_lead_daily (dealer_id, series, day);

-- New leads naming a competitor's model, same keys plus the competitor model.
create table analytics_lead_competitor_daily (
  day date not null,
  dealer_id uuid,
  brand_id uuid,
  consultant_id uuid,
  channel text not null,
  series text not null,
  competitor text not null,
  leads integer not null
);
create index analytics_lead_competitor_daily_idx on analytics_lead_competitor_daily (series, day);

-- Cars sold, by purchase day x selling dealer x consultant x year k since purchase, for the
-- years that had ended at the refresh: how many, and how many came to service in that year.
create table analytics_retention_daily (
  purchase_day date not null,
  dealer_id uuid,
  consultant_id uuid,
  year_since integer not null,
  cars integer not null,
  retained integer not null
);
create index analytics_retention_daily_idx on analytics_retention_daily (dealer_id, purchase_day);

-- Owners: a customer counts once per dealer, on the day of his first purchase there.
create table analytics_owner_daily (
  day date not null,
  dealer_id uuid,
  consultant_id uuid,
  owners integer not null
);
create index analytics_owner_daily_idx on analytics_owner_daily (dealer_id, day);

-- Service visits of cars sold by group dealers: visit day x visiting dealer x selling dealer
-- x selling consultant.
create table analytics_service_daily (
  day date not null,
  visit_dealer_id uuid not null,
  sold_dealer_id uuid,
  sold_consultant_id uuid,
  visits integer not null
);
create index analytics_service_daily_idx on analytics_service_daily (day);

-- System usage per user and day: successful sign-ins, the last of the day, contacts logged.
create table analytics_usage_daily (
  day date not null,
  user_id uuid not null,
  logins integer not null,
  last_login_at timestamptz,
  activities integer not null,
  primary key (user_id, day)
);

-- One row per aggregate family: when it was last refreshed (the dashboards' "as of"), the
-- change watermark of the incremental refresh, and when it was last rebuilt in full.
create table analytics_aggregate_state (
  name text primary key,
  refreshed_at timestamptz not null,
  watermark timestamptz not null,
  rebuilt_at timestamptz not null
);

-- What the incremental refresh looks for: rows changed since the watermark.
create index leads_updated_idx on leads (updated_at);
create index lead_stage_history_changed_idx on lead_stage_history (changed_at);
create index test_drive_bookings_updated_idx on test_drive_bookings (updated_at);
create index service_visits_updated_idx on service_visits (updated_at);
create index vehicle_purchases_created_idx on vehicle_purchases (created_at);
create index login_attempts_at_idx on login_attempts (at);
create index activities_created_idx on activities (created_at);
