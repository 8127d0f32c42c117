import { sql, type Expression } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { can, customerVisible, dealerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import { completeTask, createTask } from '../activities/index.ts';
import { assertCustomerVisible } from '../customers/index.ts';
import { findDealerById, namedOrOwnDealer, type DealerRef } from '../org/index.ts';
import type {
  ComplaintActionInput,
  ComplaintListQuery,
  ComplaintView,
  CreateComplaintInput,
} from './complaint.schemas.ts';
import type { ComplaintStatus, Severity } from './schema.ts';
import { allowedActions, nextStatus } from './transitions.ts';

/** Tasks for complaints go to whoever handles them, whatever the caller may direct. */
export function engine(actor: Actor): Actor {
  return { ...actor, role: 'group_admin', scope: { level: 'group' } };
}

export const highSeverity: readonly Severity[] = ['high', 'critical'];

/** The SLA's due time for a severity from a moment, in SQL so that the table decides. */
async function slaDue(db: Db | Tx, severity: Severity, from: Date): Promise<Date> {
  const row = await db
    .selectFrom('complaint_sla')
    .select(sql<Date>`${from}::timestamptz + make_interval(hours => resolve_hours)`.as('due_at'))
    .where('severity', '=', severity)
    .executeTakeFirstOrThrow();
  return new Date(row.due_at);
}

/** The dealer's manager, who handles complaints nobody else was named for, and escalations. */
export function dealerManagerId(dealerId: Expression<unknown> | string) {
  return sql<string | null>`(select u.id from users u
     where u.dealer_id = ${dealerId} and u.active
       and u.role in ('dealer_manager', 'crm_manager')
     order by u.role = 'dealer_manager' desc, u.created_at limit 1)`;
}

type Links = { dealer?: DealerRef; vehicleId: string | null; visitId: string | null };

/** The dealer, vehicle and visit a complaint is about, each checked against the customer. */
async function resolveLinks(
  db: Db,
  actor: Actor,
  input: CreateComplaintInput,
  problems: FieldProblem[],
): Promise<Links> {
  let dealer: DealerRef | undefined;
  let vehicleId = input.vehicleId ?? null;
  const visitId = input.visitId ?? null;
  if (visitId) {
    const visit = await db
      .selectFrom('service_visits')
      .select(['vehicle_id', 'dealer_id', 'customer_id'])
      .where('id', '=', visitId)
      .where((eb) => dealerVisible(actor, eb.ref('dealer_id')))
      .executeTakeFirst();
    if (!visit || visit.customer_id !== input.customerId)
      problems.push({ path: 'visitId', message: 'not a visit of this customer at your dealers' });
    else {
      vehicleId ??= visit.vehicle_id;
      if (!input.dealerCode) dealer = await findDealerById(db, visit.dealer_id);
    }
  }
  // a visit's dealer is in scope already: the visit was read within it
  dealer ??= await namedOrOwnDealer(db, actor, input.dealerCode, problems);
  if (vehicleId) {
    // the customer's car now or before: complaints about a sold car still count
    const owned = await db
      .selectFrom('vehicle_ownerships')
      .select('vehicle_id')
      .where('vehicle_id', '=', vehicleId)
      .where('customer_id', '=', input.customerId)
      .executeTakeFirst();
    if (!owned) problems.push({ path: 'vehicleId', message: 'not a vehicle of this customer' });
  }
  return { ...(dealer ? { dealer } : {}), vehicleId, visitId };
}

async function responsibleFor(
  db: Db,
  actor: Actor,
  dealer: DealerRef,
  given: string | null | undefined,
  problems: FieldProblem[],
): Promise<string | null> {
  if (given) {
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('id', '=', given)
      .where('dealer_id', '=', dealer.id)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!user)
      problems.push({
        path: 'responsibleUserId',
        message: 'not an active user of the dealer',
      });
    return user?.id ?? null;
  }
  // who takes it in at the dealer handles it, except the call centre, which only takes calls
  if (actor.dealerId === dealer.id && actor.userId && actor.role !== 'call_center')
    return actor.userId;
  const manager = await sql<{
    id: string | null;
  }>`select ${dealerManagerId(dealer.id)} as id`.execute(db);
  const id = manager.rows[0]?.id ?? null;
  if (!id)
    problems.push({
      path: 'responsibleUserId',
      message: 'the dealer has no manager: name who handles it',
      code: 'required',
    });
  return id;
}

