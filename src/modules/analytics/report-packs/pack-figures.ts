import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { dealerRowCondition, resolveFilter } from '../dashboards/dashboard-filters.ts';
import { prospectsDashboard } from '../dashboards/prospects-dashboard.ts';
import { qualityDashboard } from '../dashboards/quality-dashboard.ts';
import type { Cell, Report, ReportTable } from '../dashboards/report.ts';
import { responseDashboard } from '../dashboards/response-dashboard.ts';
import { usageDashboard } from '../dashboards/usage-dashboard.ts';
import { packPeriods } from './pack-week.ts';

export const packMetrics = [
  'newProspects',
  'hotProspects',
  'testDrives',
  'orders',
  'serviceVisits',
  'claims',
  'csiAverage',
  'overdueTasks',
  'logins',
  'activities',
] as const;
export type PackMetric = (typeof packMetrics)[number];

/** Figures read as of now rather than per week: the pack shows them once. */
export const nowOnlyMetrics: readonly PackMetric[] = ['overdueTasks'];

export type WeekFigures = Record<PackMetric, number | null>;
/** A figure the usage table does not have is null (shown as a dash), never another's value. */
export type DealerUsageRow = {
  dealer: string | null;
  users: number | null;
  logins: number | null;
  activities: number | null;
  overdueTasks: number | null;
};

export type PackFigures = {
  weekStart: string;
  current: WeekFigures;
  previous: WeekFigures;
  /** per dealer of the recipient's scope, the reported week */
  perDealer: DealerUsageRow[];
  asOf: string | null;
};

const kpi = (report: Report, key: string): number | null =>
  report.kpis.find((candidate) => candidate.key === key)?.value ?? null;

/** The sum of one numeric column of a report table. */
function columnSum(report: Report, table: string, column: string): number {
  const found = report.tables.find((candidate) => candidate.key === table);
  const index = found?.columns.findIndex((candidate) => candidate.key === column) ?? -1;
  if (!found || index < 0) return 0;
  return found.rows.reduce((sum, row) => sum + Number(row[index] ?? 0), 0);
}

/**
 * One week's figures, computed with the recipient as the actor through the dashboards, so the
 * pack holds exactly what he would see on them (his data scope, never the system's).
 */
async function weekFigures(
  db: Db,
  actor: Actor,
  period: { from: string; to: string },
): Promise<{ figures: WeekFigures; usage: Report; asOf: string | null }> {
  const filter = await resolveFilter(db, period);
  const [prospects, response, quality, usage, csi] = await Promise.all([
    prospectsDashboard(db, actor, filter),
    responseDashboard(db, actor, filter),
    qualityDashboard(db, actor, filter),
    usageDashboard(db, actor, filter),
    // the follow-up calls' mean score over the CSI dashboard's source (the service module's
    // view) and scope rule; the mean alone, unrounded, where the dashboard also lists visits
    sql<{ mean: number | string | null }>`
      select avg(a.csi_score) as mean from service_csi_answers a
       where ${dealerRowCondition(actor, filter, sql.ref('a.dealer_id'), sql.ref('a.advisor_user_id'))}
         and a.completed_at >= ${filter.fromInstant} and a.completed_at < ${filter.toExclusive}`.execute(
      db,
    ),
  ]);
  const mean = csi.rows[0]?.mean;
  return {
    figures: {
      newProspects: kpi(prospects, 'newInPeriod'),
      hotProspects: kpi(prospects, 'hot'),
      testDrives: kpi(response, 'testDrives'),
      orders: columnSum(quality, 'claimsByMonth', 'orders'),
      serviceVisits: columnSum(quality, 'claimsByMonth', 'visits'),
      claims: kpi(quality, 'complaints'),
      csiAverage: mean === null || mean === undefined ? null : Math.round(Number(mean) * 10) / 10,
      overdueTasks: kpi(usage, 'overdueTasks'),
      logins: kpi(usage, 'logins'),
      activities: kpi(usage, 'activities'),
    },
    usage,
    asOf: prospects.asOf,
  };
}

/**
 * The usage dashboard's per-dealer table as pack rows, each cell found by its column key: a
 * column moved, added or dropped in the dashboard cannot put one figure under another's
 * heading. Without a dealer column no row can be attributed, so that is an error.
 */
export function perDealerRows(table: ReportTable | undefined): DealerUsageRow[] {
  if (!table) return [];
  const at = (key: string) => table.columns.findIndex((column) => column.key === key);
  const dealerAt = at('dealer');
  if (dealerAt < 0) throw new Error(`usage table ${table.key} has no dealer column`);
  const figureAt = {
    users: at('users'),
    logins: at('logins'),
    activities: at('activities'),
    overdueTasks: at('overdueTasks'),
  };
  const figure = (row: Cell[], index: number) => {
    const cell = index < 0 ? null : row[index];
    return cell === null || cell === undefined ? null : Number(cell);
  };
  return table.rows.map((row) => ({
    dealer: row[dealerAt] === null || row[dealerAt] === undefined ? null : String(row[dealerAt]),
    users: figure(row, figureAt.users),
    logins: figure(row, figureAt.logins),
    activities: figure(row, figureAt.activities),
    overdueTasks: figure(row, figureAt.overdueTasks),
  }));
}

/** The reported week against the week before, for one recipient. */
export async function packFigures(db: Db, actor: Actor, weekStart: string): Promise<PackFigures> {
  const periods = packPeriods(weekStart);
  const current = await weekFigures(db, actor, periods.current);
  const previous = await weekFigures(db, actor, periods.previous);
  return {
    weekStart,
    current: current.figures,
    previous: { ...previous.figures, overdueTasks: null },
    perDealer: perDealerRows(current.usage.tables.find((table) => table.key === 'perDealer')),
    asOf: current.asOf,
  };
}
