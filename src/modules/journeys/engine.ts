import { sql } from 'kysely';
import { systemActor, withActor, type Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { createTasks, type BatchTask } from '../activities/index.ts';
import { awardJourneyPoints } from '../club/index.ts';
import { dealerZone } from '../org/index.ts';
import { wakeOutbox } from '../messaging/index.ts';
import { compileCondition } from '../marketing/index.ts';
import { enrollNewPeople } from './entry.ts';
import { goalExits } from './goals.ts';
import { stepById } from './graph.ts';
import { journeyFromRow, type Journey } from './journey-row.ts';
import type { Step } from './journey.schemas.ts';
import type { EnrollmentStatus } from './schema.ts';
import { pickLanguage, sendStep, TemplateCache, type ArrivalContext } from './send-step.ts';
import { splitBranch } from './split.ts';
import {
  decideSplitWinners,
  hasAutomaticSplits,
  winningBranch,
  type SplitWinners,
} from './split-winner.ts';
import { wakeTime } from './timing.ts';

/**
 * The runner: one pass enrols who the triggers brought, ends the runs whose goal was reached,
 * and advances every person whose time has come, in batches. A batch is one transaction: its
 * people are locked (skip locked, so two servers share the work), each goes through as many
 * steps as are due now — grouped by step, so a step's SQL and its outbox write are one
 * statement per batch — and the batch's new places, the log of each step and the step's
 * effects (outbox messages, tasks, field changes) commit together. A crash rolls all of it
 * back; the next pass does the same work once. Steps never repeat for a run (the graph has no
 * cycle), and the log's key (run, step) and the outbox key make sure of it.
 */
export type RunReport = { entered: number; converted: number; advanced: number; batches: number };

const defaultBatchSize = 500;
/** steps a person may take in one pass: the graph is acyclic and at most 100 steps long */
const maxRounds = 101;

type Place = {
  enrollmentId: string;
  journeyId: string;
  customerId: string;
  dealerId: string | null;
  context: Record<string, unknown>;
  timeZone: string;
  birthDate: string | null;
  preferredLanguage: string | null;
  stepId: string | null;
  waiting: boolean;
  wakeAt: Date;
  status: EnrollmentStatus;
  exitReason: string | null;
  /** the person waits, or is out: nothing more this pass */
  settled: boolean;
};

type LogEntry = {
  enrollment_id: string;
  journey_id: string;
  customer_id: string;
  step_id: string;
  outcome: string;
  detail: string | null;
  message_id: string | null;
  task_id: string | null;
};

export async function enabledJourneys(db: Db | Tx): Promise<Journey[]> {
  const rows = await db.selectFrom('journeys').selectAll().where('enabled', '=', true).execute();
  return rows.map(journeyFromRow);
}

export async function runJourneys(
  db: Db,
  now: Date = new Date(),
  options: { batchSize?: number } = {},
): Promise<RunReport> {
  const job = systemActor('job');
  const journeys = await enabledJourneys(db);
  const report: RunReport = { entered: 0, converted: 0, advanced: 0, batches: 0 };
  for (const journey of journeys) {
    report.entered += await withActor(db, job, (tx) => enrollNewPeople(tx, journey, now));
    if (journey.goal) {
      report.converted += await withActor(db, job, (tx) => goalExits(tx, journey, now));
    }
  }
  if (journeys.length === 0) return report;
  // automatic splits: decided once per pass for all journeys, before anyone moves
  const winners: SplitWinners = hasAutomaticSplits(journeys)
    ? await withActor(db, job, (tx) => decideSplitWinners(tx, journeys, now))
    : new Map();
  const byId = new Map(journeys.map((journey) => [journey.id, journey]));
  const batchSize = options.batchSize ?? defaultBatchSize;
  const templates = new TemplateCache();
  for (;;) {
    const { moved, queued } = await withActor(db, job, (tx) =>
      advanceBatch(tx, byId, now, batchSize, templates, winners),
    );
    // committed: the batch's e-mails and SMS leave now, not at the outbox's next tick
    if (queued > 0) wakeOutbox(db);
    report.batches += 1;
    report.advanced += moved;
    if (moved < batchSize) break;
  }
  return report;
}

async function advanceBatch(
  tx: Tx,
  journeys: Map<string, Journey>,
  now: Date,
  batchSize: number,
  templates: TemplateCache,
  winners: SplitWinners,
): Promise<{ moved: number; queued: number }> {
  const due = await sql<{
    id: string;
    journey_id: string;
    customer_id: string;
    dealer_id: string | null;
    context: Record<string, unknown>;
    step_id: string | null;
    waiting: boolean;
    wake_at: Date;
    zone: string;
    birth_date: string | null;
    preferred_language: string | null;
  }>`select e.id, e.journey_id, e.customer_id, e.dealer_id, e.context, e.step_id, e.waiting,
         e.wake_at, coalesce(c.timezone, ${dealerZone(sql.ref('e.dealer_id'))}) as zone,
         c.birth_date::text as birth_date, c.preferred_language
       from journey_enrollments e
       join customers c on c.id = e.customer_id
      where e.status = 'active' and e.wake_at <= ${now}
        and e.journey_id = any(${[...journeys.keys()]}::uuid[])
      order by e.wake_at
      limit ${batchSize}
      for update of e skip locked`.execute(tx);
  if (due.rows.length === 0) return { moved: 0, queued: 0 };
  const places: Place[] = due.rows.map((row) => ({
    enrollmentId: row.id,
    journeyId: row.journey_id,
    customerId: row.customer_id,
    dealerId: row.dealer_id,
    context: row.context,
    timeZone: row.zone,
    birthDate: row.birth_date,
    preferredLanguage: row.preferred_language,
    stepId: row.step_id,
    waiting: row.waiting,
    wakeAt: row.wake_at,
    status: 'active',
    exitReason: null,
    settled: false,
  }));
  const log: LogEntry[] = [];
  const steps = new Map([...journeys.values()].map((j) => [j.id, stepById(j.definition)]));
  for (let round = 0; round < maxRounds; round++) {
    const moving = places.filter((place) => !place.settled);
    if (moving.length === 0) break;
    const groups = new Map<string, Place[]>();
    for (const place of moving) {
      const key = `${place.journeyId}\u0000${place.stepId ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), place]);
    }
    for (const group of groups.values()) {
      const journey = journeys.get(group[0]!.journeyId)!;
      const stepId = group[0]!.stepId;
      if (stepId === null) {
        for (const place of group) finish(place, 'completed', null);
        continue;
      }
      const step = steps.get(journey.id)!.get(stepId);
      if (!step) {
        // the step was removed by an edit while the person was on it
        for (const place of group) finish(place, 'exited', 'step_removed');
        continue;
      }
      await runStep(tx, journey, step, group, now, log, templates, winners);
    }
  }
  // a graph longer than the rounds cannot exist (validated); settle anyone left, to be safe
  for (const place of places) if (!place.settled) place.wakeAt = now;

  if (log.length) {
    await tx
      .insertInto('journey_step_log')
      .values(log)
      .onConflict((oc) => oc.columns(['enrollment_id', 'step_id']).doNothing())
      .execute();
  }
  await sql`update journey_enrollments e
       set step_id = u.step_id, wake_at = u.wake_at, waiting = u.waiting, status = u.status,
           exit_reason = u.exit_reason,
           finished_at = case when u.status = 'active' then null else ${now}::timestamptz end
      from unnest(${places.map((p) => p.enrollmentId)}::uuid[],
                  ${places.map((p) => p.stepId)}::text[],
                  ${places.map((p) => p.wakeAt.toISOString())}::timestamptz[],
                  ${places.map((p) => p.waiting)}::boolean[],
                  ${places.map((p) => p.status)}::text[],
                  ${places.map((p) => p.exitReason)}::text[])
           as u(id, step_id, wake_at, waiting, status, exit_reason)
     where e.id = u.id`.execute(tx);
  return { moved: places.length, queued: log.filter((item) => item.message_id).length };
}

function finish(place: Place, status: EnrollmentStatus, reason: string | null): void {
  place.status = status;
  place.exitReason = reason;
  place.settled = true;
}

function entry(place: Place, step: Step, outcome: string, extra: Partial<LogEntry> = {}) {
  return {
    enrollment_id: place.enrollmentId,
    journey_id: place.journeyId,
    customer_id: place.customerId,
    step_id: step.id,
    outcome,
    detail: null,
    message_id: null,
    task_id: null,
    ...extra,
  };
}

/** The arrived car a model_arrived trigger put in the run's context, if any. */
function arrivalOf(context: Record<string, unknown>): ArrivalContext | null {
  const { make, model, trim } = context;
  if (typeof make !== 'string' || typeof model !== 'string') return null;
  return { make, model, trim: typeof trim === 'string' ? trim : null };
}

const dateOrNull = (value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;

async function runStep(
  tx: Tx,
  journey: Journey,
  step: Step,
  group: Place[],
  now: Date,
  log: LogEntry[],
  templates: TemplateCache,
  winners: SplitWinners,
): Promise<void> {
  switch (step.type) {
    case 'wait': {
      for (const place of group) {
        if (place.waiting) {
          // woken: the wait is over
          place.waiting = false;
          place.stepId = step.next;
          log.push(entry(place, step, 'waited'));
          continue;
        }
        const wake = wakeTime(step, now, place.timeZone, {
          birthDate: place.birthDate,
          eventDate: dateOrNull(place.context.eventDate),
          serviceDueDate: dateOrNull(place.context.serviceDueDate),
        });
        if (!wake) {
          log.push(entry(place, step, 'no_date'));
          finish(place, 'exited', 'no_date');
        } else if (wake <= now) {
          place.stepId = step.next;
          log.push(entry(place, step, 'waited'));
        } else {
          place.waiting = true;
          place.wakeAt = wake;
          place.settled = true;
        }
      }
      return;
    }
    case 'condition': {
      const ids = group.map((place) => place.customerId);
      const rows = await sql<{ id: string }>`select c.id from customers c
         where c.id = any(${ids}::uuid[]) and ${compileCondition(step.condition, now)}`.execute(tx);
      const yes = new Set(rows.rows.map((row) => row.id));
      for (const place of group) {
        const matched = yes.has(place.customerId);
        place.stepId = matched ? step.yes : step.no;
        log.push(entry(place, step, matched ? 'yes' : 'no'));
      }
      return;
    }
    case 'split': {
      // the branch is logged by its key, which the per-branch figures count (not its place,
      // which an edit may change); once an automatic split has a winner, everyone goes there
      const winner = winningBranch(winners, journey.id, step);
      for (const place of group) {
        const branch = winner ?? step.branches[splitBranch(place.enrollmentId, step)]!;
        place.stepId = branch.next;
        log.push(entry(place, step, 'split', { detail: branch.key }));
      }
      return;
    }
    case 'send': {
      const outcomes = await sendStep(
        tx,
        journey,
        step,
        group.map((place) => ({
          enrollmentId: place.enrollmentId,
          customerId: place.customerId,
          dealerId: place.dealerId,
          arrival: arrivalOf(place.context),
        })),
        now,
        templates,
      );
      for (const place of group) {
        const outcome = outcomes.get(place.enrollmentId);
        log.push(
          entry(place, step, outcome?.status ?? 'blocked', {
            detail: outcome?.reason ?? (outcome ? null : 'no_customer'),
            message_id: outcome?.messageId ?? null,
          }),
        );
        place.stepId = step.next;
      }
      return;
    }
    case 'task': {
      await taskStep(tx, journey, step, group, now, log);
      return;
    }
    case 'update': {
      await updateStep(tx, step, group);
      for (const place of group) {
        log.push(entry(place, step, 'updated', { detail: `${step.field}=${step.value}` }));
        place.stepId = step.next;
      }
      return;
    }
    case 'points': {
      await pointsStep(tx, journey, step, group, now, log);
      return;
    }
    case 'exit': {
      for (const place of group) {
        log.push(entry(place, step, 'exit'));
        finish(place, 'completed', 'exit_step');
      }
      return;
    }
  }
}

type TaskStep = Extract<Step, { type: 'task' }>;

/**
 * A task for the person's dealer: to a user with the step's role there, else the dealer's CRM
 * or dealer manager (as the care programme does). No one there: logged, and the run goes on.
 * The group's tasks are one statement (activities' createTasks); a run that has passed this
 * step before (an edit led it back here) is not given a second task: the log's key says so.
 */
async function taskStep(
  tx: Tx,
  journey: Journey,
  step: TaskStep,
  group: Place[],
  now: Date,
  log: LogEntry[],
): Promise<void> {
  const dealers = [
    ...new Set(group.map((place) => place.dealerId ?? journey.dealerId).filter(Boolean)),
  ] as string[];
  const assignees = await sql<{ dealer_id: string; user_id: string; locale: string }>`
      select d.id as dealer_id, u.id as user_id, u.locale
        from unnest(${dealers}::uuid[]) as d(id)
        cross join lateral (
          select u.id, u.locale from users u
           where u.dealer_id = d.id and u.active
             and u.role in (${step.assigneeRole}, 'crm_manager', 'dealer_manager')
           order by u.role = ${step.assigneeRole} desc, u.role = 'crm_manager' desc, u.created_at
           limit 1) u`.execute(tx);
  const done = await sql<{ enrollment_id: string }>`select enrollment_id from journey_step_log
     where step_id = ${step.id}
       and enrollment_id = any(${group.map((place) => place.enrollmentId)}::uuid[])`.execute(tx);
  const byDealer = new Map(assignees.rows.map((row) => [row.dealer_id, row]));
  const passed = new Set(done.rows.map((row) => row.enrollment_id));
  const available = Object.keys(step.title);
  const dueAt = new Date(now.getTime() + step.dueInDays * 86_400_000);
  const wanted: BatchTask[] = [];
  for (const place of group) {
    place.stepId = step.next;
    if (passed.has(place.enrollmentId)) continue;
    const assignee = byDealer.get(place.dealerId ?? journey.dealerId ?? '');
    if (!assignee) {
      log.push(entry(place, step, 'skipped', { detail: 'no_assignee' }));
      continue;
    }
    const language = pickLanguage(available, assignee.locale as never, journey.defaultLanguage);
    wanted.push({
      ref: place.enrollmentId,
      customerId: place.customerId,
      title: step.title[language]!,
      description: journey.name,
      kind: step.kind,
      priority: step.priority,
      dueAt,
      assigneeUserId: assignee.user_id,
    });
  }
  const written = await createTasks(tx, systemActor('job'), wanted);
  const byRun = new Map(group.map((place) => [place.enrollmentId, place]));
  for (const task of wanted) {
    const place = byRun.get(task.ref)!;
    const taskId = written.get(task.ref);
    // refused (the customer is gone): logged like a missing assignee, and the run goes on
    log.push(
      taskId
        ? entry(place, step, 'task', { task_id: taskId })
        : entry(place, step, 'skipped', { detail: 'refused' }),
    );
  }
}

type UpdateStep = Extract<Step, { type: 'update' }>;

/**
 * The whitelist of changes a journey may make, each one statement for the whole group (the
 * customers table's audit trigger records them, attributed to the job).
 */
async function updateStep(tx: Tx, step: UpdateStep, group: Place[]): Promise<void> {
  const ids = group.map((place) => place.customerId);
  switch (step.field) {
    case 'lifecycle_stage':
      await sql`update customers set lifecycle_stage = ${step.value}
         where id = any(${ids}::uuid[]) and lifecycle_stage <> ${step.value}`.execute(tx);
      return;
    case 'add_interest':
      await sql`update customers set interests = array_append(interests, ${step.value}::text)
         where id = any(${ids}::uuid[]) and not (${step.value}::text = any(interests))`.execute(tx);
      return;
    case 'add_category':
      await sql`update customers set categories = array_append(categories, ${step.value}::text)
         where id = any(${ids}::uuid[]) and not (${step.value}::text = any(categories))`.execute(
        tx,
      );
      return;
  }
}

type PointsStep = Extract<Step, { type: 'points' }>;

/**
 * Owners-club points through the club module, one statement for the group. Who is not a
 * member is logged as skipped and goes on; the ledger key (run, step) keeps a retry from
 * awarding twice, as the log's key does.
 */
async function pointsStep(
  tx: Tx,
  journey: Journey,
  step: PointsStep,
  group: Place[],
  now: Date,
  log: LogEntry[],
): Promise<void> {
  const outcomes = await awardJourneyPoints(tx, {
    awards: group.map((place) => ({
      key: `${place.enrollmentId}:${step.id}`,
      customerId: place.customerId,
    })),
    points: step.points,
    reason: `${journey.name}: ${step.reason}`.slice(0, 500),
    clubId: step.clubId ?? null,
    brandId: journey.brandId,
    occurredOn: now.toISOString().slice(0, 10),
  });
  for (const place of group) {
    const outcome = outcomes.get(`${place.enrollmentId}:${step.id}`);
    place.stepId = step.next;
    if (outcome?.status === 'awarded' || outcome?.status === 'already_awarded') {
      log.push(entry(place, step, 'points', { detail: `${outcome.status}:${step.points}` }));
    } else {
      log.push(entry(place, step, 'skipped', { detail: 'not_member' }));
    }
  }
}