/**
 * Takes a complaint in: its SLA from the severity, a handling task for the responsible person
 * due when the SLA runs out (high and critical ones at high priority), and the first event.
 */
export async function openComplaint(
  db: Db,
  actor: Actor,
  input: CreateComplaintInput,
): Promise<{ id: string; number: number }> {
  if (!can(actor, 'complaints:write')) throw new ForbiddenError();
  await assertCustomerVisible(db, actor, input.customerId);
  const problems: FieldProblem[] = [];
  const links = await resolveLinks(db, actor, input, problems);
  const responsible = links.dealer
    ? await responsibleFor(db, actor, links.dealer, input.responsibleUserId, problems)
    : null;
  if (problems.length || !links.dealer) throw new ValidationError(problems);
  const dealer = links.dealer;
  return withActor(db, actor, async (tx) => {
    const now = new Date();
    const dueAt = await slaDue(tx, input.severity, now);
    const complaint = await tx
      .insertInto('complaints')
      .values({
        customer_id: input.customerId,
        dealer_id: dealer.id,
        vehicle_id: links.vehicleId,
        visit_id: links.visitId,
        channel: input.channel,
        category: input.category,
        severity: input.severity,
        subject: input.subject,
        description: input.description ?? null,
        responsible_user_id: responsible,
        opened_at: now,
        due_at: dueAt,
        created_by: actor.userId,
      })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();
    const task = responsible
      ? await createTask(tx, engine(actor), {
          customerId: input.customerId,
          title: `Complaint #${complaint.number}: ${input.subject}`.slice(0, 300),
          description: input.description ?? null,
          kind: 'other',
          priority: highSeverity.includes(input.severity) ? 'high' : 'normal',
          dueAt: dueAt.toISOString(),
          assigneeUserId: responsible,
        })
      : null;
    await tx
      .updateTable('complaints')
      .set({ task_id: task?.id ?? null })
      .where('id', '=', complaint.id)
      .execute();
    await tx
      .insertInto('complaint_events')
      .values({
        complaint_id: complaint.id,
        customer_id: input.customerId,
        user_id: actor.userId,
        kind: 'opened',
        to_status: 'open',
        note: `${input.severity} via ${input.channel}`,
      })
      .execute();
    return { id: complaint.id, number: Number(complaint.number) };
  });
}

/** Complaints the actor may see: of customers in his scope, about his dealers. */
export function visibleComplaints(db: Db | Tx, actor: Actor) {
  return db
    .selectFrom('complaints as k')
    .innerJoin('customers as c', 'c.id', 'k.customer_id')
    .innerJoin('dealers as d', 'd.id', 'k.dealer_id')
    .leftJoin('users as u', 'u.id', 'k.responsible_user_id')
    .leftJoin('vehicles as v', 'v.id', 'k.vehicle_id')
    .leftJoin('service_visits as s', 's.id', 'k.visit_id')
    .where((eb) => customerVisible(actor, eb.ref('k.customer_id')))
    .where((eb) => dealerVisible(actor, eb.ref('k.dealer_id')));
}

