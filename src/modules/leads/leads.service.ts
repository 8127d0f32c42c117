import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError, ValidationError, type FieldProblem } from '../../lib/errors.ts';
import { isCurrencyCode } from '../../lib/currency.ts';
import { isActiveUserOf } from '../org/index.ts';
import { engineActor } from './engine-actor.ts';
import { cancelOpenLeadTasks, createLeadTask } from './follow-up.ts';
import {
  leadBaseQuery,
  leadColumns,
  leadExtras,
  leadView,
  loadLead,
  qualifiedSql,
  temperatureSql,
  todayUtc,
  type LeadView,
} from './lead-queries.ts';
import type { LeadChanges, LeadFilter } from './leads.schemas.ts';
import { leadStages, type LeadStage } from './schema.ts';

/** The list's filters over the leads in scope: the list, the board and the export share it. */
export function filteredLeads(db: Db, actor: Actor, filter: Omit<LeadFilter, 'limit' | 'offset'>) {
  let query = leadBaseQuery(db, actor);
  if (filter.stage) query = query.where('l.stage', '=', filter.stage);
  if (filter.source) query = query.where('l.source_key', '=', filter.source);
  if (filter.dealerId) query = query.where('l.dealer_id', '=', filter.dealerId);
  if (filter.assignee === 'me') query = query.where('l.assigned_user_id', '=', actor.userId);
  else if (filter.assignee === 'none') query = query.where('l.assigned_user_id', 'is', null);
  else if (filter.assignee) query = query.where('l.assigned_user_id', '=', filter.assignee);
  if (filter.temperature) query = query.where(temperatureSql(), '=', filter.temperature);
  if (filter.qualified !== undefined) {
    query = query.where(filter.qualified ? qualifiedSql() : sql<boolean>`not ${qualifiedSql()}`);
  }
  if (filter.open) query = query.where('l.stage', 'not in', ['delivered', 'lost']);
  // the day a lead came in is the dealer's day (an unrouted lead's: UTC)
  const createdOn = sql<string>`(l.created_at at time zone coalesce(d.timezone, 'UTC'))::date`;
  if (filter.createdFrom) query = query.where(createdOn, '>=', filter.createdFrom);
  if (filter.createdTo) query = query.where(createdOn, '<=', filter.createdTo);
  if (filter.campaign) {
    const campaign = filter.campaign.toLowerCase();
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['l.campaign']), '=', campaign),
        eb(eb.fn('lower', ['l.utm_campaign']), '=', campaign),
      ]),
    );
  }
  return query;
}

/** A period that ends before it starts is a mistake to name, not an empty list. */
export function checkPeriod(filter: Pick<LeadFilter, 'createdFrom' | 'createdTo'>): void {
  if (filter.createdFrom && filter.createdTo && filter.createdTo < filter.createdFrom) {
    throw new ValidationError([
      { path: 'createdTo', code: 'invalid', message: 'before createdFrom' },
    ]);
  }
}

