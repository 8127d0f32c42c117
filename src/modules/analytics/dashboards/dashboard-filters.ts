import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { brandRowVisible, dealerVisible, type Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { isoDate } from '../../../http/schemas.ts';
import { ValidationError, type FieldProblem } from '../../../lib/errors.ts';
import { monthOf } from '../aggregates/days.ts';

/** The filters every dashboard takes. The period is [from, to] in whole days (UTC). */
export const dashboardQuery = {
  from: isoDate,
  to: isoDate,
  brandCode: z.string().trim().max(16).optional(),
  regionCode: z.string().trim().max(16).optional(),
  dealerCode: z.string().trim().max(16).optional(),
  consultantId: z.uuid().optional(),
  channel: z.string().trim().max(40).optional(),
  series: z.string().trim().max(80).optional(),
};
export type DashboardQuery = {
  from: string;
  to: string;
  brandCode?: string;
  regionCode?: string;
  dealerCode?: string;
  consultantId?: string;
  channel?: string;
  series?: string;
};

export type ResolvedFilter = DashboardQuery & {
  /** the instant after the last day of the period */
  toExclusive: Date;
  fromInstant: Date;
  brandId?: string;
  regionId?: string;
  dealerId?: string;
};

/** Codes to ids; an unknown code is a 400 naming the field (never an empty report). */
export async function resolveFilter(db: Db, query: DashboardQuery): Promise<ResolvedFilter> {
  const problems: FieldProblem[] = [];
  if (query.to < query.from) problems.push({ path: 'to', message: 'must not be before from' });
  const lookup = async (
    table: 'brands' | 'regions' | 'dealers',
    code: string | undefined,
    path: string,
  ) => {
    if (!code) return undefined;
    const row = await db.selectFrom(table).select('id').where('code', '=', code).executeTakeFirst();
    if (!row) problems.push({ path, message: `no ${table.slice(0, -1)} with this code` });
    return row?.id;
  };
  const brandId = await lookup('brands', query.brandCode, 'brandCode');
  const regionId = await lookup('regions', query.regionCode, 'regionCode');
  const dealerId = await lookup('dealers', query.dealerCode, 'dealerCode');
  if (problems.length) throw new ValidationError(problems);
  const toExclusive = new Date(`${query.to}T00:00:00Z`);
  toExclusive.setUTCDate(toExclusive.getUTCDate() + 1);
  return {
    ...query,
    fromInstant: new Date(`${query.from}T00:00:00Z`),
    toExclusive,
    brandId,
    regionId,
    dealerId,
  };
}

/**
 * The pre-aggregated lead rows a dashboard sums (see aggregates/lead-aggregates.ts): those of
 * the dealers in the actor's scope (the leads module's rule: a lead belongs to its dealer; a
 * consultant would see his own and unassigned ones), narrowed by brand, region, dealer,
 * consultant and channel, and to the rows of the named model series (or the all-leads rows).
 * The period is not applied here: each figure says which days it sums (created in the period,
 * or created by its end and open at the refresh).
 */
export function leadRows(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
  /** the rows per named series (every one, or the filter's) instead of the all-leads rows */
  perSeries = false,
) {
  return db
    .selectFrom('analytics_lead_daily as a')
    .where(leadRowCondition(actor, filter, perSeries))
    .where(sql<boolean>`a.day <= ${filter.to}::date`);
}

/** The competitor rows, under the same conditions. */
export function leadCompetitorRows(db: Db, actor: Actor, filter: ResolvedFilter) {
  return db
    .selectFrom('analytics_lead_competitor_daily as a')
    .where(leadRowCondition(actor, filter, false))
    .where(sql<boolean>`a.day <= ${filter.to}::date`);
}

/** The response-time rows, under the same conditions. */
export function leadResponseRows(db: Db, actor: Actor, filter: ResolvedFilter) {
  return db
    .selectFrom('analytics_lead_response_daily as a')
    .where(leadRowCondition(actor, filter, false))
    .where(sql<boolean>`a.day <= ${filter.to}::date`);
}

/**
 * The lead figures of the period as rows of one shape, under the conditions of leadRows: new_*
 * counts leads created in the period, open_* the open ones created by its end (with `open`;
 * without it those are 0 and the rows before the period are not read). Whole calendar months
 * come from analytics_lead_monthly and only the days at the edges from the daily table: at a
 * million leads the daily rows up to the period end are ~400,000, the monthly ones ~50,000
 * (bench/RESULTS.md). Rows are split so no day is counted twice:
 * - months before the month of `to`: open figures; new ones if the month lies in the period;
 * - days of the part-month the period starts in (before the first whole month): new only;
 * - days of the month of `to`, up to `to`: open figures, and new ones from `from` on.
 */
export function leadPeriodRows(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
  options: { perSeries?: boolean; open: boolean },
) {
  const condition = leadRowCondition(actor, filter, options.perSeries ?? false);
  const toMonth = monthOf(filter.to);
  // the first month lying wholly in the period
  const firstWholeMonth = filter.from.endsWith('-01') ? filter.from : nextMonth(filter.from);
  const firstDay = options.open && toMonth < filter.from ? toMonth : filter.from;
  // the month of `to` from its first day read, or from `from` if later
  const lastPartFrom = toMonth > firstDay ? toMonth : firstDay;
  const months = db
    .selectFrom('analytics_lead_monthly as a')
    .where(condition)
    .where(sql<boolean>`a.month < ${toMonth}::date`)
    .$if(!options.open, (q) => q.where(sql<boolean>`a.month >= ${firstWholeMonth}::date`))
    .select([
      'a.dealer_id',
      'a.brand_id',
      'a.consultant_id',
      'a.channel',
      'a.series',
      sql<number>`case when a.month >= ${firstWholeMonth}::date then a.leads else 0 end`.as(
        'new_leads',
      ),
      sql<number>`case when a.month >= ${firstWholeMonth}::date then a.with_competitor else 0 end`.as(
        'new_with_competitor',
      ),
      sql<number>`${options.open ? sql`a.open_now` : sql`0`}`.as('open_now'),
      sql<number>`${options.open ? sql`a.open_qualified` : sql`0`}`.as('open_qualified'),
      sql<number>`${options.open ? sql`a.open_hot` : sql`0`}`.as('open_hot'),
    ]);
  const openDay = sql<boolean>`${options.open ? sql`true` : sql`false`} and a.day >= ${toMonth}::date`;
  const days = db
    .selectFrom('analytics_lead_daily as a')
    .where(condition)
    // two day ranges, each bounded on both sides so each is one index range
    .where(
      sql<boolean>`((a.day >= ${firstDay}::date and a.day < ${firstWholeMonth}::date
          and a.day <= ${filter.to}::date)
        or (a.day >= ${lastPartFrom}::date and a.day <= ${filter.to}::date))`,
    )
    .select([
      'a.dealer_id',
      'a.brand_id',
      'a.consultant_id',
      'a.channel',
      'a.series',
      sql<number>`case when a.day >= ${filter.from}::date then a.leads else 0 end`.as('new_leads'),
      sql<number>`case when a.day >= ${filter.from}::date then a.with_competitor else 0 end`.as(
        'new_with_competitor',
      ),
      sql<number>`case when ${openDay} then a.open_now else 0 end`.as('open_now'),
      sql<number>`case when ${openDay} then a.open_qualified else 0 end`.as('open_qualified'),
      sql<number>`case when ${openDay} then a.open_hot else 0 end`.as('open_hot'),
    ]);
  return db.selectFrom(months.unionAll(days).as('a'));
}

/** The first day of the month after an ISO date's. */
function nextMonth(day: string): string {
  const date = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * The conditions of leadRows on a lead aggregate table aliased `a`, as one SQL condition, but
 * for the period: the daily and the monthly tables bound it on their own column.
 */
function leadRowCondition(
  actor: Actor,
  filter: ResolvedFilter,
  perSeries: boolean,
): RawBuilder<boolean> {
  const conditions = [dealerVisible(actor, sql.ref('a.dealer_id'))];
  if (actor.scope.level === 'own') {
    conditions.push(sql`(a.consultant_id = ${actor.userId ?? noUser} or a.consultant_id is null)`);
  }
  // the named series' rows: '' sorts before every other text, so "> ''" is a range the
  // (series, day) indexes serve, where "<> ''" read the whole table (bench/RESULTS.md)
  if (perSeries) conditions.push(sql`a.series > ''`);
  if (filter.series !== undefined) {
    conditions.push(sql`a.series > '' and lower(a.series) = lower(${filter.series})`);
  } else if (!perSeries) {
    conditions.push(sql`a.series = ''`);
  }
  if (filter.brandId) conditions.push(sql`a.brand_id = ${filter.brandId}`);
  // a brand-level actor's dealers may sell other brands: their leads are not his (another
  // brand's filter then counts nothing)
  conditions.push(brandRowVisible(actor, sql.ref('a.brand_id')));
  if (filter.regionId) {
    conditions.push(sql`exists (select 1 from dealers fd
      where fd.id = a.dealer_id and fd.region_id = ${filter.regionId})`);
  }
  if (filter.dealerId) conditions.push(sql`a.dealer_id = ${filter.dealerId}`);
  if (filter.consultantId) conditions.push(sql`a.consultant_id = ${filter.consultantId}`);
  if (filter.channel !== undefined) conditions.push(sql`a.channel = ${filter.channel}`);
  return sql<boolean>`(${sql.join(conditions, sql` and `)})`;
}

/** SQL: the row's day lies in the period (a lead created in it). */
export const inPeriod = (filter: ResolvedFilter) => sql<boolean>`a.day >= ${filter.from}::date`;

/**
 * The condition on a row's dealer column (and its consultant column): the dealer is in the
 * actor's scope (group staff also see sales without a dealer) and passes the dealer, region
 * and brand (a dealer selling the brand) filters.
 */
export function dealerRowCondition(
  actor: Actor,
  filter: ResolvedFilter,
  dealer: RawBuilder<unknown>,
  consultant: RawBuilder<unknown>,
): RawBuilder<boolean> {
  const conditions = [
    actor.scope.level === 'group'
      ? sql`true`
      : sql`${dealer} = any(${[...actor.scope.dealerIds]}::uuid[])`,
  ];
  if (filter.dealerId) conditions.push(sql`${dealer} = ${filter.dealerId}`);
  if (filter.regionId) {
    conditions.push(sql`exists (select 1 from dealers fd
      where fd.id = ${dealer} and fd.region_id = ${filter.regionId})`);
  }
  if (filter.brandId) {
    conditions.push(sql`exists (select 1 from dealer_brands fb
      where fb.dealer_id = ${dealer} and fb.brand_id = ${filter.brandId})`);
  }
  if (filter.consultantId) conditions.push(sql`${consultant} = ${filter.consultantId}`);
  return sql<boolean>`(${sql.join(conditions, sql` and `)})`;
}

const noUser = '00000000-0000-0000-0000-000000000000';

export const funnelStages = [
  'new',
  'contacted',
  'showroom_visit',
  'test_drive',
  'offer',
  'order',
  'delivered',
] as const;
/** A lead that reached "order" (rank 6) or "delivered" counts as a sale. */
export const saleRank = funnelStages.indexOf('order') + 1;
