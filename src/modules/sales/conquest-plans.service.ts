import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, dealerVisible, scopeBrandId, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import { addDays, localDate } from '../../lib/zoned-time.ts';
import { namedOrOwnDealer } from '../org/index.ts';
import {
  conquestReport,
  historyWindow,
  periodOf,
  type ConquestReport,
  type FunnelRow,
} from './conquest-plan.ts';
import { catalogSeries, seriesOfActorBrand } from './conquest-series.ts';
import { modelOfActorBrand } from './order-view.ts';
import type { ConquestPlanInput } from './conquest.schemas.ts';
import type { PeriodKind } from './schema.ts';

/**
 * Leads by source that came in over [from, to) with how many of them bought: the leads
 * module's leadFunnelBySource.
 */
export type LeadFunnel = (
  db: Db,
  actor: Actor,
  filter: { dealerId?: string; from: string; to: string },
) => Promise<FunnelRow[]>;

function checkPeriodStart(kind: PeriodKind, start: string, problems: FieldProblem[]): void {
  const month = Number(start.slice(5, 7));
  if (start.slice(8) !== '01') problems.push({ path: 'periodStart', message: 'not a first day' });
  else if (kind === 'quarter' && (month - 1) % 3 !== 0)
    problems.push({ path: 'periodStart', message: 'a quarter starts in Jan, Apr, Jul or Oct' });
}

