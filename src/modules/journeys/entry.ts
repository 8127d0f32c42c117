import { sql, type RawBuilder } from 'kysely';
import { customerVisible, systemActor, type Tx } from '../../auth/index.ts';
import { contactableByDealer } from '../leads/index.ts';
import { compileCondition, ownerScope, segmentDefinition } from '../marketing/index.ts';
import type { Journey } from './journey-row.ts';

/**
 * Who comes into a journey: one INSERT ... SELECT per journey and pass, over the events that
 * happened since the last pass (minus an overlap, so an event committed late by a slow
 * transaction is still seen). The entry key (the event's id, or the person and day for a
 * segment) makes reading an event twice enrol once; re-entry rules and "one run at a time"
 * are conditions of the same statement.
 */
type Source = RawBuilder<{
  customer_id: string;
  entry_key: string;
  dealer_id: string | null;
  context: unknown;
  happened_at: Date;
}>;

function sourceOf(journey: Journey, since: Date): Source | undefined {
  const trigger = journey.trigger;
  switch (trigger.type) {
    case 'lifecycle':
      // events the care programme emitted; service reminders it skipped (open recall, open
      // complaint, warranty-only: seed 002) do not start a journey either
      return sql`select e.customer_id, 'lifecycle:' || e.id as entry_key, e.dealer_id,
          e.payload || jsonb_build_object('eventDate', e.due_date, 'vehicleId', e.vehicle_id,
            'serviceDueDate', e.payload ->> 'serviceDueDate') as context,
          e.emitted_at as happened_at
        from lifecycle_events e
       where e.event_type = ${trigger.event} and e.emitted_at >= ${since}
         and (e.skipped_reason is null or e.skipped_reason = 'no_assignee')
         ${trigger.year ? sql`and (e.payload ->> 'year')::int = ${trigger.year}` : sql``}`;
    case 'vehicle_delivered':
      return sql`select d.customer_id, 'delivery:' || d.id as entry_key,
          (d.payload ->> 'dealerId')::uuid as dealer_id,
          jsonb_build_object('eventDate', d.payload ->> 'deliveredOn',
            'vehicleId', d.payload ->> 'vehicleId', 'orderId', d.payload ->> 'orderId') as context,
          d.created_at as happened_at
        from domain_events d
       where d.type = 'vehicle.delivered' and d.customer_id is not null and d.created_at >= ${since}`;
    case 'complaint_closed':
      return sql`select k.customer_id, 'complaint:' || k.id as entry_key, k.dealer_id,
          jsonb_build_object('eventDate', (k.closed_at at time zone 'UTC')::date,
            'complaintId', k.id, 'vehicleId', k.vehicle_id) as context,
          k.closed_at as happened_at
        from complaints k
       where k.closed_at >= ${since}`;
    case 'lead_created':
      return sql`select l.customer_id, 'lead:' || l.id as entry_key, l.dealer_id,
          jsonb_build_object('eventDate', (l.created_at at time zone 'UTC')::date,
            'leadId', l.id) as context,
          l.created_at as happened_at
        from leads l
       where l.created_at >= ${since}`;
    case 'model_arrived':
      // seed 000: the prospects still deciding (an open lead before the order) who asked that
      // dealer about this model; a dealer's journey hears of its own arrivals only. A trim, when
      // the trigger names one, filters the arrivals (an arrival without a trim does not match)
      return sql`select l.customer_id,
          'arrival:' || a.id || ':' || l.customer_id as entry_key, a.dealer_id,
          jsonb_build_object('eventDate', (a.arrived_at at time zone 'UTC')::date,
            'arrivalId', a.id, 'leadId', l.id, 'make', a.make, 'model', a.model,
            'trim', a.trim_level) as context,
          a.created_at as happened_at
        from stock_arrivals a
        join leads l on l.dealer_id = a.dealer_id
                    and l.stage in ('new', 'contacted', 'showroom_visit', 'test_drive', 'offer')
       where a.created_at >= ${since}
         and lower(a.make) = lower(${trigger.make}) and lower(a.model) = lower(${trigger.model})
         ${trigger.trim ? sql`and lower(a.trim_level) = lower(${trigger.trim})` : sql``}
         ${journey.ownerLevel === 'dealer' ? sql`and a.dealer_id = ${journey.dealerId}` : sql``}
         and exists (select 1 from lead_vehicles v
                      where v.lead_id = l.id and lower(v.make) = lower(a.make)
                        and lower(v.model) = lower(a.model))`;
    case 'segment_entered':
      return undefined;
  }
}

