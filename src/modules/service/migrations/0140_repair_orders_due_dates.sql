-- Repair orders (labour and parts lines), the service-interval catalogue, after-sales settings,
-- and the next-service due date of every vehicle as one set-based view (issue 4).

-- Lines of a repair order. customer_id is carried so that the table co-locates with customers
-- on a distributed PostgreSQL; the visit's total_minor is the sum of its lines.
create table service_visit_lines (
  id uuid primary key default gen_random_uuid(),
  visit_id uuid not null references service_visits on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  line_no smallint not null check (line_no > 0),
  kind text not null check (kind in ('labour', 'part')),
  code text,
  description text not null,
  -- hours for labour, pieces (or litres) for parts; three decimals are enough for both
  quantity numeric(10, 3) not null check (quantity > 0),
  unit_price_minor bigint not null check (unit_price_minor >= 0),
  amount_minor bigint not null check (amount_minor >= 0),
  unique (visit_id, line_no)
);
create index service_visit_lines_customer_idx on service_visit_lines (customer_id);

create trigger service_visit_lines_audit after insert or update or delete on service_visit_lines
  for each row execute function autocrm_audit('customer_id');

-- The service interval of a catalogue model, "every km or months, whichever comes first".
-- The row without a model is the group's default for models not listed and unknown models.
create table service_intervals (
  id uuid primary key default gen_random_uuid(),
  model_id uuid references catalog_models on delete cascade,
  interval_km integer not null check (interval_km between 1000 and 100000),
  interval_months smallint not null check (interval_months between 1 and 60),
  updated_at timestamptz not null default now()
);
create unique index service_intervals_model_key on service_intervals (model_id) nulls not distinct;
insert into service_intervals (model_id, interval_km, interval_months) values (null, 15000, 12);

create trigger service_intervals_touch before update on service_intervals
  for each row execute function autocrm_touch_updated_at();
create trigger service_intervals_audit after insert or update or delete on service_intervals
  for each row execute function autocrm_audit();

-- After-sales settings of the group: one row.
create table service_settings (
  id boolean primary key default true check (id),
  -- the after-visit call is due this many days after the visit (seed 001 §4: "within a fixed time")
  follow_up_delay_days smallint not null default 3 check (follow_up_delay_days between 0 and 60),
  -- assumed when a vehicle's readings do not tell (fewer than two, or less than 30 days apart)
  default_daily_km numeric(6, 1) not null default 41.0 check (default_daily_km > 0),
  -- service reminders are created this many days before the due date
  reminder_lead_days smallint not null default 14 check (reminder_lead_days between 0 and 120),
  updated_at timestamptz not null default now()
);
insert into service_settings default values;

create trigger service_settings_touch before update on service_settings
  for each row execute function autocrm_touch_updated_at();
create trigger service_settings_audit after insert or update or delete on service_settings
  for each row execute function autocrm_audit();

-- The maintenance history that restarts the interval is looked up per vehicle by type.
create index service_visits_vehicle_type_idx on service_visits (vehicle_id, visit_type, visit_date desc);

/*
 * Next service due of every vehicle with a known start (a purchase, a first registration or a
 * maintenance visit), in one set-based statement: filter it by vehicle_id for one car, or read it
 * whole for reminders and benchmarks. No loops; each part is one grouped pass.
 *
 *  readings     odometer readings: visits with a mileage, the purchase (a new car without a
 *               reading left the dealer at 0 km) and the vehicle's own reading
 *  daily_km     (last km - first km) / days between them when they are at least 30 days apart
 *               and the odometer did not go back; else the default from service_settings.
 *               A parked car (same km) has 0 km/day: only the time limit then applies.
 *  base         the last maintenance visit, else the latest purchase, else the first
 *               registration: the interval runs from there
 *  due_by_km    the day the estimated odometer reaches base km + interval km, counted from the
 *               latest reading (the best knowledge of where the odometer is)
 *  due_by_time  base date + interval months
 *  due_date     the earlier of the two; due_by says which ('km' wins a tie: the car is due then
 *               either way and the km reason is the more concrete one to tell the owner)
 */
