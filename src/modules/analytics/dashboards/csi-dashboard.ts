import { sql } from 'kysely';
import { customerVisible, type Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { dealerRowCondition, type ResolvedFilter } from './dashboard-filters.ts';
import { ratio, type Cell, type Report } from './report.ts';

/** The lowest-scored calls listed, worst first. */
export const lowestCsiLimit = 20;

type Figures = { answers: number; score_sum: number; promoters: number; detractors: number };

/**
 * Seed 002's satisfaction as an NPS-like figure: promoters score 9-10, detractors 1-6. Over rows
 * of (dealer, month, score, n answers), kept or counted live.
 */
const figureColumns = sql`coalesce(sum(r.n), 0)::int as answers,
  coalesce(sum(r.n * r.score), 0)::int as score_sum,
  coalesce(sum(r.n) filter (where r.score >= 9), 0)::int as promoters,
  coalesce(sum(r.n) filter (where r.score <= 6), 0)::int as detractors`;

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Mean score to two decimals (null without answers). */
function mean(row: Figures): number | null {
  return row.answers ? round(row.score_sum / row.answers, 2) : null;
}

/** Promoters' share minus detractors' share, in points from -100 to 100. */
function netScore(row: Figures): number | null {
  return row.answers ? round(((row.promoters - row.detractors) / row.answers) * 100, 1) : null;
}

const figureCells = (row: Figures): Cell[] => [
  row.answers,
  mean(row),
  row.promoters,
  row.detractors,
  netScore(row),
];
const figureHeaders = [
  { key: 'answers', kind: 'count' },
  { key: 'averageCsi', kind: 'decimal' },
  { key: 'promoters', kind: 'count' },
  { key: 'detractors', kind: 'count' },
  { key: 'netScore', kind: 'decimal' },
] as const;

/**
 * Customer satisfaction from the after-visit calls (CSI 1-10, the service module's
 * `service_csi_answers` view) answered in the period: per dealer, per month, the distribution of
 * scores and the lowest-scored visits with the owner's comment. Whole months come from the kept
 * table (analytics_csi_monthly, migration 0274); the part-months at the period's edges and every
 * month changed since the last refresh are counted live, so the figures are those of a live count
 * at any moment (`live` counts everything live: the tests compare the two).
 * The dealer filters and the scope are the dashboards' rule on the call's dealer; the advisor
 * filter is the visit's advisor (`consultantId` of the filter). The list of visits also names
 * customers, so it keeps only those the actor may see.
 */
export async function csiDashboard(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
  options: { live?: boolean } = {},
): Promise<Report> {
  const where = sql`${dealerRowCondition(actor, filter, sql.ref('a.dealer_id'), sql.ref('a.advisor_user_id'))}
    and a.completed_at >= ${filter.fromInstant} and a.completed_at < ${filter.toExclusive}`;
  const parts = await csiParts(db, filter, options.live ?? false);
  const kept = parts.whole
    ? sql`select k.dealer_id, to_char(k.month, 'YYYY-MM') as month, k.csi_score as score,
                 k.answers as n
            from analytics_csi_monthly k
           where k.month >= ${parts.whole.from}::date and k.month < ${parts.whole.to}::date
             and k.month <> all(${parts.pending}::date[])
             and ${dealerRowCondition(actor, filter, sql.ref('k.dealer_id'), sql.ref('k.advisor_user_id'))}`
    : sql`select null::uuid, null::text, null::smallint, null::int where false`;
  const inLiveRanges = parts.live.length
    ? sql.join(
        parts.live.map(([from, to]) => sql`(a.completed_at >= ${from} and a.completed_at < ${to})`),
        sql` or `,
      )
    : sql`false`;
  const liveMonth = sql`to_char(date_trunc('month', a.completed_at at time zone 'UTC'), 'YYYY-MM')`;
  // the total, per dealer, per month and per score in one pass over the rows (grouping sets)
  const figures = sql<
    Figures & { dealer: string | null; month: string | null; score: number | null; set: number }
  >`
      with r (dealer_id, month, score, n) as (
        ${kept}
        union all
        select a.dealer_id, ${liveMonth}, a.csi_score, count(*)::int
          from service_csi_answers a
         where ${dealerRowCondition(actor, filter, sql.ref('a.dealer_id'), sql.ref('a.advisor_user_id'))}
           and (${inLiveRanges})
         group by 1, 2, 3)
      select d.code as dealer, r.month, r.score,
             grouping(d.code, r.month, r.score)::int as set,
             ${figureColumns}
        from r join dealers d on d.id = r.dealer_id
       group by grouping sets ((), (d.code), (r.month), (r.score))`;
  const [grouped, lowest] = await Promise.all([
    figures.execute(db),
    sql<{
      completed_at: Date;
      dealer: string;
      customer_id: string;
      customer: string;
      vehicle_id: string;
      visit_id: string;
      visit_date: string;
      advisor: string | null;
      score: number;
      comment: string | null;
    }>`
      select a.completed_at, d.code as dealer, a.customer_id, c.display_name as customer,
             a.vehicle_id, a.visit_id, a.visit_date::text as visit_date,
             u.display_name as advisor, a.csi_score as score, a.comment
        from service_csi_answers a
        join dealers d on d.id = a.dealer_id
        join customers c on c.id = a.customer_id
        left join users u on u.id = a.advisor_user_id
       where ${where} and ${customerVisible(actor, sql.ref('a.customer_id'))}
       order by a.csi_score, a.completed_at desc, a.visit_id
       limit ${lowestCsiLimit}`.execute(db),
  ]);
  // grouping(dealer, month, score): 7 = the total, 3 = a dealer, 5 = a month, 6 = a score
  const ofSet = (set: number) => grouped.rows.filter((row) => row.set === set);
  const byDealer = ofSet(3).sort((x, y) => (x.dealer! < y.dealer! ? -1 : 1));
  const byMonth = ofSet(5).sort((x, y) => (x.month! < y.month! ? -1 : 1));
  const all = ofSet(7)[0] ?? { answers: 0, score_sum: 0, promoters: 0, detractors: 0 };
  const perScore = new Map(ofSet(6).map((row) => [Number(row.score), row.answers]));
  return {
    name: 'csi',
    // kept months changed since the refresh are read live: the figures are as of now
    asOf: new Date().toISOString(),
    filters: {
      from: filter.from,
      to: filter.to,
      brandCode: filter.brandCode,
      regionCode: filter.regionCode,
      dealerCode: filter.dealerCode,
      advisorId: filter.consultantId,
    },
    kpis: [
      { key: 'answers', kind: 'count', value: all.answers },
      { key: 'averageCsi', kind: 'decimal', value: mean(all) },
      { key: 'promoterShare', kind: 'ratio', value: ratio(all.promoters, all.answers) },
      { key: 'detractorShare', kind: 'ratio', value: ratio(all.detractors, all.answers) },
      { key: 'netScore', kind: 'decimal', value: netScore(all) },
    ],
    tables: [
      {
        key: 'csiByDealer',
        columns: [{ key: 'dealer', kind: 'text' }, ...figureHeaders],
        rows: byDealer.map((row): Cell[] => [row.dealer, ...figureCells(row)]),
      },
      {
        key: 'csiByMonth',
        columns: [{ key: 'month', kind: 'text' }, ...figureHeaders],
        rows: byMonth.map((row): Cell[] => [row.month, ...figureCells(row)]),
      },
      {
        key: 'csiDistribution',
        columns: [
          { key: 'score', kind: 'text' },
          { key: 'answers', kind: 'count' },
        ],
        // every score from 1 to 10, so the histogram has no gaps
        rows: Array.from({ length: 10 }, (_, index): Cell[] => [
          String(index + 1),
          perScore.get(index + 1) ?? 0,
        ]),
      },
      {
        key: 'lowestCsi',
        columns: [
          { key: 'answeredAt', kind: 'text' },
          { key: 'dealer', kind: 'text' },
          { key: 'customer', kind: 'text' },
          { key: 'visitDate', kind: 'text' },
          { key: 'advisor', kind: 'text' },
          { key: 'score', kind: 'count' },
          { key: 'comment', kind: 'text' },
          { key: 'customerId', kind: 'text' },
          { key: 'vehicleId', kind: 'text' },
          { key: 'visitId', kind: 'text' },
        ],
        rows: lowest.rows.map((row): Cell[] => [
          row.completed_at.toISOString(),
          row.dealer,
          row.customer,
          row.visit_date,
          row.advisor,
          row.score,
          row.comment,
          row.customer_id,
          row.vehicle_id,
          row.visit_id,
        ]),
      },
    ],
  };
}

/**
 * The report without the owners' names, for an export by someone who may read analytics but not
 * take customers out of the CRM (`customers:export`): the ids stay, to look them up inside.
 */
export function withoutCustomerNames(report: Report): Report {
  return {
    ...report,
    tables: report.tables.map((table) => {
      const column = table.columns.findIndex((candidate) => candidate.key === 'customer');
      if (column < 0) return table;
      return {
        ...table,
        rows: table.rows.map((row) => row.map((cell, index) => (index === column ? null : cell))),
      };
    }),
  };
}

/** An ISO date's month's first day, `months` months on. */
function monthStart(day: string, months = 0): string {
  const date = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
}

const instant = (day: string) => new Date(`${day}T00:00:00Z`);

/**
 * How the period splits: the whole months read from the kept table (none if the period holds no
 * whole month), the months among them noted as changed since the last refresh, and the time
 * ranges counted live (the edges and those months).
 */
async function csiParts(
  db: Db,
  filter: ResolvedFilter,
  live: boolean,
): Promise<{ whole?: { from: string; to: string }; pending: string[]; live: [Date, Date][] }> {
  const all: [Date, Date][] = [[filter.fromInstant, filter.toExclusive]];
  if (live) return { pending: [], live: all };
  const firstWhole = filter.from.endsWith('-01') ? filter.from : monthStart(filter.from, 1);
  // the month after the last whole one: `to`'s own month is whole when `to` is its last day
  const dayAfter = filter.toExclusive.toISOString().slice(0, 10);
  const endWhole = monthStart(dayAfter);
  if (firstWhole >= endWhole) return { pending: [], live: all };
  const noted = await sql<{ month: string }>`
    select distinct month::text as month from analytics_csi_months_pending
     where month >= ${firstWhole}::date and month < ${endWhole}::date
     order by 1`.execute(db);
  const pending = noted.rows.map((row) => row.month);
  const ranges: [Date, Date][] = [];
  if (filter.from < firstWhole) ranges.push([filter.fromInstant, instant(firstWhole)]);
  for (const month of pending) ranges.push([instant(month), instant(monthStart(month, 1))]);
  if (endWhole < dayAfter) ranges.push([instant(endWhole), filter.toExclusive]);
  return { whole: { from: firstWhole, to: endWhole }, pending, live: ranges };
}
