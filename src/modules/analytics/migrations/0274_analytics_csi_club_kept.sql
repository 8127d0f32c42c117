-- Kept figures for the CSI dashboard and the club KPIs (issue 7, bench/RESULTS.md "CSI and club
-- KPIs kept"): at 1.16M customers both read millions of rows per request (CSI: the answers view
-- joined to 5.6M visits, 8-14 s; club: four correlated look-ups and a nested repurchase test per
-- member, 5-12 s). Derived data, rewritten in bulk by the aggregate refresh: not audited.

-- CSI answers per month of the call's completion (UTC) x the call's dealer x the visit's advisor
-- x score: everything the dashboard's figures group or filter by (brand and region go through
-- the dealer, as in dealerRowCondition). The dashboard sums whole months from here and reads the
-- part-months at the edges of its period, and every month noted below, live from the view.
create table analytics_csi_monthly (
  month date not null,
  dealer_id uuid not null,
  advisor_user_id uuid,
  csi_score smallint not null,
  answers integer not null
);
create index analytics_csi_monthly_idx on analytics_csi_monthly (month, dealer_id);

-- Months whose kept rows may be out of date: noted in the transaction that changes an answer, so
-- the note commits with the change. Until the refresh recounts a noted month the dashboard reads
-- it live, so its figures never lag the answers.
create table analytics_csi_months_pending (
  month date not null,
  noted_at timestamptz not null default now()
);

-- the month as the kept table counts it
create function analytics_csi_month(at timestamptz) returns date language sql immutable as $$
  select date_trunc('month', at at time zone 'UTC')::date
$$;

create function analytics_csi_note_answers() returns trigger language plpgsql as $$
begin
  -- transition tables exist only for the events that have them, hence one branch each
  if tg_op = 'INSERT' then
    insert into analytics_csi_months_pending (month)
    select distinct analytics_csi_month(completed_at) from new_rows where csi_score is not null;
  elsif tg_op = 'DELETE' then
    insert into analytics_csi_months_pending (month)
    select distinct analytics_csi_month(completed_at) from old_rows where csi_score is not null;
  else
    insert into analytics_csi_months_pending (month)
    select distinct analytics_csi_month(at)
      from new_rows n join old_rows o on o.visit_id = n.visit_id
     cross join lateral (values (n.completed_at), (o.completed_at)) as changed(at)
     where at is not null
       and (n.csi_score, n.completed_at, n.dealer_id) is distinct from
           (o.csi_score, o.completed_at, o.dealer_id);
  end if;
  return null;
end $$;

create trigger service_follow_ups_analytics_csi_insert after insert on service_follow_ups
  referencing new table as new_rows
  for each statement execute function analytics_csi_note_answers();
create trigger service_follow_ups_analytics_csi_update after update on service_follow_ups
  referencing old table as old_rows new table as new_rows
  for each statement execute function analytics_csi_note_answers();
create trigger service_follow_ups_analytics_csi_delete after delete on service_follow_ups
  referencing old table as old_rows
  for each statement execute function analytics_csi_note_answers();

-- the advisor is the visit's: a visit given to another advisor moves its answer between rows
-- (a deleted or cancelled visit takes its call with it, which the delete trigger above notes)
create function analytics_csi_note_advisors() returns trigger language plpgsql as $$
begin
  insert into analytics_csi_months_pending (month)
  select distinct analytics_csi_month(f.completed_at)
    from new_rows n join old_rows o on o.id = n.id
    join service_follow_ups f on f.visit_id = n.id
   where n.advisor_user_id is distinct from o.advisor_user_id and f.csi_score is not null;
  return null;
end $$;

create trigger service_visits_analytics_csi_update after update on service_visits
  referencing old table as old_rows new table as new_rows
  for each statement execute function analytics_csi_note_advisors();

-- the live part reads answers by completion time for every dealer at once (the group's edges)
create index service_follow_ups_completed_idx on service_follow_ups (completed_at)
  where csi_score is not null;
-- the lowest-scored list walks the answers worst first, newest first, and stops at its limit
create index service_follow_ups_lowest_csi_idx
  on service_follow_ups (csi_score, completed_at desc, visit_id) where csi_score is not null;

insert into analytics_csi_monthly (month, dealer_id, advisor_user_id, csi_score, answers)
select analytics_csi_month(completed_at), dealer_id, advisor_user_id, csi_score, count(*)::int
  from service_csi_answers
 group by 1, 2, 3, 4;
insert into analytics_aggregate_state (name, refreshed_at, watermark, rebuilt_at)
values ('csi', now(), now(), now());

-- Per club member: the last sign of life (club's lastActivity, over all time as the live test
-- reads it) and the days of his purchases of the club's brand that followed another within five
-- years (club's repurchase test without its window, which the report applies to these days).
-- Built by the first refresh (the definitions are the club module's SQL, in TypeScript); a member
-- without a row yet is judged live by the report.
create table analytics_club_member_activity (
  member_id uuid primary key,
  last_activity date not null,
  repurchase_days date[] not null
);

-- what the incremental refresh looks for: members whose signs of life changed since its watermark
create index club_points_created_idx on club_points_ledger (created_at);
create index club_members_updated_idx on club_members (updated_at);