create view vehicle_service_due as
with settings as (
  select default_daily_km from service_settings where id
),
readings as (
  select s.vehicle_id, s.visit_date as read_on, s.mileage_km as km
    from service_visits s where s.mileage_km is not null
  union all
  select p.vehicle_id, p.purchase_date,
         coalesce(p.odometer_km, case when p.condition = 'new' then 0 end)
    from vehicle_purchases p
   where p.odometer_km is not null or p.condition = 'new'
  union all
  select v.id, v.odometer_read_at, v.odometer_km
    from vehicles v where v.odometer_km is not null and v.odometer_read_at is not null
),
spans as (
  select r.vehicle_id,
         min(r.read_on) as first_on,
         max(r.read_on) as last_on,
         -- the odometer only counts up (visits refusing a roll-back keep it so): the first
         -- reading is the smallest and the last the largest, with no sort per vehicle
         min(r.km) as first_km,
         max(r.km) as last_km,
         count(*) as reading_count
    from readings r
   group by r.vehicle_id
),
maintenance as (
  select distinct on (s.vehicle_id) s.vehicle_id, s.visit_date, s.mileage_km
    from service_visits s
   where s.visit_type = 'maintenance'
   order by s.vehicle_id, s.visit_date desc, s.mileage_km desc nulls last
),
purchases as (
  select distinct on (p.vehicle_id) p.vehicle_id, p.purchase_date,
         coalesce(p.odometer_km, case when p.condition = 'new' then 0 end) as km
    from vehicle_purchases p
   order by p.vehicle_id, p.purchase_date desc
),
estimated as (
  select v.id as vehicle_id, v.customer_id, v.model_id,
         coalesce(si.interval_km, sd.interval_km) as interval_km,
         coalesce(si.interval_months, sd.interval_months) as interval_months,
         case when m.vehicle_id is not null then 'maintenance'
              when pu.vehicle_id is not null then 'purchase'
              else 'registration' end as base_kind,
         coalesce(m.visit_date, pu.purchase_date, v.first_registration) as base_date,
         -- a maintenance visit without a mileage starts the km interval from the estimate
         case when m.vehicle_id is not null then m.mileage_km
              when pu.vehicle_id is not null then pu.km
              else 0 end as base_km,
         sp.last_on, sp.last_km, sp.reading_count,
         case when sp.last_on - sp.first_on >= 30 and sp.last_km >= sp.first_km
              then round((sp.last_km - sp.first_km)::numeric / (sp.last_on - sp.first_on), 1)
              else st.default_daily_km end as daily_km,
         (sp.last_on - sp.first_on >= 30 and sp.last_km >= sp.first_km) as daily_km_measured
    from vehicles v
    cross join settings st
    join service_intervals sd on sd.model_id is null
    left join service_intervals si on si.model_id = v.model_id
    left join maintenance m on m.vehicle_id = v.id
    left join purchases pu on pu.vehicle_id = v.id
    left join spans sp on sp.vehicle_id = v.id
   where coalesce(m.visit_date, pu.purchase_date, v.first_registration) is not null
),
targets as (
  select e.*,
         (e.base_date + make_interval(months => e.interval_months))::date as due_by_time,
         case when e.daily_km > 0 and a.km is not null
              then a.on_day + greatest(0, ceil((a.target_km - a.km) / e.daily_km))::int
         end as due_by_km
    from estimated e
    -- counted from the latest reading (the best knowledge of the odometer); the target is the
    -- km at the base (its reading, else estimated back from the latest one) plus the interval
    cross join lateral (
      select coalesce(e.last_on, e.base_date) as on_day,
             coalesce(e.last_km, e.base_km) as km,
             coalesce(e.base_km,
                      e.last_km - round(e.daily_km * (e.last_on - e.base_date))::int)
               + e.interval_km as target_km
    ) a
)
select t.vehicle_id, t.customer_id, t.model_id, t.interval_km, t.interval_months,
       t.base_kind, t.base_date, t.base_km, t.last_on as last_reading_on,
       t.last_km as last_reading_km, coalesce(t.reading_count, 0) as reading_count,
       t.daily_km, t.daily_km_measured, t.due_by_km, t.due_by_time,
       least(t.due_by_km, t.due_by_time) as due_date,
       case when t.due_by_km is not null and t.due_by_km <= t.due_by_time then 'km'
            else 'time' end as due_by
  from targets t;
