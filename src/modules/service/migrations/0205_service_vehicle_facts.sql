-- Next-service due dates of the whole base from per-vehicle facts kept up to date, instead of
-- grouping every service visit and purchase on each read (issue 4: due dates and events for
-- 1M vehicles under 60 s).
--
-- vehicle_service_due (0140) grouped all service visits twice (odometer spans, the last
-- maintenance with a sort for `distinct on`) and all purchases, whether one car was asked for or
-- every car. At 100k customers that was 10.9 s; a filter on the customer did not reach below the
-- grouping, so the customer page had to repeat the view once per car. Two small tables now hold
-- what the view needs per vehicle, kept by statement triggers (autocrm_refresh_derived, 0204),
-- and the view joins them by key.

-- What the visits tell about a vehicle: the odometer span of visits with a mileage, the last
-- maintenance visit (it restarts the interval) and the dealer of the latest visit.
create table service_vehicle_visit_facts (
  vehicle_id uuid primary key,
  first_reading_on date,
  last_reading_on date,
  -- the odometer only counts up (visits refuse a roll-back): the smallest reading is the first
  min_km integer,
  max_km integer,
  reading_count integer not null,
  maintenance_on date,
  maintenance_km integer,
  last_visit_dealer_id uuid not null
);

-- the table's definition: a filter on vehicle_id reaches the visits' index below the grouping
create view service_vehicle_visit_facts_source as
select vehicle_id,
       min(visit_date) filter (where mileage_km is not null) as first_reading_on,
       max(visit_date) filter (where mileage_km is not null) as last_reading_on,
       min(mileage_km) as min_km,
       max(mileage_km) as max_km,
       count(mileage_km)::integer as reading_count,
       max(visit_date) filter (where visit_type = 'maintenance') as maintenance_on,
       -- of several maintenance visits on the last day, the highest reading
       (array_agg(mileage_km order by visit_date desc, mileage_km desc nulls last)
          filter (where visit_type = 'maintenance'))[1] as maintenance_km,
       (array_agg(dealer_id order by visit_date desc, id desc))[1] as last_visit_dealer_id
  from service_visits
 group by vehicle_id;

create function service_vehicle_visit_facts_sync(ids uuid[]) returns void language sql as $$
  delete from service_vehicle_visit_facts where vehicle_id = any(ids);
  insert into service_vehicle_visit_facts
  select * from service_vehicle_visit_facts_source where vehicle_id = any(ids);
$$;

-- an edit of a visit's description or total calls nothing
select autocrm_keep_derived('service_visits', 'service_vehicle_visit_facts_sync', 'vehicle_id',
                            'visit_date', 'mileage_km', 'visit_type', 'dealer_id');

-- What the purchases tell: the odometer span of purchases with a reading (a new car without one
-- left the dealer at 0 km) and the latest purchase, from which the interval runs if no
-- maintenance visit is known.
create table service_vehicle_purchase_facts (
  vehicle_id uuid primary key,
  first_reading_on date,
  last_reading_on date,
  min_km integer,
  max_km integer,
  reading_count integer not null,
  purchase_on date not null,
  purchase_km integer,
  purchase_dealer_id uuid
);

create view service_vehicle_purchase_facts_source as
select vehicle_id,
       min(purchase_date) filter (where km is not null) as first_reading_on,
       max(purchase_date) filter (where km is not null) as last_reading_on,
       min(km) as min_km,
       max(km) as max_km,
       count(km)::integer as reading_count,
       max(purchase_date) as purchase_on,
       (array_agg(km order by purchase_date desc, id desc))[1] as purchase_km,
       (array_agg(dealer_id order by purchase_date desc, id desc))[1] as purchase_dealer_id
  from (select id, vehicle_id, purchase_date, dealer_id,
               coalesce(odometer_km, case when condition = 'new' then 0 end) as km
          from vehicle_purchases) p
 group by vehicle_id;

create function service_vehicle_purchase_facts_sync(ids uuid[]) returns void language sql as $$
  delete from service_vehicle_purchase_facts where vehicle_id = any(ids);
  insert into service_vehicle_purchase_facts
  select * from service_vehicle_purchase_facts_source where vehicle_id = any(ids);
$$;

select autocrm_keep_derived('vehicle_purchases', 'service_vehicle_purchase_facts_sync',
                            'vehicle_id', 'purchase_date', 'odometer_km', 'condition', 'dealer_id');

