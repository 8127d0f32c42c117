import { sql } from 'kysely';
import { systemActor, withActor, type Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { addDays } from '../../lib/zoned-time.ts';
import { createTasks, type BatchTask, type Priority, type TaskKind } from '../activities/index.ts';
import { hasOpenComplaint } from '../complaints/index.ts';
import { planLifecycleEvents } from './lifecycle-planner.ts';
import { underOpenRecall } from './recalls.service.ts';

export type LifecycleRunResult = {
  asOf: string;
  plannedFrom: string;
  planned: number;
  emitted: number;
  skipped: number;
  /** events whose task was refused (marked `task_refused`, included in emitted) */
  refused: number;
};

export type LifecycleRunOptions = {
  /** where the run reports what deserves an operator's look (the server's log in the job) */
  log?: (message: string) => void;
  /** the set-based task writer; a test passes a stand-in that refuses some rows */
  writeTasks?: typeof createTasks;
};

/** A server down longer than this catches up this far back only (older events are stale). */
const maxCatchUpDays = 60;
const batchSize = 500;

/**
 * The daily run of the care programme: plans the events falling due since the last finished
 * run (so days the server was down are caught up), then emits every pending event due by
 * `asOf`: service reminders excluded by seed 002 are marked skipped, the others get the task
 * their rule says. Running it twice for a day emits nothing twice.
 */
export async function runLifecycle(
  db: Db,
  asOf: string,
  { log, writeTasks = createTasks }: LifecycleRunOptions = {},
): Promise<LifecycleRunResult> {
  const job = systemActor('job');
  const last = await db
    .selectFrom('lifecycle_runs')
    .select(sql<string | null>`max(as_of)::text`.as('as_of'))
    .where('finished_at', 'is not', null)
    .executeTakeFirst();
  const after = last?.as_of ? addDays(last.as_of, 1) : asOf;
  const floor = addDays(asOf, -maxCatchUpDays);
  const plannedFrom = after > asOf ? asOf : after < floor ? floor : after;

  const planned = await withActor(db, job, async (tx) => {
    await tx
      .insertInto('lifecycle_runs')
      .values({ as_of: asOf, planned_from: plannedFrom })
      .onConflict((oc) => oc.column('as_of').doUpdateSet({ started_at: new Date() }))
      .execute();
    return planLifecycleEvents(tx, plannedFrom, asOf);
  });
  const skipped = await withActor(db, job, (tx) => skipExcludedReminders(tx, asOf));
  let emitted = 0;
  let refused = 0;
  for (;;) {
    const batch = await withActor(db, job, (tx) => emitBatch(tx, asOf, writeTasks));
    emitted += batch.emitted;
    refused += batch.refused;
    if (batch.emitted < batchSize) break;
  }
  await withActor(db, job, (tx) =>
    tx
      .updateTable('lifecycle_runs')
      .set({ finished_at: new Date(), planned, emitted, skipped, refused })
      .where('as_of', '=', asOf)
      .execute(),
  );
  if (refused > 0)
    log?.(`lifecycle run ${asOf}: ${refused} task(s) refused, events marked task_refused`);
  return { asOf, plannedFrom, planned, emitted, skipped, refused };
}

/**
 * Seed 002 Basic 11 (4): service reminders go to all owners except cars under an open recall
 * (the recall flow books them in), customers with a complaint still being handled, and
 * warranty-only customers (every visit of theirs was warranty work).
 */
async function skipExcludedReminders(tx: Tx, asOf: string): Promise<number> {
  const result = await sql`
    update lifecycle_events e
       set emitted_at = now(),
           skipped_reason = case
             when ${underOpenRecall(sql.ref('v.vin'))} then 'open_recall'
             when ${hasOpenComplaint(sql.ref('e.customer_id'))} then 'open_complaint'
             else 'warranty_only' end
      from vehicles v
     where v.id = e.vehicle_id
       and e.event_type = 'service_due' and e.emitted_at is null and e.due_date <= ${asOf}::date
       and (${underOpenRecall(sql.ref('v.vin'))}
            or ${hasOpenComplaint(sql.ref('e.customer_id'))}
            or (exists (select 1 from service_visits s where s.customer_id = e.customer_id)
                and not exists (select 1 from service_visits s
                                 where s.customer_id = e.customer_id and s.paid_by <> 'warranty')))`.execute(
    tx,
  );
  return Number(result.numAffectedRows ?? 0);
}

type Pending = {
  id: string;
  event_type: string;
  customer_id: string;
  due_at: Date | null;
  enabled: boolean | null;
  kind: string | null;
  priority: Priority | null;
  title: string | null;
  assignee_id: string | null;
  payload: Record<string, unknown>;
};

/** How one batch ended: events marked emitted, and those whose task createTasks refused. */
type BatchOutcome = { emitted: number; refused: number };

/**
 * One batch of pending events: their tasks written as one set, then every event marked
 * emitted with its task (or why it has none) in one statement. An event whose task is refused
 * (its assignee left between the pick and the write) is marked `task_refused`: the event stays
 * visible and counted, and the run goes on; before the set-based write one such event failed
 * the whole run, every hour again, and stopped the programme for everyone.
 */
async function emitBatch(
  tx: Tx,
  asOf: string,
  writeTasks: typeof createTasks,
): Promise<BatchOutcome> {
  const pending = await sql<Pending>`
    select e.id, e.event_type, e.customer_id, e.payload,
           ((greatest(e.due_date, ${asOf}::date) + time '10:00') at time zone d.timezone) as due_at,
           r.enabled, r.task_kind as kind, r.priority, r.title,
           coalesce(
             (select u.id from users u where u.dealer_id = e.dealer_id and u.active
                 and u.role = r.assignee_role order by u.created_at limit 1),
             (select u.id from users u where u.dealer_id = e.dealer_id and u.active
                 and u.role in ('crm_manager', 'dealer_manager')
               order by u.role = 'crm_manager' desc, u.created_at limit 1)) as assignee_id
      from lifecycle_events e
      left join lifecycle_task_rules r on r.event_type = e.event_type
      left join dealers d on d.id = e.dealer_id
     where e.emitted_at is null and e.due_date <= ${asOf}::date
     order by e.due_date, e.id
     limit ${batchSize}
     for update of e skip locked`.execute(tx);
  if (pending.rows.length === 0) return { emitted: 0, refused: 0 };
  const wanted: BatchTask[] = pending.rows.flatMap((event) =>
    event.enabled && event.assignee_id && event.due_at
      ? [
          {
            ref: event.id,
            customerId: event.customer_id,
            title: event.title ?? event.event_type,
            description: describe(event.payload),
            kind: (event.kind ?? 'call') as TaskKind,
            priority: event.priority ?? 'normal',
            dueAt: new Date(event.due_at),
            assigneeUserId: event.assignee_id,
          },
        ]
      : [],
  );
  const written = await writeTasks(tx, systemActor('job'), wanted);
  const asked = new Set(wanted.map((task) => task.ref));
  const taskIds = pending.rows.map((event) => written.get(event.id) ?? null);
  const reasons = pending.rows.map((event) => {
    if (!event.enabled || written.has(event.id)) return null;
    return asked.has(event.id) ? 'task_refused' : 'no_assignee';
  });
  await sql`
    update lifecycle_events e
       set emitted_at = now(), task_id = i.task_id, skipped_reason = i.reason
      from unnest(${pending.rows.map((event) => event.id)}::uuid[], ${taskIds}::uuid[],
                  ${reasons}::text[]) as i(id, task_id, reason)
     where e.id = i.id`.execute(tx);
  return { emitted: pending.rows.length, refused: asked.size - written.size };
}

/** The event's facts as a line for the task (service due date, anniversary year ...). */
function describe(payload: Record<string, unknown>): string | null {
  const parts = Object.entries(payload)
    .filter(([key]) => key !== 'taskId')
    .map(([key, value]) => `${key}: ${String(value)}`);
  return parts.length ? parts.join('; ') : null;
}
