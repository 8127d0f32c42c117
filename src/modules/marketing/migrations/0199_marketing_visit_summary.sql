-- Service-visit conditions of segments ("a visit in the last 2 years", "none in 6 months",
-- "average receipt over X in 2 years", "3 visits or more") without reading the visits.
--
-- bench/segment-count.ts showed the count of seed 004's dormant segment spending its time in
-- reading the 2-year window of service_visits (3 M of 5 M rows at 1 M customers) and hashing it
-- by customer. This table holds one row per customer with visits: every visit date, sorted, and
-- the running total of the receipts in the same order. A date window [A, B] then falls on two
-- positions found by binary search (width_bucket over the sorted dates), and the count, sum,
-- average and last date inside the window are read off the two arrays in O(log n), exactly, for
-- any window the user picks. Conditions that filter visits by dealer, type or payer still read
-- service_visits.
create table marketing_visit_summary (
  customer_id uuid primary key references customers on delete cascade,
  -- ascending, ties in id order (the order of running_totals)
  visit_dates date[] not null,
  -- running_totals[k + 1] = receipts of the first k visits, so running_totals[1] = 0
  running_totals bigint[] not null,
  -- the last date is visit_dates[visit_count]: not kept twice
  visit_count integer not null
);

-- the summary rows as computed from the visits: the table's definition. A filter on customer_id
-- reaches the visits' index below the grouping and the window (both are by customer), so the
-- sync below reads only the given customers' visits.
create view marketing_visit_summary_source as
select customer_id,
       array_agg(visit_date order by visit_date, id) as visit_dates,
       array[0::bigint] || array_agg(running order by visit_date, id) as running_totals,
       count(*)::integer as visit_count
  from (select customer_id, id, visit_date,
               sum(total_minor) over (partition by customer_id order by visit_date, id
                                      rows between unbounded preceding and current row) as running
          from service_visits) v
 group by customer_id;

-- recomputes the summary rows of the given customers from their visits
create function marketing_visit_summary_sync(ids uuid[]) returns void language sql as $$
  delete from marketing_visit_summary where customer_id = any(ids);
  insert into marketing_visit_summary (customer_id, visit_dates, running_totals, visit_count)
  select customer_id, visit_dates, running_totals, visit_count
    from marketing_visit_summary_source where customer_id = any(ids);
$$;

create function marketing_visit_summary_refresh() returns trigger language plpgsql as $$
begin
  -- transition tables exist only for the events that have them, hence one branch each
  if tg_op = 'INSERT' then
    perform marketing_visit_summary_sync(array(select distinct customer_id from new_rows));
  elsif tg_op = 'DELETE' then
    perform marketing_visit_summary_sync(array(select distinct customer_id from old_rows));
  else
    -- an edit of a visit's description or mileage does not touch the summary
    perform marketing_visit_summary_sync(array(
      select unnest(array[n.customer_id, o.customer_id])
        from new_rows n join old_rows o on o.id = n.id
       where (n.customer_id, n.visit_date, n.total_minor)
             is distinct from (o.customer_id, o.visit_date, o.total_minor)));
  end if;
  return null;
end $$;

create trigger service_visits_marketing_summary_insert after insert on service_visits
  referencing new table as new_rows
  for each statement execute function marketing_visit_summary_refresh();
create trigger service_visits_marketing_summary_update after update on service_visits
  referencing old table as old_rows new table as new_rows
  for each statement execute function marketing_visit_summary_refresh();
create trigger service_visits_marketing_summary_delete after delete on service_visits
  referencing old table as old_rows
  for each statement execute function marketing_visit_summary_refresh();

-- the visits already recorded, in one pass (no per-customer calls)
insert into marketing_visit_summary (customer_id, visit_dates, running_totals, visit_count)
select customer_id, visit_dates, running_totals, visit_count from marketing_visit_summary_source;