export async function listLeads(
  db: Db,
  actor: Actor,
  filter: LeadFilter,
): Promise<{ items: LeadView[]; total: number }> {
  if (!can(actor, 'customers:read')) throw new ForbiddenError();
  checkPeriod(filter);
  const query = filteredLeads(db, actor, filter);
  const [rows, count] = await Promise.all([
    query
      .select(leadColumns)
      .select(leadExtras())
      .orderBy('l.updated_at', 'desc')
      .orderBy('l.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  const today = todayUtc();
  return { items: rows.map((row) => leadView(row, today)), total: Number(count.total) };
}

export type BoardColumn = { stage: LeadStage; total: number; items: LeadView[] };

/**
 * The kanban board: every stage with its count and its most recently moved leads. Closed
 * columns show only the last 30 days so that the board stays a working tool.
 */
export async function leadBoard(
  db: Db,
  actor: Actor,
  filter: { dealerId?: string | undefined; assignee?: string | undefined; perColumn: number },
): Promise<{ columns: BoardColumn[] }> {
  if (!can(actor, 'customers:read')) throw new ForbiddenError();
  const base = () =>
    filteredLeads(db, actor, { dealerId: filter.dealerId, assignee: filter.assignee }).where((eb) =>
      eb.or([
        eb('l.stage', 'not in', ['delivered', 'lost']),
        eb('l.stage_changed_at', '>', sql<Date>`now() - interval '30 days'`),
      ]),
    );
  // one indexed range per column (leads_dealer_board_idx / leads_assignee_board_idx) rather
  // than a window over every lead in scope
  const [counts, ...perStage] = await Promise.all([
    base()
      .select(['l.stage', (eb) => eb.fn.countAll<number>().as('total')])
      .groupBy('l.stage')
      .execute(),
    ...leadStages.map((stage) =>
      base()
        .where('l.stage', '=', stage)
        .select(leadColumns)
        .select(leadExtras())
        .orderBy('l.stage_changed_at', 'desc')
        .orderBy('l.id')
        .limit(filter.perColumn)
        .execute(),
    ),
  ]);
  const today = todayUtc();
  const columns = leadStages.map((stage, index) => ({
    stage,
    total: Number(counts.find((count) => count.stage === stage)?.total ?? 0),
    items: (perStage[index] ?? []).map((row) => leadView(row, today)),
  }));
  return { columns };
}

export type LeadDetail = LeadView & {
  history: {
    fromStage: LeadStage | null;
    toStage: LeadStage;
    note: string | null;
    user: string | null;
    at: string;
  }[];
  openTasks: { id: string; title: string; dueAt: string; purpose: string; overdue: boolean }[];
};

export async function getLead(db: Db, actor: Actor, leadId: string): Promise<LeadDetail> {
  if (!can(actor, 'customers:read')) throw new ForbiddenError();
  const lead = await loadLead(db, actor, leadId);
  const [history, tasks] = await Promise.all([
    db
      .selectFrom('lead_stage_history as h')
      .leftJoin('users as u', 'u.id', 'h.user_id')
      .select(['h.from_stage', 'h.to_stage', 'h.note', 'h.changed_at', 'u.display_name'])
      .where('h.lead_id', '=', leadId)
      .orderBy('h.changed_at')
      .orderBy('h.id')
      .execute(),
    db
      .selectFrom('lead_tasks as lt')
      .innerJoin('tasks as t', 't.id', 'lt.task_id')
      .select(['t.id', 't.title', 't.due_at', 'lt.purpose'])
      .where('lt.lead_id', '=', leadId)
      .where('t.status', '=', 'open')
      .orderBy('t.due_at')
      .execute(),
  ]);
  const now = Date.now();
  return {
    ...lead,
    history: history.map((row) => ({
      fromStage: row.from_stage,
      toStage: row.to_stage,
      note: row.note,
      user: row.display_name,
      at: new Date(row.changed_at).toISOString(),
    })),
    openTasks: tasks.map((task) => ({
      id: task.id,
      title: task.title,
      dueAt: new Date(task.due_at).toISOString(),
      purpose: task.purpose,
      overdue: new Date(task.due_at).getTime() < now,
    })),
  };
}

/** A lead the actor may change: visible, and a consultant's own or his dealer's unassigned. */
export async function loadWritableLead(db: Db, actor: Actor, leadId: string): Promise<LeadView> {
  if (!can(actor, 'customers:write')) throw new ForbiddenError();
  return loadLead(db, actor, leadId);
}

async function checkAssignee(
  db: Db,
  actor: Actor,
  lead: LeadView,
  userId: string | null,
  problems: FieldProblem[],
): Promise<void> {
  if (userId === null) return;
  if (actor.role === 'sales_consultant' && userId !== actor.userId) {
    throw new ForbiddenError('A consultant may take a lead only for himself').because(
      'only_for_yourself',
    );
  }
  if (!lead.dealer || !(await isActiveUserOf(db, userId, lead.dealer.id)))
    problems.push({ path: 'assignedUserId', message: "not an active user of the lead's dealer" });
}

export async function updateLead(
  db: Db,
  actor: Actor,
  leadId: string,
  changes: LeadChanges,
): Promise<LeadDetail> {
  const lead = await loadWritableLead(db, actor, leadId);
  const problems: FieldProblem[] = [];
  if (changes.assignedUserId !== undefined) {
    await checkAssignee(db, actor, lead, changes.assignedUserId, problems);
  }
  if (changes.nextContactAt && Date.parse(changes.nextContactAt) < Date.now() - 60_000) {
    problems.push({ path: 'nextContactAt', message: 'lies in the past' });
  }
  if (changes.budget && changes.budget.minor != null && !changes.budget.currency) {
    problems.push({
      path: 'budget.currency',
      message: 'required with an amount',
      code: 'required',
    });
  }
  if (changes.budget?.currency && !isCurrencyCode(changes.budget.currency)) {
    problems.push({
      path: 'budget.currency',
      message: `${changes.budget.currency} is not an ISO 4217 currency code`,
      code: 'unknown_currency',
    });
  }
  if (problems.length) throw new ValidationError(problems);
  await withActor(db, actor, async (tx) => {
    const columns = {
      ...(changes.interestType !== undefined ? { interest_type: changes.interestType } : {}),
      ...(changes.intendedPurchaseDate !== undefined
        ? { intended_purchase_date: changes.intendedPurchaseDate }
        : {}),
      ...(changes.timeframe !== undefined ? { timeframe: changes.timeframe } : {}),
      ...(changes.budget !== undefined
        ? {
            budget_minor: changes.budget?.minor ?? null,
            currency: changes.budget?.minor != null ? changes.budget.currency : null,
          }
        : {}),
      ...(changes.colour !== undefined ? { colour: changes.colour } : {}),
      ...(changes.condition !== undefined ? { condition: changes.condition } : {}),
      ...(changes.currentCar !== undefined
        ? {
            current_car_make: changes.currentCar?.make ?? null,
            current_car_model: changes.currentCar?.model ?? null,
            current_car_year: changes.currentCar?.year ?? null,
          }
        : {}),
      ...(changes.promotions !== undefined ? { promotions: changes.promotions } : {}),
      ...(changes.competitorModels !== undefined
        ? { competitor_models: changes.competitorModels }
        : {}),
      ...(changes.comment !== undefined ? { comment: changes.comment } : {}),
      ...(changes.campaign !== undefined ? { campaign: changes.campaign } : {}),
      ...(changes.lastContactResult !== undefined
        ? { last_contact_result: changes.lastContactResult }
        : {}),
      ...(changes.nextContactPlan !== undefined
        ? { next_contact_plan: changes.nextContactPlan }
        : {}),
      ...(changes.nextContactAt !== undefined
        ? { next_contact_at: changes.nextContactAt ? new Date(changes.nextContactAt) : null }
        : {}),
      ...(changes.assignedUserId !== undefined ? { assigned_user_id: changes.assignedUserId } : {}),
    };
    if (Object.keys(columns).length) {
      await tx.updateTable('leads').set(columns).where('id', '=', leadId).execute();
    }
    if (changes.vehicles) {
      await tx.deleteFrom('lead_vehicles').where('lead_id', '=', leadId).execute();
      if (changes.vehicles.length) {
        await tx
          .insertInto('lead_vehicles')
          .values(
            changes.vehicles.map((vehicle, position) => ({
              lead_id: leadId,
              customer_id: lead.customer.id,
              position,
              make: vehicle.make ?? null,
              model: vehicle.model ?? null,
              year: vehicle.year ?? null,
              trim: vehicle.trim ?? null,
              colour: vehicle.colour ?? null,
              condition: vehicle.condition ?? null,
            })),
          )
          .execute();
      }
    }
    // a newly planned next contact becomes a task on that date (issue 3: follow-up), in place of
    // the one planned before; the same instant written another way is no new plan
    const planMoved =
      changes.nextContactAt &&
      Date.parse(changes.nextContactAt) !== Date.parse(lead.nextContactAt ?? '');
    if (changes.nextContactAt && lead.dealer && planMoved) {
      await cancelOpenLeadTasks(tx, engineActor(actor), leadId, 'next_contact');
      await createLeadTask(
        tx,
        engineActor(actor),
        {
          id: leadId,
          customerId: lead.customer.id,
          dealerId: lead.dealer.id,
          assignedUserId:
            changes.assignedUserId !== undefined
              ? changes.assignedUserId
              : (lead.assignee?.id ?? null),
        },
        {
          purpose: 'next_contact',
          title: changes.nextContactPlan ?? lead.nextContactPlan ?? { system: 'plannedContact' },
          kind: 'follow_up',
          priority: 'normal',
          dueAt: new Date(changes.nextContactAt),
        },
      );
    }
  });
  return getLead(db, actor, leadId);
}

/**
 * A test drive or an order names the lead it serves: the lead must be one the actor may work
 * and be the same customer's, or a booking could move a stranger's pipeline (field `leadId`).
 */
export async function assertLeadOfCustomer(
  db: Db,
  actor: Actor,
  leadId: string,
  customerId: string,
): Promise<void> {
  const lead = await leadBaseQuery(db, actor)
    .select('l.customer_id')
    .where('l.id', '=', leadId)
    .executeTakeFirst();
  if (!lead) throw new ValidationError([{ path: 'leadId', message: 'no such lead' }]);
  if (lead.customer_id !== customerId) {
    throw new ValidationError([
      { path: 'leadId', message: "is another customer's lead", code: 'lead_of_other_customer' },
    ]);
  }
}
