-- Club KPIs at 1.14M customers still took 2-3 s for the group and a region (bench/RESULTS.md "Club
-- KPIs from the kept rows alone"): every request scanned the 300k club_members rows, hashed them
-- against the kept rows and sorted the lot. The kept row now also carries what the report
-- selects, groups and scopes by (the member's club, customer, home dealer, status and joining
-- day, as of the refresh), so the report reads the kept rows alone; members changed since the
-- refresh (club_members.updated_at) are judged live from club_members instead.

-- rebuilt with the new columns by the next refresh; until then every member is judged live
delete from analytics_club_member_activity;
delete from analytics_aggregate_state where name = 'club';

alter table analytics_club_member_activity
  add column club_id uuid not null,
  add column customer_id uuid not null,
  add column home_dealer_id uuid not null,
  add column status text not null,
  add column joined_on date not null,
  -- the last of repurchase_days: decides the five-year test whenever it is not after the day
  -- judged on, without unnesting the array
  add column last_repurchase date,
  -- a member removed (his customer erased, his club deleted) takes his kept row with him: the
  -- kept rows never count a member who is no longer there, even before the next refresh
  add constraint analytics_club_member_activity_member_fk
    foreign key (member_id) references club_members (id) on delete cascade;

-- a dealer's or a region's members without reading the others'
create index analytics_club_member_activity_dealer_idx
  on analytics_club_member_activity (home_dealer_id);
