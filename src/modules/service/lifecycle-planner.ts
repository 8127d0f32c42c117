import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import type { LifecycleEventType } from './schema.ts';

export type PlannedEvent = {
  event_type: LifecycleEventType;
  customer_id: string;
  vehicle_id: string | null;
  dealer_id: string | null;
  due_date: string;
  payload: Record<string, unknown>;
  occurrence_key: string;
};

/** A new car's warranty, for the "warranty expires soon" call two months before its end. */
const warrantyYears = 3;

/**
 * Plans every lifecycle event falling due in [from, to] in one INSERT ... SELECT: each type is
 * one set-based select over purchases, customers, the service-due view, follow-ups or
 * complaints. The (type, customer, occurrence) key makes a second plan of the same days a no-op,
 * so a run repeated after a crash, or two servers at once, plan each event once.
 */
export async function planLifecycleEvents(tx: Tx, from: string, to: string): Promise<number> {
  const result = await sql`
    insert into lifecycle_events
      (event_type, customer_id, vehicle_id, dealer_id, due_date, payload, occurrence_key)
    select e.event_type, e.customer_id, e.vehicle_id, e.dealer_id, e.due_date, e.payload, e.occurrence_key
      from (${lifecycleEventsDue(from, to)}) e
    on conflict (event_type, customer_id, occurrence_key) do nothing`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/** One customer's events only, for the customer page. */
export type OneCustomer = { customerId: string };

/**
 * Every lifecycle event falling due in [from, to], whether planned yet or not: the planner
 * inserts them, the customer page previews a customer's coming ones with `only`. The filter is
 * written into every branch rather than left to reach them from outside the union (before 0205
 * it did not reach below the service-due view's grouping: 21 s at 1M customers).
 */
export function lifecycleEventsDue(
  from: string,
  to: string,
  only?: OneCustomer,
): RawBuilder<PlannedEvent> {
  const of = (column: string) =>
    only ? sql`and ${sql.ref(column)} = ${only.customerId}::uuid` : sql``;
  return sql<PlannedEvent>`
        -- seed 002 Basic 11 (2), (1), (10), (6): after a new car's delivery
        select t.event_type, p.customer_id, p.vehicle_id, p.dealer_id,
               (p.purchase_date + t.after)::date as due_date,
               jsonb_build_object('purchaseDate', p.purchase_date) as payload,
               'purchase:' || p.id as occurrence_key
          from vehicle_purchases p
          cross join (values ('welcome_pack', interval '0 days'),
                             ('owner_training', interval '14 days'),
                             ('magazine_subscription', interval '30 days'),
                             ('new_model_survey', interval '6 months'),
                             -- "about three years after purchase" (seed 001 §4)
                             ('trade_in_offer', interval '34 months'),
                             ('warranty_expiry', make_interval(years => ${warrantyYears}) - interval '60 days'))
                 as t(event_type, after)
         where p.condition = 'new'
           and (p.purchase_date + t.after)::date between ${from}::date and ${to}::date
           ${of('p.customer_id')}
        union all
        -- (3) anniversaries 1, 2, 3; the third with a repurchase voucher
        select 'purchase_anniversary', p.customer_id, p.vehicle_id, p.dealer_id,
               (p.purchase_date + make_interval(years => n))::date,
               jsonb_build_object('year', n, 'purchaseDate', p.purchase_date, 'voucher', n = 3),
               'purchase:' || p.id || ':' || n
          from vehicle_purchases p
          cross join generate_series(1, 3) as n
         where (p.purchase_date + make_interval(years => n))::date between ${from}::date and ${to}::date
           ${of('p.customer_id')}
        union all
        -- birthdays of owners, each year of the window (29 February: the 28th in other years)
        select 'birthday', c.id, null, d.dealer_id, b.day,
               jsonb_build_object('birthDate', c.birth_date), 'birthday:' || extract(year from b.day)
          from customers c
          cross join lateral (
            select (c.birth_date + make_interval(years => y - extract(year from c.birth_date)::int))::date as day
              from generate_series(extract(year from ${from}::date)::int,
                                   extract(year from ${to}::date)::int) as y
          ) b
          left join lateral (
            select p.dealer_id from vehicle_purchases p where p.customer_id = c.id
             order by p.purchase_date desc limit 1
          ) d on true
         where c.birth_date is not null and c.lifecycle_stage = 'owner'
           and b.day between ${from}::date and ${to}::date
           ${of('c.id')}
        ${serviceDueBranches(from, to, only)}
        union all
        -- the after-visit call and complaint handling: their own modules make the task; the
        -- event records them for journeys
        select 'after_visit_follow_up', f.customer_id, s.vehicle_id, f.dealer_id, f.due_at::date,
               jsonb_build_object('visitId', f.visit_id, 'taskId', f.task_id),
               'visit:' || f.visit_id
          from service_follow_ups f join service_visits s on s.id = f.visit_id
         where f.due_at::date between ${from}::date and ${to}::date
           ${of('f.customer_id')}
        union all
        select 'complaint_handling', k.customer_id, k.vehicle_id, k.dealer_id, k.opened_at::date,
               jsonb_build_object('complaintId', k.id, 'number', k.number, 'severity', k.severity),
               'complaint:' || k.id
          from complaints k
         where k.opened_at::date between ${from}::date and ${to}::date
           ${of('k.customer_id')}`;
}

/**
 * (4) service reminders, N days before the service is due; one per interval. The view reads
 * per-vehicle facts by key (migration 0205), so a filter on the customer reaches his cars.
 */
function serviceDueBranches(from: string, to: string, only?: OneCustomer): RawBuilder<unknown> {
  return sql`
        union all
        select 'service_due', v.customer_id, v.vehicle_id, v.service_dealer_id,
               v.due_date - st.reminder_lead_days,
               jsonb_build_object('serviceDueDate', v.due_date, 'dueBy', v.due_by,
                                  'intervalKm', v.interval_km, 'intervalMonths', v.interval_months),
               'service:' || v.vehicle_id || ':' || v.base_date
          from vehicle_service_due v
          cross join service_settings st
         where v.customer_id is not null
           and v.due_date - st.reminder_lead_days between ${from}::date and ${to}::date
           ${only ? sql`and v.customer_id = ${only.customerId}::uuid` : sql``}`;
}