function selectComplaint(query: ReturnType<typeof visibleComplaints>, withEvents: boolean) {
  return query.selectAll('k').select([
    'c.display_name',
    'd.code as dealer_code',
    'u.display_name as responsible_name',
    'v.make_name',
    'v.model_name',
    's.visit_date',
    's.visit_type',
    sql<boolean>`k.status in ('open', 'investigating') and k.due_at < now()`.as('overdue'),
    withEvents
      ? sql<unknown>`coalesce((select jsonb_agg(jsonb_build_object('at', e.at, 'kind', e.kind,
            'fromStatus', e.from_status, 'toStatus', e.to_status, 'note', e.note,
            'user', eu.display_name) order by e.at, e.id)
          from complaint_events e left join users eu on eu.id = e.user_id
          where e.complaint_id = k.id), '[]'::jsonb)`.as('events')
      : sql<unknown>`'[]'::jsonb`.as('events'),
  ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof selectComplaint>['execute']>>[number];

function toView(row: Row): ComplaintView {
  const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);
  return {
    id: row.id,
    number: Number(row.number),
    customer: { id: row.customer_id, displayName: row.display_name },
    dealerCode: row.dealer_code,
    vehicle: row.vehicle_id
      ? { id: row.vehicle_id, makeName: row.make_name ?? '', modelName: row.model_name }
      : null,
    visit:
      row.visit_id && row.visit_date
        ? { id: row.visit_id, date: row.visit_date, type: row.visit_type ?? '' }
        : null,
    channel: row.channel,
    category: row.category,
    severity: row.severity,
    subject: row.subject,
    description: row.description,
    responsible: row.responsible_user_id
      ? { id: row.responsible_user_id, name: row.responsible_name ?? '' }
      : null,
    status: row.status,
    allowedActions: allowedActions(row.status),
    openedAt: row.opened_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    overdue: row.overdue,
    escalatedAt: iso(row.escalated_at),
    resolution: row.resolution,
    resolvedAt: iso(row.resolved_at),
    closedAt: iso(row.closed_at),
    reopenCount: row.reopen_count,
    taskId: row.task_id,
    events: (
      row.events as {
        at: string;
        kind: string;
        fromStatus: string | null;
        toStatus: string | null;
        note: string | null;
        user: string | null;
      }[]
    ).map((event) => ({ ...event, at: new Date(event.at).toISOString() })),
  };
}

export async function getComplaint(db: Db, actor: Actor, id: string): Promise<ComplaintView> {
  const row = await selectComplaint(
    visibleComplaints(db, actor).where('k.id', '=', id),
    true,
  ).executeTakeFirst();
  if (!row) throw new NotFoundError('Complaint');
  return toView(row);
}

export async function listComplaints(
  db: Db,
  actor: Actor,
  query: ComplaintListQuery,
): Promise<{ items: ComplaintView[]; total: number }> {
  let complaints = visibleComplaints(db, actor);
  if (query.status) complaints = complaints.where('k.status', '=', query.status);
  if (query.active === 'true')
    complaints = complaints.where('k.status', 'in', ['open', 'investigating']);
  if (query.overdue === 'true')
    complaints = complaints
      .where('k.status', 'in', ['open', 'investigating'])
      .where('k.due_at', '<', sql<Date>`now()`);
  if (query.customerId) complaints = complaints.where('k.customer_id', '=', query.customerId);
  if (query.dealerCode)
    complaints = complaints.where('d.code', '=', query.dealerCode.toUpperCase());
  if (query.severity) complaints = complaints.where('k.severity', '=', query.severity);
  if (query.category) complaints = complaints.where('k.category', '=', query.category);
  if (query.responsibleUserId)
    complaints = complaints.where('k.responsible_user_id', '=', query.responsibleUserId);
  if (query.number) complaints = complaints.where('k.number', '=', query.number);
  const [rows, count] = await Promise.all([
    selectComplaint(complaints, false)
      .orderBy(sql`k.status in ('open', 'investigating')`, 'desc')
      .orderBy('k.due_at')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    complaints.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toView), total: Number(count.total) };
}

/**
 * Moves a complaint along its states; a move the state machine does not allow is a conflict.
 * Resolving needs the resolution, reopening the reason; a reopened complaint gets a new SLA and
 * may be escalated again. Closing or resolving closes the handling task.
 */
export async function actOnComplaint(
  db: Db,
  actor: Actor,
  id: string,
  input: ComplaintActionInput,
): Promise<ComplaintView> {
  if (!can(actor, 'complaints:write')) throw new ForbiddenError();
  const note = input.note?.trim() || null;
  if ((input.action === 'resolve' || input.action === 'reopen') && !note)
    throw new ValidationError([
      {
        path: 'note',
        message: input.action === 'resolve' ? 'give the resolution' : 'say why it is reopened',
        code: 'required',
      },
    ]);
  await withActor(db, actor, async (tx) => {
    const current = await visibleComplaints(tx, actor)
      .select([
        'k.id',
        'k.status',
        'k.severity',
        'k.customer_id',
        'k.task_id',
        'k.responsible_user_id',
        'k.number',
        'k.subject',
      ])
      .where('k.id', '=', id)
      .forUpdate('k')
      .executeTakeFirst();
    if (!current) throw new NotFoundError('Complaint');
    const to = nextStatus(current.status, input.action);
    if (!to)
      throw new ConflictError(`A complaint that is ${current.status} cannot ${input.action}`, [
        {
          path: 'action',
          message: `not allowed when ${current.status}`,
          code: 'transition_not_allowed',
          params: { status: current.status },
        },
      ]).because('complaint_action_not_allowed', {
        status: current.status,
        action: input.action,
      });
    const now = new Date();
    const change =
      input.action === 'resolve'
        ? { status: to, resolution: note, resolved_at: now }
        : input.action === 'close'
          ? { status: to, closed_at: now }
          : input.action === 'reopen'
            ? {
                status: to,
                due_at: await slaDue(tx, current.severity, now),
                resolved_at: null,
                closed_at: null,
                escalated_at: null,
                reopen_count: sql<number>`reopen_count + 1`,
              }
            : { status: to };
    await tx.updateTable('complaints').set(change).where('id', '=', id).execute();
    await tx
      .insertInto('complaint_events')
      .values({
        complaint_id: id,
        customer_id: current.customer_id,
        user_id: actor.userId,
        kind: input.action === 'reopen' ? 'reopened' : 'status',
        from_status: current.status as ComplaintStatus,
        to_status: to,
        note,
      })
      .execute();
    await followTask(tx, actor, current, to, now);
  });
  return getComplaint(db, actor, id);
}

/**
 * The handling task is done when the complaint is resolved; a reopened one gets a new task.
 * Complaint tasks are of kind "other" so that closing them logs no customer contact.
 */
async function followTask(
  tx: Tx,
  actor: Actor,
  complaint: {
    id: string;
    task_id: string | null;
    customer_id: string;
    responsible_user_id: string | null;
    number: number;
    subject: string;
  },
  to: ComplaintStatus,
  now: Date,
): Promise<void> {
  const task = complaint.task_id
    ? await tx
        .selectFrom('tasks')
        .select('status')
        .where('id', '=', complaint.task_id)
        .executeTakeFirst()
    : undefined;
  if ((to === 'resolved' || to === 'closed') && task?.status === 'open' && complaint.task_id) {
    await completeTask(tx, engine(actor), complaint.task_id, { result: `Complaint ${to}` });
    return;
  }
  if (to === 'open' && complaint.responsible_user_id) {
    const due = await tx
      .selectFrom('complaints')
      .select('due_at')
      .where('id', '=', complaint.id)
      .executeTakeFirstOrThrow();
    const next = await createTask(tx, engine(actor), {
      customerId: complaint.customer_id,
      title: `Complaint #${complaint.number} reopened: ${complaint.subject}`.slice(0, 300),
      kind: 'other',
      priority: 'high',
      dueAt: (due.due_at > now ? due.due_at : now).toISOString(),
      assigneeUserId: complaint.responsible_user_id,
    });
    await tx
      .updateTable('complaints')
      .set({ task_id: next.id })
      .where('id', '=', complaint.id)
      .execute();
  }
}
