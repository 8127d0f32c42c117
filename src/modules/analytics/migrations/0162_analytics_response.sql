-- Speed of first response vs conversion (seed 004: the faster a request is answered, the more
-- of them turn into orders), pre-aggregated with the other lead figures: leads by creation day
-- x dealer x brand x consultant x channel x series (as analytics_lead_daily) x response bucket.
-- response_bucket: 0 within 15 minutes, 1 within an hour, 2 within 4 hours, 3 within a day,
-- 4 within 3 days, 5 later, 6 not answered yet.
create table analytics_lead_response_daily (
  day date not null,
  dealer_id uuid,
  brand_id uuid,
  consultant_id uuid,
  channel text not null,
  series text not null,
  response_bucket smallint not null check (response_bucket between 0 and 6),
  leads integer not null,
  -- answered leads and the sum of their response times, for the mean
  responded integer not null,
  response_minutes bigint not null,
  test_driven integer not null,
  sold integer not null
);
create index analytics_lead_response_daily_idx on analytics_lead_response_daily (series, day);
