-- The lead figures of analytics_lead_daily summed per calendar month (issue 7, prospects at
-- group scope). At a million leads the day x consultant x channel grain is almost one row per
-- lead, and the prospects page's "open at period end" figures sum every row up to the period
-- end: 417,400 rows for the group. Per month the same keys hold about 51,500. The dashboard
-- reads whole months here and only the part-months at the period's edges from the daily table,
-- so its figures are the daily table's sums exactly. Rewritten with the daily rows it sums, in
-- the same transaction (aggregates/lead-aggregates.ts: refreshLeadMonths). Derived data: not
-- audited row by row.
create table analytics_lead_monthly (
  -- the first day of the month (UTC days, as analytics_lead_daily.day)
  month date not null check (extract(day from month) = 1),
  dealer_id uuid,
  brand_id uuid,
  consultant_id uuid,
  channel text not null,
  series text not null,
  leads integer not null,
  with_competitor integer not null,
  open_now integer not null,
  open_qualified integer not null,
  open_hot integer not null
);
create index analytics_lead_monthly_month_idx on analytics_lead_monthly (series, month);
create index analytics_lead_monthly_dealer_idx on analytics_lead_monthly (dealer_id, series, month);

-- A database upgraded with daily rows already in place gets its months now: the incremental
-- refresh rewrites only the months it touches, and the rebuild may be up to a day away.
insert into analytics_lead_monthly
  (month, dealer_id, brand_id, consultant_id, channel, series, leads, with_competitor, open_now,
   open_qualified, open_hot)
select date_trunc('month', day)::date, dealer_id, brand_id, consultant_id, channel, series,
       sum(leads), sum(with_competitor), sum(open_now), sum(open_qualified), sum(open_hot)
  from analytics_lead_daily
 group by 1, 2, 3, 4, 5, 6;