-- the history already recorded, one grouped pass each. Read whole, the tables are faster in a
-- sequential scan and one sort than in the index's order, whose random reads of a cold table
-- took minutes at 5.6M visits. The keys to vehicles are added afterwards: checked row by row,
-- with index scans off for this migration, each check would scan the vehicles.
set local enable_indexscan = off;
set local enable_bitmapscan = off;
insert into service_vehicle_visit_facts select * from service_vehicle_visit_facts_source;
insert into service_vehicle_purchase_facts select * from service_vehicle_purchase_facts_source;
set local enable_indexscan = on;
set local enable_bitmapscan = on;
alter table service_vehicle_visit_facts
  add foreign key (vehicle_id) references vehicles on delete cascade;
alter table service_vehicle_purchase_facts
  add foreign key (vehicle_id) references vehicles on delete cascade;

-- The same columns as before (0140), read by key from the two tables and the vehicle itself,
-- plus the dealer a reminder goes to. Each step is a lateral subquery kept apart by `offset 0`:
-- flattened, every use of daily_km and due_by_km would compute it again (numeric division,
-- three to nine times a row), which was more than half the time over a million cars.
create or replace view vehicle_service_due as
select v.id as vehicle_id, v.customer_id, v.model_id, d.interval_km, d.interval_months,
       d.base_kind, d.base_date, d.base_km, d.last_on as last_reading_on,
       d.last_km as last_reading_km, d.reading_count,
       d.daily_km, d.daily_km_measured, d.due_by_km, d.due_by_time,
       least(d.due_by_km, d.due_by_time) as due_date,
       case when d.due_by_km is not null and d.due_by_km <= d.due_by_time then 'km'
            else 'time' end as due_by,
       -- for reminders: the dealer the owner goes to, else the one that sold the car
       coalesce(vf.last_visit_dealer_id, pf.purchase_dealer_id) as service_dealer_id
  from vehicles v
  cross join service_settings st
  join service_intervals sd on sd.model_id is null
  left join service_intervals si on si.model_id = v.model_id
  left join service_vehicle_visit_facts vf on vf.vehicle_id = v.id
  left join service_vehicle_purchase_facts pf on pf.vehicle_id = v.id
  cross join lateral (
    -- the day the km are reached counts from the latest reading (the best knowledge of the
    -- odometer); the target is the km at the base (its reading, else estimated back from the
    -- latest one) plus the interval
    select e.*,
           (e.base_date + make_interval(months => e.interval_months))::date as due_by_time,
           case when e.daily_km > 0 and coalesce(e.last_km, e.base_km) is not null
                then coalesce(e.last_on, e.base_date)
                     + greatest(0, ceil((coalesce(e.base_km,
                                                  e.last_km - round(e.daily_km * (e.last_on - e.base_date))::int)
                                         + e.interval_km - coalesce(e.last_km, e.base_km))
                                        / e.daily_km))::int
           end as due_by_km
      from (
        select r.*,
               r.last_on - r.first_on >= 30 and r.last_km >= r.first_km as daily_km_measured,
               case when r.last_on - r.first_on >= 30 and r.last_km >= r.first_km
                    then round((r.last_km - r.first_km)::numeric / (r.last_on - r.first_on), 1)
                    else st.default_daily_km end as daily_km
          from (
            -- the readings of three sources together: visits, purchases and the vehicle's own
            -- (least and greatest skip nulls)
            select coalesce(si.interval_km, sd.interval_km) as interval_km,
                   coalesce(si.interval_months, sd.interval_months) as interval_months,
                   case when vf.maintenance_on is not null then 'maintenance'
                        when pf.vehicle_id is not null then 'purchase'
                        else 'registration' end as base_kind,
                   coalesce(vf.maintenance_on, pf.purchase_on, v.first_registration) as base_date,
                   case when vf.maintenance_on is not null then vf.maintenance_km
                        when pf.vehicle_id is not null then pf.purchase_km
                        else 0 end as base_km,
                   least(vf.first_reading_on, pf.first_reading_on, own.read_on) as first_on,
                   greatest(vf.last_reading_on, pf.last_reading_on, own.read_on) as last_on,
                   least(vf.min_km, pf.min_km, own.km) as first_km,
                   greatest(vf.max_km, pf.max_km, own.km) as last_km,
                   (coalesce(vf.reading_count, 0) + coalesce(pf.reading_count, 0)
                    + (own.km is not null)::integer)::bigint as reading_count
              -- the vehicle's own odometer reading counts when it says when it was read
              from (select case when v.odometer_read_at is not null then v.odometer_km end as km,
                           case when v.odometer_km is not null then v.odometer_read_at end as read_on) own
            offset 0
          ) r
        offset 0
      ) e
    offset 0
  ) d
 where st.id
   and coalesce(vf.maintenance_on, pf.purchase_on, v.first_registration) is not null;