/** Enrols who the journey's trigger brought since the last pass; answers how many came in. */
export async function enrollNewPeople(tx: Tx, journey: Journey, now: Date): Promise<number> {
  const check = await tx
    .selectFrom('journey_entry_checks')
    .select('checked_at')
    .where('journey_id', '=', journey.id)
    .executeTakeFirst();
  const since = new Date(
    Math.max(
      journey.enabledAt?.getTime() ?? now.getTime(),
      (check?.checked_at.getTime() ?? 0) - 15 * 60_000,
    ),
  );
  const scope = await ownerScope(tx, journey);
  const inScope = (ref: RawBuilder<unknown>) =>
    sql<boolean>`(${customerVisible({ ...systemActor('job'), scope }, ref)}${
      journey.ownerLevel === 'dealer'
        ? sql` and ${contactableByDealer(ref, journey.dealerId!)}`
        : sql``
    })`;
  let source = sourceOf(journey, since);
  if (journey.trigger.type === 'segment_entered') {
    source = await segmentSource(tx, journey, inScope, now);
  }
  if (!source) return 0;
  const reentryBlocked =
    journey.reentry === 'once'
      ? sql`true`
      : sql`(x.status = 'active' or x.entered_at > ${now}::timestamptz - ${journey.reentryDays}::int * interval '1 day')`;
  // a dealer's journey acts as that dealer (signature, task assignee, time zone) even when
  // the event, or the customer's latest visit, was at another dealer he is also known to
  const actingDealer =
    journey.ownerLevel === 'dealer' ? sql`${journey.dealerId}::uuid` : sql`s.dealer_id`;
  const result = await sql`
    insert into journey_enrollments
      (journey_id, customer_id, entry_key, dealer_id, context, step_id, wake_at, entered_at)
    select distinct on (s.customer_id) ${journey.id}::uuid, s.customer_id, s.entry_key,
           ${actingDealer}, s.context, ${journey.definition.start}, ${now}::timestamptz,
           ${now}::timestamptz
      from (${source}) s
     where s.happened_at <= ${now}::timestamptz
       and ${inScope(sql.ref('s.customer_id'))}
       and not exists (select 1 from journey_enrollments x
                        where x.journey_id = ${journey.id} and x.customer_id = s.customer_id
                          and ${reentryBlocked})
     order by s.customer_id, s.happened_at
    on conflict (journey_id, entry_key) do nothing`.execute(tx);
  await tx
    .insertInto('journey_entry_checks')
    .values({ journey_id: journey.id, checked_at: now })
    .onConflict((oc) => oc.column('journey_id').doUpdateSet({ checked_at: now }))
    .execute();
  return Number(result.numAffectedRows ?? 0);
}

/**
 * "Entered the segment": the people matching it now who were not in it at the last pass. The
 * membership seen is kept, and those who left are dropped, so leaving and coming back is a
 * new entry (re-entry rules decide whether it starts a new run).
 */
async function segmentSource(
  tx: Tx,
  journey: Journey,
  inScope: (ref: RawBuilder<unknown>) => RawBuilder<boolean>,
  now: Date,
): Promise<Source | undefined> {
  if (journey.trigger.type !== 'segment_entered') return undefined;
  let tree = journey.trigger.condition;
  if (!tree && journey.trigger.segmentId) {
    // the saved segment as it is now: an edit of the segment changes who enters next
    const segment = await tx
      .selectFrom('marketing_segments')
      .select('definition')
      .where('id', '=', journey.trigger.segmentId)
      .executeTakeFirst();
    const parsed = segmentDefinition.safeParse(segment?.definition);
    if (parsed.success) tree = parsed.data;
  }
  if (!tree) return undefined;
  const matches = sql<boolean>`(${inScope(sql.ref('c.id'))} and ${compileCondition(tree, now)})`;
  const day = now.toISOString().slice(0, 10);
  await sql`create temporary table if not exists journey_segment_entered
      (customer_id uuid primary key) on commit drop`.execute(tx);
  await sql`truncate journey_segment_entered`.execute(tx);
  await sql`insert into journey_segment_entered (customer_id)
      select c.id from customers c
       where ${matches}
         and not exists (select 1 from journey_segment_members m
                          where m.journey_id = ${journey.id} and m.customer_id = c.id)`.execute(tx);
  await sql`delete from journey_segment_members m
     where m.journey_id = ${journey.id}
       and not exists (select 1 from customers c where c.id = m.customer_id and ${matches})`.execute(
    tx,
  );
  await sql`insert into journey_segment_members (journey_id, customer_id)
      select ${journey.id}::uuid, n.customer_id from journey_segment_entered n
    on conflict do nothing`.execute(tx);
  return sql`select n.customer_id, 'segment:' || n.customer_id || ':' || ${day} as entry_key,
      (select l.dealer_id from customer_dealers l where l.customer_id = n.customer_id
        order by l.last_at desc nulls last limit 1) as dealer_id,
      jsonb_build_object('eventDate', ${day}::date) as context,
      ${now}::timestamptz as happened_at
    from journey_segment_entered n`;
}