/** Sets a dealer's target for a month or quarter (replacing the targets given before). */
export async function saveConquestPlan(
  db: Db,
  actor: Actor,
  input: ConquestPlanInput,
): Promise<{ id: string }> {
  if (!can(actor, 'sales:manage')) throw new ForbiddenError();
  const problems: FieldProblem[] = [];
  const dealer = await namedOrOwnDealer(db, actor, input.dealerCode, problems);
  checkPeriodStart(input.periodKind, input.periodStart, problems);
  const seen = new Set<string>();
  const known = await catalogSeries(
    db,
    input.targets.map((target) => target.series),
  );
  const ownBrand = scopeBrandId(actor);
  const targets = input.targets.map((target, index) => {
    const path = `targets.${index}.series`;
    const key = target.series.toLowerCase();
    const series = known.get(key);
    if (seen.has(key)) problems.push({ path, message: 'given twice' });
    else if (!series)
      problems.push({ path, code: 'invalid_choice', message: 'not a series of the catalogue' });
    else if (ownBrand && !series.brandIds.includes(ownBrand))
      problems.push({ path, code: 'invalid_choice', message: 'not a series of your brand' });
    seen.add(key);
    // the catalogue's spelling, which the orders carry: "x5" would never meet "X5"
    return { series: series?.series ?? target.series, targetUnits: target.targetUnits };
  });
  if (problems.length || !dealer) throw new ValidationError(problems);

  return withActor(db, actor, async (tx) => {
    const { id } = await tx
      .insertInto('conquest_plans')
      .values({
        dealer_id: dealer.id,
        period_kind: input.periodKind,
        period_start: input.periodStart,
        created_by: actor.userId,
      })
      .onConflict((oc) =>
        oc
          .columns(['dealer_id', 'period_kind', 'period_start'])
          .doUpdateSet({ updated_at: sql<Date>`now()` }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    // a brand-level planner replaces his brand's targets and leaves the other brands' alone
    await tx
      .deleteFrom('conquest_plan_targets')
      .where('plan_id', '=', id)
      .where((eb) => seriesOfActorBrand(actor, eb.ref('conquest_plan_targets.series')))
      .execute();
    await tx
      .insertInto('conquest_plan_targets')
      .values(
        targets.map((target) => ({
          plan_id: id,
          series: target.series,
          target_units: target.targetUnits,
        })),
      )
      .execute();
    return { id };
  });
}

function plansQuery(db: Db, actor: Actor) {
  return db
    .selectFrom('conquest_plans as p')
    .innerJoin('dealers as d', 'd.id', 'p.dealer_id')
    .where((eb) => dealerVisible(actor, eb.ref('p.dealer_id')))
    .select([
      'p.id',
      'p.dealer_id',
      'd.code as dealer_code',
      'd.timezone',
      'p.period_kind',
      'p.period_start',
      sql<number>`(select coalesce(sum(t.target_units), 0) from conquest_plan_targets t
                    where t.plan_id = p.id
                      and ${seriesOfActorBrand(actor, sql.ref('t.series'))})`.as('target_units'),
    ]);
}

export type ConquestPlanSummary = {
  id: string;
  dealerCode: string;
  periodKind: PeriodKind;
  periodStart: string;
  periodEnd: string;
  targetUnits: number;
};

export async function listConquestPlans(
  db: Db,
  actor: Actor,
  filter: { dealerCode?: string },
): Promise<ConquestPlanSummary[]> {
  let query = plansQuery(db, actor);
  if (filter.dealerCode) query = query.where('d.code', '=', filter.dealerCode.toUpperCase());
  const rows = await query.orderBy('p.period_start', 'desc').orderBy('d.code').limit(200).execute();
  return rows.map((row) => ({
    id: row.id,
    dealerCode: row.dealer_code,
    periodKind: row.period_kind,
    periodStart: row.period_start,
    periodEnd: periodOf(row.period_kind, row.period_start).end,
    targetUnits: Number(row.target_units),
  }));
}

/**
 * Deliveries of a dealer's orders between two dates, by model series: all of them for the
 * dealer's staff and those above, only those for cars of his brand for a brand-level actor.
 */
async function deliveriesBySeries(
  db: Db,
  actor: Actor,
  dealerId: string,
  from: string,
  to: string,
) {
  const rows = await db
    .selectFrom('orders')
    .select(['series', (eb) => eb.fn.countAll<number>().as('units')])
    .where('dealer_id', '=', dealerId)
    .where((eb) => modelOfActorBrand(actor, eb.ref('orders.model_id')))
    .where('status', '=', 'delivered')
    .where('delivered_on', '>=', from)
    .where('delivered_on', '<=', to)
    .groupBy('series')
    .execute();
  return rows.map((row) => ({ series: row.series ?? '—', units: Number(row.units) }));
}

export type ConquestPlanView = ConquestPlanSummary &
  ConquestReport & { today: string; historyFrom: string; historyTo: string };

/**
 * The plan with its arithmetic: conversion rates of the twelve months before the period, and
 * what has happened in the period up to today (deliveries of our orders, prospects by channel).
 */
export async function conquestPlanReport(
  db: Db,
  actor: Actor,
  id: string,
  funnel: LeadFunnel,
  now = new Date(),
): Promise<ConquestPlanView> {
  const row = await plansQuery(db, actor).where('p.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Conquest plan');
  const period = periodOf(row.period_kind, row.period_start);
  const history = historyWindow(period);
  const today = localDate(now, row.timezone);
  const soFar = today < period.end ? today : period.end;
  const started = today >= period.start;
  const [targets, historyRows, actualProspects, actualDeliveries] = await Promise.all([
    db
      .selectFrom('conquest_plan_targets')
      .select(['series', 'target_units'])
      .where('plan_id', '=', id)
      .where((eb) => seriesOfActorBrand(actor, eb.ref('conquest_plan_targets.series')))
      .orderBy('series')
      .execute(),
    funnel(db, actor, {
      dealerId: row.dealer_id,
      from: history.start,
      to: addDays(history.end, 1),
    }),
    started
      ? funnel(db, actor, { dealerId: row.dealer_id, from: period.start, to: addDays(soFar, 1) })
      : Promise.resolve([]),
    started
      ? deliveriesBySeries(db, actor, row.dealer_id, period.start, soFar)
      : Promise.resolve([]),
  ]);
  const report = conquestReport({
    period,
    today,
    targets: targets.map((t) => ({ series: t.series, targetUnits: t.target_units })),
    history: historyRows,
    actualDeliveries,
    actualProspects,
  });
  return {
    id: row.id,
    dealerCode: row.dealer_code,
    periodKind: row.period_kind,
    periodStart: row.period_start,
    periodEnd: period.end,
    targetUnits: report.totals.targetUnits,
    today,
    historyFrom: history.start,
    historyTo: history.end,
    ...report,
  };
}
