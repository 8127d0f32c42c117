import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { filteredLeads, type ResolvedFilter } from './dashboard-filters.ts';
import { ratio, type Report } from './report.ts';

/**
 * Prospect KPIs of seed 002 (the BMW China practice):
 * - total: prospects open at the end of the period (created by then, not lost, not delivered);
 * - new in period: created within the period;
 * - qualified rate: open prospects with all 11 basic fields known / open prospects;
 * - hot count and ratio: open prospects buying within 3 months / open prospects;
 * - per consultant and per channel: new in period (with the consultant's open, qualified, hot);
 * - per model series: new prospects interested in each model (one prospect may name several);
 * - competitor share: new prospects who also consider a competitor's model, overall and per
 *   competitor model.
 * "Open at the end of the period" reads today's stage: a report on a past period counts the
 * prospects of that period that are still open now.
 */
export async function prospectsDashboard(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
): Promise<Report> {
  const base = db.with('pl', () => filteredLeads(db, actor, filter));
  const [totals, consultants, channels, series, competitors] = await Promise.all([
    base
      .selectFrom('pl')
      .select([
        sql<number>`count(*) filter (where is_open)`.as('open'),
        sql<number>`count(*) filter (where is_new)`.as('new'),
        sql<number>`count(*) filter (where is_open and qualified)`.as('qualified'),
        sql<number>`count(*) filter (where is_open and temperature = 'hot')`.as('hot'),
        sql<number>`count(*) filter (where is_new and cardinality(competitor_models) > 0)`.as(
          'competitor',
        ),
      ])
      .executeTakeFirstOrThrow(),
    base
      .selectFrom('pl')
      .leftJoin('users as u', 'u.id', 'pl.assigned_user_id')
      .select([
        sql<string | null>`u.display_name`.as('name'),
        sql<number>`count(*) filter (where is_new)`.as('new'),
        sql<number>`count(*) filter (where is_open)`.as('open'),
        sql<number>`count(*) filter (where is_open and qualified)`.as('qualified'),
        sql<number>`count(*) filter (where is_open and temperature = 'hot')`.as('hot'),
      ])
      .groupBy(['pl.assigned_user_id', 'u.display_name'])
      .having(sql<boolean>`count(*) filter (where is_new or is_open) > 0`)
      .orderBy(sql`count(*) filter (where is_new)`, 'desc')
      .orderBy('u.display_name')
      .execute(),
    base
      .selectFrom('pl')
      .where('is_new', '=', true)
      .select(['source_key', sql<number>`count(*)`.as('new')])
      .groupBy('source_key')
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('source_key')
      .execute(),
    base
      .selectFrom('pl')
      .innerJoin('lead_vehicles as v', 'v.lead_id', 'pl.id')
      .where('is_new', '=', true)
      .where(sql<boolean>`coalesce(v.model, '') <> ''`)
      .select([sql<string>`v.model`.as('series'), sql<number>`count(distinct pl.id)`.as('new')])
      .groupBy('v.model')
      .orderBy(sql`count(distinct pl.id)`, 'desc')
      .orderBy('v.model')
      .execute(),
    base
      .selectFrom(
        sql<{ id: string; model: string }>`(
        select pl.id, unnest(pl.competitor_models) as model from pl where pl.is_new)`.as('cm'),
      )
      .select(['cm.model', sql<number>`count(distinct cm.id)`.as('new')])
      .groupBy('cm.model')
      .orderBy(sql`count(distinct cm.id)`, 'desc')
      .orderBy('cm.model')
      .execute(),
  ]);
  const open = Number(totals.open);
  const fresh = Number(totals.new);
  return {
    name: 'prospects',
    asOf: new Date().toISOString(),
    filters: filtersOf(filter),
    kpis: [
      { key: 'total', kind: 'count', value: open },
      { key: 'newInPeriod', kind: 'count', value: fresh },
      { key: 'qualified', kind: 'count', value: Number(totals.qualified) },
      { key: 'qualifiedRate', kind: 'ratio', value: ratio(Number(totals.qualified), open) },
      { key: 'hot', kind: 'count', value: Number(totals.hot) },
      { key: 'hotRatio', kind: 'ratio', value: ratio(Number(totals.hot), open) },
      { key: 'competitorShare', kind: 'ratio', value: ratio(Number(totals.competitor), fresh) },
    ],
    tables: [
      {
        key: 'perConsultant',
        columns: [
          { key: 'consultant', kind: 'text' },
          { key: 'newInPeriod', kind: 'count' },
          { key: 'open', kind: 'count' },
          { key: 'qualifiedRate', kind: 'ratio' },
          { key: 'hotRatio', kind: 'ratio' },
        ],
        rows: consultants.map((row) => [
          row.name,
          Number(row.new),
          Number(row.open),
          ratio(Number(row.qualified), Number(row.open)),
          ratio(Number(row.hot), Number(row.open)),
        ]),
      },
      {
        key: 'perChannel',
        columns: [
          { key: 'channel', kind: 'text' },
          { key: 'newInPeriod', kind: 'count' },
          { key: 'share', kind: 'ratio' },
        ],
        rows: channels.map((row) => [
          row.source_key,
          Number(row.new),
          ratio(Number(row.new), fresh),
        ]),
      },
      {
        key: 'perSeries',
        columns: [
          { key: 'series', kind: 'text' },
          { key: 'newInPeriod', kind: 'count' },
          { key: 'share', kind: 'ratio' },
        ],
        rows: series.map((row) => [row.series, Number(row.new), ratio(Number(row.new), fresh)]),
      },
      {
        key: 'competitors',
        columns: [
          { key: 'competitorModel', kind: 'text' },
          { key: 'newInPeriod', kind: 'count' },
          { key: 'share', kind: 'ratio' },
        ],
        rows: competitors.map((row) => [row.model, Number(row.new), ratio(Number(row.new), fresh)]),
      },
    ],
  };
}

export function filtersOf(filter: ResolvedFilter): Record<string, string | undefined> {
  return {
    from: filter.from,
    to: filter.to,
    brandCode: filter.brandCode,
    regionCode: filter.regionCode,
    dealerCode: filter.dealerCode,
    consultantId: filter.consultantId,
    channel: filter.channel,
    series: filter.series,
  };
}
