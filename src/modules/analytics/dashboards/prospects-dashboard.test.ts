import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor, type Actor } from '../../../auth/index.ts';
import { qualifiedSql, temperatureSql } from '../../leads/index.ts';
import { createTestWorld, type TestWorld } from '../../../testing/test-world.ts';
import { refreshAnalyticsAggregates } from '../aggregates/refresh.ts';
import { resolveFilter, type DashboardQuery } from './dashboard-filters.ts';
import { prospectsDashboard } from './prospects-dashboard.ts';
import { ratio, type Cell, type Report } from './report.ts';

/**
 * The prospects dashboard reads whole months from analytics_lead_monthly and the edge days from
 * analytics_lead_daily. Here its every figure is checked against the same figures counted
 * straight from the leads, for periods that start and end mid-month, on a month's first and
 * last day, within one month, and after an incremental refresh that changed old months.
 */
describe('prospects dashboard over monthly and daily rows', () => {
  let world: TestWorld;
  const group = systemActor('test');
  let dealerA: Actor;

  // 150 leads over 20 months from July 2025, at dealers A, B and C, five consultants (one
  // unassigned), three channels, every stage, hot / cold, qualified or not, 1-2 series
  async function addLeads(first: number, count: number, start: string): Promise<void> {
    const db = world.database.db;
    const consultants = [
      world.users.consultantA1.id,
      world.users.consultantA2.id,
      null,
      world.users.consultantB1.id,
      world.users.consultantC1.id,
    ];
    const dealers = [
      world.dealers.A.id,
      world.dealers.A.id,
      world.dealers.A.id,
      world.dealers.B.id,
      world.dealers.C.id,
    ];
    await withActor(db, systemActor('test'), async (tx) => {
      await sql`
        insert into customers (id, kind, last_name, display_name, sort_key, gender)
        select md5('pc' || i)::uuid, 'person', 'Prospect' || i, 'Prospect ' || i, 'prospect' || i,
               case when i % 4 = 0 then null else 'male' end
          from generate_series(${first}::int, ${first + count - 1}::int) i`.execute(tx);
      await sql`
        insert into customer_phones (customer_id, e164, raw)
        select md5('pc' || i)::uuid, '+7903555' || lpad(i::text, 4, '0'), '8903555' || i
          from generate_series(${first}::int, ${first + count - 1}::int) i where i % 5 <> 0`.execute(
        tx,
      );
      await sql`
        insert into leads (id, customer_id, dealer_id, assigned_user_id, source_key, stage,
                           lost_reason, intended_purchase_date, current_car_make,
                           current_car_model, last_contact_result, next_contact_plan,
                           competitor_models, created_at)
        select md5('pl' || i)::uuid, md5('pc' || i)::uuid,
               (${dealers}::uuid[])[1 + i % 5], (${consultants}::uuid[])[1 + i % 5],
               (array['showroom', 'website', 'referral'])[1 + (i / 5) % 3],
               (array['new', 'contacted', 'test_drive', 'offer', 'order', 'delivered', 'lost'])[1 + (i / 2) % 7],
               case when (i / 2) % 7 = 6 then 'price' end,
               current_date + (i % 3) * 70,
               'Oldcar', 'O1', 'talked', 'call back',
               case when i % 6 = 0 then array['Zcar Z9'] when i % 9 = 0 then array['Zcar Z9', 'Wcar W1']
                    else '{}'::text[] end,
               ${start}::timestamptz + ((i - ${first}) * 4) * interval '1 day' + (i % 24) * interval '1 hour'
          from generate_series(${first}::int, ${first + count - 1}::int) i`.execute(tx);
      await sql`
        insert into lead_vehicles (lead_id, customer_id, position, make, model)
        select md5('pl' || i)::uuid, md5('pc' || i)::uuid, 0, 'Xcar', (array['X1', 'X3', 'X5'])[1 + i % 3]
          from generate_series(${first}::int, ${first + count - 1}::int) i
        union all
        select md5('pl' || i)::uuid, md5('pc' || i)::uuid, 1, 'Xcar', 'X7'
          from generate_series(${first}::int, ${first + count - 1}::int) i where i % 4 = 1`.execute(
        tx,
      );
    });
  }

  /** The dashboard's figures counted from the leads themselves, one lead at a time. */
  async function fromLeads(actor: Actor, query: DashboardQuery): Promise<Figures> {
    const db = world.database.db;
    const filter = await resolveFilter(db, query);
    const scoped = sql`
      select l.*, l.created_at >= ${filter.fromInstant} as is_new,
             l.stage not in ('lost', 'delivered') as is_open,
             ${qualifiedSql()} as qualified, ${temperatureSql()} = 'hot' as hot,
             u.display_name as consultant
        from leads l
        join customers c on c.id = l.customer_id
        left join users u on u.id = l.assigned_user_id
       where l.created_at < ${filter.toExclusive}
         and ${actor.scope.level === 'group' ? sql`true` : sql`l.dealer_id = any(${actor.scope.dealerIds}::uuid[])`}
         and ${filter.channel === undefined ? sql`true` : sql`l.source_key = ${filter.channel}`}
         and ${filter.consultantId === undefined ? sql`true` : sql`l.assigned_user_id = ${filter.consultantId}`}
         and ${
           filter.series === undefined
             ? sql`true`
             : sql`exists (select 1 from lead_vehicles v
                 where v.lead_id = l.id and lower(trim(v.model)) = lower(${filter.series}))`
         }`;
    type Totals = { open: number; new: number; qualified: number; hot: number; competitor: number };
    const totals = (
      await sql<Totals>`
        select count(*) filter (where is_open)::int as open, count(*) filter (where is_new)::int as new,
               count(*) filter (where is_open and qualified)::int as qualified,
               count(*) filter (where is_open and hot)::int as hot,
               count(*) filter (where is_new and cardinality(competitor_models) > 0)::int as competitor
          from (${scoped}) s`.execute(db)
    ).rows[0]!;
    const consultants = await sql<{ name: string | null } & Totals>`
      select consultant as name, count(*) filter (where is_new)::int as new,
             count(*) filter (where is_open)::int as open,
             count(*) filter (where is_open and qualified)::int as qualified,
             count(*) filter (where is_open and hot)::int as hot
        from (${scoped}) s
       group by assigned_user_id, consultant
      having count(*) filter (where is_new or is_open) > 0
       order by 2 desc, consultant`.execute(db);
    const channels = await sql<{ channel: string; new: number }>`
      select source_key as channel, count(*)::int as new from (${scoped}) s where is_new
       group by 1 order by 2 desc, 1`.execute(db);
    const series = await sql<{ series: string; new: number }>`
      select min(trim(v.model)) as series, count(distinct s.id)::int as new
        from (${scoped}) s join lead_vehicles v on v.lead_id = s.id
       where is_new and coalesce(trim(v.model), '') <> ''
         and (${filter.series ?? null}::text is null or lower(trim(v.model)) = lower(${filter.series ?? null}))
       group by lower(trim(v.model)) order by 2 desc, 1`.execute(db);
    const competitors = await sql<{ competitor: string; new: number }>`
      select m as competitor, count(*)::int as new
        from (${scoped}) s cross join unnest(s.competitor_models) m where is_new
       group by 1 order by 2 desc, 1`.execute(db);
    return {
      kpis: {
        total: totals.open,
        newInPeriod: totals.new,
        qualified: totals.qualified,
        qualifiedRate: ratio(totals.qualified, totals.open),
        hot: totals.hot,
        hotRatio: ratio(totals.hot, totals.open),
        competitorShare: ratio(totals.competitor, totals.new),
      },
      tables: {
        perConsultant: consultants.rows.map((row) => [
          row.name,
          row.new,
          row.open,
          ratio(row.qualified, row.open),
          ratio(row.hot, row.open),
        ]),
        perChannel: channels.rows.map((row) => [row.channel, row.new, ratio(row.new, totals.new)]),
        perSeries: series.rows.map((row) => [row.series, row.new, ratio(row.new, totals.new)]),
        competitors: competitors.rows.map((row) => [
          row.competitor,
          row.new,
          ratio(row.new, totals.new),
        ]),
      },
    };
  }

  type Figures = { kpis: Record<string, number | null>; tables: Record<string, Cell[][]> };
  const figures = (report: Report): Figures => ({
    kpis: Object.fromEntries(report.kpis.map((kpi) => [kpi.key, kpi.value])),
    tables: Object.fromEntries(report.tables.map((table) => [table.key, table.rows])),
  });

  async function expectSameFigures(actor: Actor, query: DashboardQuery): Promise<void> {
    const db = world.database.db;
    const report = await prospectsDashboard(db, actor, await resolveFilter(db, query));
    expect(figures(report), JSON.stringify(query)).toEqual(await fromLeads(actor, query));
  }

  const today = new Date().toISOString().slice(0, 10);
  const periods: DashboardQuery[] = [
    // leads fall on 2025-07-31, 2025-09-01, 2026-01-31 and 2026-04-01: edges on a lead's day
    { from: '2025-08-20', to: '2026-04-01' },
    { from: '2025-07-31', to: '2026-01-31' },
    { from: '2025-09-17', to: '2026-02-11' }, // mid-month to mid-month
    { from: '2025-10-01', to: '2026-01-31' }, // whole months
    { from: '2026-01-01', to: '2026-01-01' }, // one day, a month's first
    { from: '2026-02-03', to: '2026-02-20' }, // within one month
    { from: '2025-06-01', to: '2025-12-31' }, // starting before the first lead
    { from: '2024-01-01', to: '2024-12-31' }, // before every lead: nothing
    { from: '2025-12-05', to: today },
  ];

  beforeAll(async () => {
    world = await createTestWorld();
    dealerA = {
      ...group,
      role: 'dealer_manager',
      dealerId: world.dealers.A.id,
      scope: { level: 'dealer', dealerIds: [world.dealers.A.id] },
    };
    await addLeads(1, 150, '2025-07-03T00:00:00Z');
    await refreshAnalyticsAggregates(world.database.db, { full: true });
  });
  afterAll(async () => world.close());

  it('gives the figures counted from the leads, for the group and a dealer', async () => {
    // the figures must not be trivially empty
    const sample = await fromLeads(group, periods[0]!);
    expect(sample.kpis.total).toBeGreaterThan(20);
    expect(sample.kpis.newInPeriod).toBeGreaterThan(20);
    for (const period of periods) {
      await expectSameFigures(group, period);
      await expectSameFigures(dealerA, period);
    }
  });

  it('gives them under the channel, series and consultant filters', async () => {
    for (const period of periods.slice(0, 4)) {
      await expectSameFigures(group, { ...period, channel: 'website' });
      await expectSameFigures(group, { ...period, series: 'x7' });
      await expectSameFigures(dealerA, {
        ...period,
        consultantId: world.users.consultantA2.id,
      });
    }
  });

  it('still gives them after an incremental refresh changed leads of old months', async () => {
    const db = world.database.db;
    // a lead of September 2025 closes, one of November turns hot, and a late entry for
    // October 2025 arrives: all months the periods above read from the monthly table
    await withActor(db, systemActor('test'), async (tx) => {
      await sql`update leads set stage = 'lost', lost_reason = 'price'
        where id = (select id from leads where stage = 'offer'
                      and created_at >= '2025-09-01' and created_at < '2025-10-01' limit 1)`.execute(
        tx,
      );
      await sql`update leads set intended_purchase_date = current_date + 10
        where id = (select id from leads where stage not in ('lost', 'delivered')
                      and intended_purchase_date > current_date + 100
                      and created_at >= '2025-11-01' and created_at < '2025-12-01' limit 1)`.execute(
        tx,
      );
    });
    await addLeads(500, 1, '2025-10-20T12:00:00Z');
    const results = await refreshAnalyticsAggregates(db, { overlapMs: 0 });
    expect(results.find((result) => result.family === 'leads')).toMatchObject({
      mode: 'days',
      days: 3,
    });
    for (const period of periods) {
      await expectSameFigures(group, period);
      await expectSameFigures(dealerA, period);
    }
  });
});
