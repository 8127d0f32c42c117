import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { aggregatesAsOf } from '../aggregates/refresh.ts';
import {
  dealerRowCondition,
  inPeriod,
  leadResponseRows,
  type ResolvedFilter,
} from './dashboard-filters.ts';
import { filtersOf } from './prospects-dashboard.ts';
import { ratio, type Report } from './report.ts';

/** The response buckets of analytics_lead_response_daily, in order. */
export const responseBuckets = [
  'within15m',
  'within1h',
  'within4h',
  'within1d',
  'within3d',
  'later',
  'notAnswered',
] as const;

/** A test drive counts as converted when its customer bought a car within this many days. */
const purchaseWindowDays = 30;

/**
 * Response times and what follows (seed 004: the speed of answering a request against its
 * conversion to an order; seed 002: consultant performance):
 * - per response bucket (first response after the request: within 15 minutes ... not answered)
 *   the period's new leads, and how many came to a test drive and to a sale; the channel filter
 *   narrows this to one kind of request;
 * - per consultant: his new leads, their mean response time, the tasks due in the period done
 *   on time, the test drives he gave, how many of those customers bought within 30 days, and
 *   the cars he sold in the period.
 */
export async function responseDashboard(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
): Promise<Report> {
  const atDealer = (dealer: string, consultant: string) =>
    dealerRowCondition(actor, filter, sql.ref(dealer), sql.ref(consultant));
  const [asOf, buckets, leadsByConsultant, followUps, drives, sales] = await Promise.all([
    aggregatesAsOf(db, ['leads']),
    leadResponseRows(db, actor, filter)
      .where(inPeriod(filter))
      .select([
        'a.response_bucket',
        sql<number>`sum(a.leads)`.as('leads'),
        sql<number>`sum(a.responded)`.as('responded'),
        sql<number>`sum(a.response_minutes)`.as('minutes'),
        sql<number>`sum(a.test_driven)`.as('test_driven'),
        sql<number>`sum(a.sold)`.as('sold'),
      ])
      .groupBy('a.response_bucket')
      .execute(),
    leadResponseRows(db, actor, filter)
      .where(inPeriod(filter))
      .where('a.consultant_id', 'is not', null)
      .select([
        'a.consultant_id',
        sql<number>`sum(a.leads)`.as('leads'),
        sql<number>`sum(a.responded)`.as('responded'),
        sql<number>`sum(a.response_minutes)`.as('minutes'),
      ])
      .groupBy('a.consultant_id')
      .execute(),
    // tasks due in the period, done by their due time
    sql<{ user_id: string; due: number; on_time: number }>`
      select t.assignee_user_id as user_id, count(*)::int as due,
             count(*) filter (where t.status = 'done' and t.completed_at <= t.due_at)::int as on_time
        from tasks t
       where t.assignee_user_id is not null
         and ${atDealer('t.dealer_id', 't.assignee_user_id')}
         and t.status <> 'cancelled'
         and t.due_at >= ${filter.fromInstant} and t.due_at < ${filter.toExclusive}
       group by t.assignee_user_id`.execute(db),
    sql<{ user_id: string; drives: number; bought: number }>`
      select b.consultant_user_id as user_id, count(*)::int as drives,
             count(*) filter (where exists (
               select 1 from vehicle_purchases p
                where p.customer_id = b.customer_id
                  and p.purchase_date >= (b.starts_at at time zone 'UTC')::date
                  and p.purchase_date <= (b.starts_at at time zone 'UTC')::date
                                         + ${purchaseWindowDays}::int))::int as bought
        from test_drive_bookings b
       where b.status = 'came'
         and ${atDealer('b.dealer_id', 'b.consultant_user_id')}
         and b.starts_at >= ${filter.fromInstant} and b.starts_at < ${filter.toExclusive}
       group by b.consultant_user_id`.execute(db),
    sql<{ user_id: string | null; sales: number }>`
      select p.consultant_user_id as user_id, count(*)::int as sales
        from vehicle_purchases p
       where ${atDealer('p.dealer_id', 'p.consultant_user_id')}
         and p.purchase_date >= ${filter.from}::date and p.purchase_date <= ${filter.to}::date
       group by p.consultant_user_id`.execute(db),
  ]);

  const byBucket = new Map(buckets.map((row) => [Number(row.response_bucket), row]));
  const total = buckets.reduce((sum, row) => sum + Number(row.leads), 0);
  const responded = buckets.reduce((sum, row) => sum + Number(row.responded), 0);
  const minutes = buckets.reduce((sum, row) => sum + Number(row.minutes), 0);
  const withinHour = Number(byBucket.get(0)?.leads ?? 0) + Number(byBucket.get(1)?.leads ?? 0);
  const drivesTotal = drives.rows.reduce((sum, row) => sum + Number(row.drives), 0);
  const boughtTotal = drives.rows.reduce((sum, row) => sum + Number(row.bought), 0);
  const dueTotal = followUps.rows.reduce((sum, row) => sum + Number(row.due), 0);
  const onTimeTotal = followUps.rows.reduce((sum, row) => sum + Number(row.on_time), 0);

  type ConsultantRow = {
    leads: number;
    responded: number;
    minutes: number;
    due: number;
    onTime: number;
    drives: number;
    bought: number;
    sales: number;
  };
  const consultants = new Map<string, ConsultantRow>();
  const consultant = (id: string) => {
    let row = consultants.get(id);
    if (!row) {
      row = {
        leads: 0,
        responded: 0,
        minutes: 0,
        due: 0,
        onTime: 0,
        drives: 0,
        bought: 0,
        sales: 0,
      };
      consultants.set(id, row);
    }
    return row;
  };
  for (const row of leadsByConsultant) {
    Object.assign(consultant(row.consultant_id!), {
      leads: Number(row.leads),
      responded: Number(row.responded),
      minutes: Number(row.minutes),
    });
  }
  for (const row of followUps.rows) {
    Object.assign(consultant(row.user_id), { due: Number(row.due), onTime: Number(row.on_time) });
  }
  for (const row of drives.rows) {
    Object.assign(consultant(row.user_id), {
      drives: Number(row.drives),
      bought: Number(row.bought),
    });
  }
  for (const row of sales.rows) {
    if (row.user_id) consultant(row.user_id).sales = Number(row.sales);
  }
  const names = consultants.size
    ? await db
        .selectFrom('users')
        .select(['id', 'display_name'])
        .where('id', 'in', [...consultants.keys()])
        .execute()
    : [];
  const nameOf = new Map(names.map((row) => [row.id, row.display_name]));
  const consultantRows = [...consultants.entries()].sort(
    ([a, left], [b, right]) =>
      right.sales - left.sales ||
      right.leads - left.leads ||
      (nameOf.get(a) ?? '').localeCompare(nameOf.get(b) ?? ''),
  );
  const meanMinutes = (sum: number, count: number) => (count > 0 ? Math.round(sum / count) : null);

  return {
    name: 'response',
    asOf: asOf?.toISOString() ?? null,
    filters: filtersOf(filter),
    kpis: [
      { key: 'newInPeriod', kind: 'count', value: total },
      { key: 'answeredShare', kind: 'ratio', value: ratio(responded, total) },
      { key: 'meanResponseMinutes', kind: 'count', value: meanMinutes(minutes, responded) },
      { key: 'answeredWithinHour', kind: 'ratio', value: ratio(withinHour, total) },
      { key: 'followUpsOnTime', kind: 'ratio', value: ratio(onTimeTotal, dueTotal) },
      { key: 'testDrives', kind: 'count', value: drivesTotal },
      { key: 'testDriveToPurchase30d', kind: 'ratio', value: ratio(boughtTotal, drivesTotal) },
    ],
    tables: [
      {
        key: 'responseBuckets',
        columns: [
          { key: 'responseTime', kind: 'text' },
          { key: 'newInPeriod', kind: 'count' },
          { key: 'share', kind: 'ratio' },
          { key: 'testDrives', kind: 'count' },
          { key: 'testDriveRate', kind: 'ratio' },
          { key: 'sales', kind: 'count' },
          { key: 'saleRate', kind: 'ratio' },
        ],
        rows: responseBuckets.map((bucket, index) => {
          const row = byBucket.get(index);
          const leads = Number(row?.leads ?? 0);
          return [
            bucket,
            leads,
            ratio(leads, total),
            Number(row?.test_driven ?? 0),
            ratio(Number(row?.test_driven ?? 0), leads),
            Number(row?.sold ?? 0),
            ratio(Number(row?.sold ?? 0), leads),
          ];
        }),
      },
      {
        key: 'consultantPerformance',
        columns: [
          { key: 'consultant', kind: 'text' },
          { key: 'newInPeriod', kind: 'count' },
          { key: 'meanResponseMinutes', kind: 'count' },
          { key: 'tasksDue', kind: 'count' },
          { key: 'followUpsOnTime', kind: 'ratio' },
          { key: 'testDrives', kind: 'count' },
          { key: 'boughtWithin30d', kind: 'count' },
          { key: 'sales', kind: 'count' },
        ],
        rows: consultantRows.map(([id, row]) => [
          nameOf.get(id) ?? null,
          row.leads,
          meanMinutes(row.minutes, row.responded),
          row.due,
          ratio(row.onTime, row.due),
          row.drives,
          row.bought,
          row.sales,
        ]),
      },
    ],
  };
}
