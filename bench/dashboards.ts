/**
 * The analytics dashboards at group scale, timed: each dashboard over the pre-aggregated tables
 * for the group (every dealer), a region, one dealer's manager and with filters, plus the full
 * rebuild and an incremental refresh of the aggregates.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:56231/bench1m \
 *     npx tsx bench/dashboards.ts [--generate --customers 1000000] [--runs 3]
 *       [--only quality] [--skip-refresh]
 *
 * --generate fills an empty database with set-based SQL (foreign keys and triggers off for the
 * load, session_replication_role = replica, so it needs a superuser and a throw-away database):
 * 100 dealers in 8 regions selling 3 brands, 9 users each, one lead per customer over the last
 * three years (1-2 model series, some competitor models, stage history), 70% of customers
 * owning a car bought in the last six years with a service visit every 120 days (up to 12; about
 * 5.6 M visits for 1M customers), a year of sign-ins and contacts; then, with the triggers on,
 * the demo's after-visit calls (src/demo/demo-csi.loader.ts: about two in three visits of the
 * past two years answered with a CSI score), so that the CSI dashboard reads data; and an owners
 * club (generateClub below).
 *
 * --live times the CSI dashboard and the club KPIs counted live (as before their kept figures,
 * migration 0274), to compare with the default on the same data.
 *
 * --csi and --club fill only the CSI answers or the club on a database that has none yet (e.g. a bench database built by
 * another script): the group-wide club BENCH with half of the car owners as members (joined two
 * weeks after their first purchase, 1 in 32 has left, 1 in 8 tagged hobby:golf), 1,000 points
 * per purchase and 150 per service visit since joining in the points ledger, and the balances.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { systemActor, type Actor } from '../src/auth/index.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import {
  aggregateFamilies,
  refreshAnalyticsAggregates,
} from '../src/modules/analytics/aggregates/refresh.ts';
import { aftersalesDashboard } from '../src/modules/analytics/dashboards/aftersales-dashboard.ts';
import {
  channelsDashboard,
  funnelDashboard,
} from '../src/modules/analytics/dashboards/channels-dashboard.ts';
import {
  resolveFilter,
  type ResolvedFilter,
} from '../src/modules/analytics/dashboards/dashboard-filters.ts';
import { prospectsDashboard } from '../src/modules/analytics/dashboards/prospects-dashboard.ts';
import { usageDashboard } from '../src/modules/analytics/dashboards/usage-dashboard.ts';
import { responseDashboard } from '../src/modules/analytics/dashboards/response-dashboard.ts';
import { qualityDashboard } from '../src/modules/analytics/dashboards/quality-dashboard.ts';
import { comparisonDashboard } from '../src/modules/analytics/dashboards/comparison-dashboard.ts';
import { csiDashboard } from '../src/modules/analytics/dashboards/csi-dashboard.ts';
import { claimsIndexReport } from '../src/modules/analytics/dashboards/claims-index-report.ts';
import { clubKpisReport } from '../src/modules/analytics/dashboards/club-kpis-report.ts';
import { packFigures } from '../src/modules/analytics/report-packs/pack-figures.ts';
import { dueWeek } from '../src/modules/analytics/report-packs/pack-week.ts';
import { databaseTarget, describeTarget } from '../src/server/config.ts';
import { loadDemoCsi } from '../src/demo/demo-csi.loader.ts';

const { values: options } = parseArgs({
  options: {
    generate: { type: 'boolean', default: false },
    club: { type: 'boolean', default: false },
    // load the demo's CSI answers into an existing database that has none
    csi: { type: 'boolean', default: false },
    // a shared bench database on main's schema: leave its migrations alone (this branch's would
    // be recorded there before they are merged)
    'no-migrate': { type: 'boolean', default: false },
    customers: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    // time only the dashboards whose name contains this (e.g. quality)
    only: { type: 'string', default: '' },
    // leave the aggregates as they are: no rebuild, no incremental pass (and so no change to
    // the data); enough for the dashboards read live (quality) on any loaded database
    'skip-refresh': { type: 'boolean', default: false },
    // CSI and club KPIs counted live, as before their kept figures (migration 0274)
    live: { type: 'boolean', default: false },
  },
});
const runs = Number(options.runs);

const target = databaseTarget();
const database = await openDatabase(target, { command: 'bench/dashboards.ts' });
const db = database.db;

const seconds = (start: number) => Math.round(performance.now() - start) / 1000;

async function generate(customers: number): Promise<void> {
  const steps: [string, ReturnType<typeof sql>[]][] = [
    [
      'org',
      [
        sql`
      insert into regions (code, name, country)
        select 'R' || r, 'Region ' || r, 'RU' from generate_series(1, 8) r`,
        sql`
      insert into brands (code, name) values ('XB', 'Xbrand'), ('YB', 'Ybrand'), ('ZB', 'Zbrand')`,
        sql`
      insert into dealers (code, name, region_id, country, currency, timezone)
        select 'D' || d, 'Dealer ' || d,
               (select id from regions where code = 'R' || (1 + d % 8)), 'RU', 'RUB', 'Europe/Moscow'
          from generate_series(1, 100) d`,
        sql`
      insert into dealer_brands (dealer_id, brand_id)
        select d.id, b.id from dealers d join brands b
          on b.code = (array['XB','YB','ZB'])[1 + substring(d.code from 2)::int % 3]
          or (substring(d.code from 2)::int % 4 = 0 and b.code = 'XB')`,
        sql`
      insert into users (email, email_normalized, display_name, role, dealer_id)
        select 'u' || d.code || '-' || k || '@bench.test', 'u' || lower(d.code) || '-' || k || '@bench.test',
               d.code || ' user ' || k,
               case when k = 0 then 'dealer_manager' else 'sales_consultant' end, d.id
          from dealers d cross join generate_series(0, 8) k`,
      ],
    ],
    [
      'customers',
      [
        sql`
      insert into customers (id, kind, last_name, display_name, sort_key, gender)
        select md5('c' || i)::uuid, 'person', 'Customer' || i, 'Customer ' || i, 'customer' || i,
               case when i % 2 = 0 then 'male' else 'female' end
          from generate_series(1, ${customers}::int) i`,
        sql`
      insert into customer_dealers (customer_id, dealer_id)
        select md5('c' || i)::uuid, (select id from dealers where code = 'D' || (1 + (i::bigint * 7919) % 100))
          from generate_series(1, ${customers}::int) i`,
      ],
    ],
    [
      'leads',
      [
        sql`
      create temporary table bench_dealer as
        select d.id, substring(d.code from 2)::int as n, db.brand_id,
               array(select u.id from users u where u.dealer_id = d.id and u.role = 'sales_consultant'
                      order by u.email) as consultants
          from dealers d
          join lateral (select brand_id from dealer_brands where dealer_id = d.id limit 1) db on true`,
        sql`
      insert into leads (id, customer_id, dealer_id, brand_id, assigned_user_id, source_key, stage,
                         lost_reason, intended_purchase_date, current_car_make, current_car_model,
                         last_contact_result, next_contact_plan, competitor_models, created_at,
                         updated_at)
        select md5('l' || i)::uuid, md5('c' || i)::uuid, bd.id, bd.brand_id,
               bd.consultants[1 + i % 8],
               (array['showroom','website','phone','referral','event','partner','social','ads'])[1 + (i / 7) % 8],
               s.stage, case when s.stage = 'lost' then 'price' end,
               (now() - interval '3 years' + (i % 1095) * interval '1 day' + (i % 17) * interval '30 days')::date,
               case when i % 3 = 0 then 'Oldcar' end, case when i % 3 = 0 then 'O1' end,
               case when i % 3 = 0 then 'talked' end, case when i % 3 = 0 then 'call back' end,
               case when i % 5 = 0 then array['Zcar Z9'] when i % 11 = 0 then array['Zcar Z9', 'Wcar W1']
                    else '{}'::text[] end,
               now() - (i % 1095) * interval '1 day' - (i % 1440) * interval '1 minute',
               now() - (i % 1095) * interval '1 day'
          from generate_series(1, ${customers}::int) i
          join bench_dealer bd on bd.n = 1 + (i::bigint * 7919) % 100
          cross join lateral (select (array['new','contacted','showroom_visit','test_drive','offer',
                                            'order','delivered','lost','lost','contacted'])[1 + (i / 3) % 10] as stage) s`,
        sql`
      insert into lead_vehicles (lead_id, customer_id, position, make, model)
        select md5('l' || i)::uuid, md5('c' || i)::uuid, 0, 'Xcar',
               (array['X1','X3','X5','X7','Y2','Y4','Z6'])[1 + i % 7]
          from generate_series(1, ${customers}::int) i
        union all
        select md5('l' || i)::uuid, md5('c' || i)::uuid, 1, 'Xcar',
               (array['X1','X3','X5','X7','Y2','Y4','Z6'])[1 + (i + 3) % 7]
          from generate_series(1, ${customers}::int, 4) i`,
        sql`
      insert into lead_stage_history (lead_id, customer_id, from_stage, to_stage, changed_at)
        select l.id, l.customer_id, 'new', l.stage, l.created_at + interval '2 days'
          from leads l where l.stage <> 'new'
        union all
        select l.id, l.customer_id, 'contacted', 'test_drive', l.created_at + interval '1 day'
          from leads l where l.stage = 'lost'`,
      ],
    ],
    [
      'vehicles and purchases',
      [
        sql`
      insert into vehicles (id, customer_id, make_name)
        select md5('v' || i)::uuid, md5('c' || i)::uuid, 'Xcar'
          from generate_series(1, ${customers}::int) i where i % 10 < 7`,
        sql`
      insert into vehicle_purchases (vehicle_id, customer_id, dealer_id, consultant_user_id,
                                     purchase_date, currency, created_at)
        select md5('v' || i)::uuid, md5('c' || i)::uuid, bd.id, bd.consultants[1 + i % 8],
               current_date - (i % 2190), 'RUB', current_date - (i % 2190)
          from generate_series(1, ${customers}::int) i
          join bench_dealer bd on bd.n = 1 + (i::bigint * 7919) % 100
         where i % 10 < 7`,
      ],
    ],
    [
      'service visits',
      [
        sql`
      insert into service_visits (customer_id, vehicle_id, dealer_id, visit_date, visit_type,
                                  currency, total_minor, created_at, updated_at)
        select p.customer_id, p.vehicle_id,
               case when k % 6 = 0 then (select id from dealers where code = 'D' || (1 + k * 13 % 100))
                    else p.dealer_id end,
               p.purchase_date + (k * 120 + (hashtext(p.vehicle_id::text) & 63))::int,
               'maintenance', 'RUB', 1500000,
               p.purchase_date + (k * 120 + (hashtext(p.vehicle_id::text) & 63))::int,
               p.purchase_date + (k * 120 + (hashtext(p.vehicle_id::text) & 63))::int
          from vehicle_purchases p
          cross join generate_series(1, 12) k
         where p.purchase_date + (k * 120 + (hashtext(p.vehicle_id::text) & 63))::int < current_date`,
      ],
    ],
    [
      'sign-ins and contacts',
      [
        sql`
      insert into login_attempts (email_normalized, ip, succeeded, at)
        select u.email_normalized, '10.0.0.1', true, now() - day * interval '1 day'
          from users u cross join generate_series(0, 364) day
         where (hashtext(u.email || day) & 3) <> 0`,
        sql`
      insert into activities (customer_id, dealer_id, user_id, channel, direction, occurred_at,
                              created_at)
        select md5('c' || i)::uuid, bd.id, bd.consultants[1 + i % 8], 'call', 'outbound',
               now() - (i % 365) * interval '1 day', now() - (i % 365) * interval '1 day'
          from generate_series(1, ${customers}::int * 2) i
          join bench_dealer bd on bd.n = 1 + ((i % ${customers}::int)::bigint * 7919) % 100`,
      ],
    ],
  ];
  await db.connection().execute(async (connection) => {
    await sql`set session_replication_role = replica`.execute(connection);
    await sql`select setseed(0.42)`.execute(connection);
    for (const [name, statements] of steps) {
      const start = performance.now();
      for (const statement of statements) await statement.execute(connection);
      console.error(`generated ${name} in ${seconds(start)} s`);
    }
    await sql`set session_replication_role = origin`.execute(connection);
  });
  await generateCsi();
  await generateClub();
}

/** The demo's after-visit calls (about two in three visits of the past two years answered). */
async function generateCsi(): Promise<void> {
  const answered =
    await sql`select 1 from service_follow_ups where csi_score is not null limit 1`.execute(db);
  if (answered.rows.length) return;
  const start = performance.now();
  const answers = await loadDemoCsi(db, { seed: 1 });
  console.error(`generated ${answers} CSI answers in ${seconds(start)} s`);
  await sql`analyze service_follow_ups`.execute(db);
}

/**
 * The owners club at scale (see --club above): set-based, triggers off, so the balances are
 * written from the ledger here rather than by the ledger's trigger. Nothing when BENCH exists.
 */
async function generateClub(): Promise<void> {
  const exists = await sql`select 1 from clubs where code = 'BENCH'`.execute(db);
  if (exists.rows.length) return;
  const member = sql`(hashtext(p.customer_id::text) & 1) = 0`;
  const statements = [
    sql`insert into clubs (code, name, brand_id, currency, earn_from)
        values ('BENCH', 'Bench owners club', null, 'RUB', current_date - 3650)`,
    sql`insert into club_tiers (club_id, code, name, rank)
        select id, 'base', 'Base', 0 from clubs where code = 'BENCH'`,
    sql`
      insert into club_members (club_id, customer_id, member_number, joined_on, home_dealer_id,
                                tier_id, tier_since, status, left_on, tags)
        select c.id, p.customer_id, 'B' || row_number() over (order by p.customer_id),
               least(p.purchase_date + 14, current_date), p.dealer_id, t.id,
               least(p.purchase_date + 14, current_date),
               case when (hashtext(p.customer_id::text) & 62) = 0 then 'left' else 'active' end,
               case when (hashtext(p.customer_id::text) & 62) = 0 then current_date - 30 end,
               case when (hashtext(p.customer_id::text) & 14) = 0 then array['hobby:golf']
                    else '{}'::text[] end
          from (select distinct on (customer_id) customer_id, purchase_date, dealer_id
                  from vehicle_purchases order by customer_id, purchase_date) p
          join clubs c on c.code = 'BENCH'
          join club_tiers t on t.club_id = c.id
         where ${member}`,
    sql`
      insert into club_points_ledger (member_id, customer_id, club_id, source, source_id, points,
                                      occurred_on, expires_on, amount_minor, currency)
        select m.id, m.customer_id, m.club_id, 'purchase', p.id, 1000, p.purchase_date,
               p.purchase_date + 730, p.price_minor, p.currency
          from club_members m join vehicle_purchases p on p.customer_id = m.customer_id
        union all
        select m.id, m.customer_id, m.club_id, 'service_visit', v.id, 150, v.visit_date,
               v.visit_date + 730, v.total_minor, v.currency
          from club_members m join service_visits v on v.customer_id = m.customer_id
         where v.visit_date >= m.joined_on`,
    sql`
      insert into club_point_balances (member_id, customer_id, balance)
        select m.id, m.customer_id, coalesce(sum(l.points), 0)
          from club_members m left join club_points_ledger l on l.member_id = m.id
         group by m.id, m.customer_id`,
  ];
  await db.connection().execute(async (connection) => {
    await sql`set session_replication_role = replica`.execute(connection);
    const start = performance.now();
    for (const statement of statements) await statement.execute(connection);
    await sql`set session_replication_role = origin`.execute(connection);
    console.error(`generated the owners club in ${seconds(start)} s`);
  });
  await sql`analyze`.execute(db);
}

try {
  if (!options['no-migrate']) await migrate(database.pool);
  if (options.generate) await generate(Number(options.customers));
  if (options.csi && !options.generate) await generateCsi();
  if (options.club && !options.generate) await generateClub();
  const sizes = (
    await sql<Record<string, number>>`
    select (select count(*) from customers)::int as customers,
           (select count(*) from leads)::int as leads,
           (select count(*) from service_visits)::int as visits,
           (select count(*) from vehicle_purchases)::int as purchases,
           (select count(*) from activities)::int as activities,
           (select count(*) from service_follow_ups)::int as follow_ups,
           (select count(*) from service_follow_ups where csi_score is not null)::int as csi_answers,
           (select count(*) from club_members)::int as club_members,
           (select count(*) from club_points_ledger)::int as club_points_entries`.execute(db)
  ).rows[0]!;

  let start = performance.now();
  let rebuilt: unknown = 'skipped';
  let rebuildSeconds = 0;
  let incremental: unknown = 'skipped';
  let incrementalSeconds = 0;
  if (!options['skip-refresh']) {
    // each family timed on its own: the kept CSI and club rows (0274) are new ones
    const families: Record<string, unknown> = {};
    for (const family of aggregateFamilies) {
      const begun = performance.now();
      const [result] = await refreshAnalyticsAggregates(db, { full: true, only: [family] });
      families[family] = { ...result, seconds: seconds(begun) };
    }
    rebuilt = families;
    rebuildSeconds = seconds(start);
    await sql`analyze`.execute(db);
  }
  const aggregateRows = (
    await sql<Record<string, number>>`
    select (select count(*) from analytics_lead_daily)::int as lead_daily,
           (select count(*) from analytics_lead_monthly)::int as lead_monthly,
           (select count(*) from analytics_lead_competitor_daily)::int as competitor_daily,
           (select count(*) from analytics_retention_daily)::int as retention_daily,
           (select count(*) from analytics_owner_daily)::int as owner_daily,
           (select count(*) from analytics_service_daily)::int as service_daily,
           (select count(*) from analytics_usage_daily)::int as usage_daily,
           (select count(*) from analytics_csi_monthly)::int as csi_monthly,
           (select count(*) from analytics_club_member_activity)::int as club_members_kept`.execute(
      db,
    )
  ).rows[0]!;

  if (!options['skip-refresh']) {
    // an incremental pass after a day's worth of changes: 1,000 leads moved on
    await sql`update leads set stage = 'offer' where id in (
        select id from leads where stage = 'contacted' order by id limit 1000)`.execute(db);
    start = performance.now();
    incremental = await refreshAnalyticsAggregates(db);
    incrementalSeconds = seconds(start);
  }

  const biggestDealer = (
    await sql<{ id: string; code: string; region_id: string }>`
    select d.id, d.code, d.region_id from dealers d
     order by (select count(*) from leads l where l.dealer_id = d.id) desc limit 1`.execute(db)
  ).rows[0]!;
  const region = await db
    .selectFrom('dealers')
    .select('id')
    .where('region_id', '=', biggestDealer.region_id)
    .execute();
  const group = systemActor('cli');
  const actors: Record<string, Actor> = {
    group,
    region: {
      ...group,
      role: 'region_manager',
      regionId: biggestDealer.region_id,
      scope: { level: 'region', dealerIds: region.map((row) => row.id) },
    },
    dealer: {
      ...group,
      role: 'dealer_manager',
      dealerId: biggestDealer.id,
      scope: { level: 'dealer', dealerIds: [biggestDealer.id] },
    },
  };
  const today = new Date().toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const dashboards: Record<
    string,
    (db: typeof database.db, actor: Actor, filter: ResolvedFilter) => Promise<unknown>
  > = {
    prospects: prospectsDashboard,
    channels: channelsDashboard,
    funnel: funnelDashboard,
    aftersales: aftersalesDashboard,
    usage: usageDashboard,
    response: responseDashboard,
    quality: qualityDashboard,
    comparison: comparisonDashboard,
    csi: (db, actor, filter) => csiDashboard(db, actor, filter, { live: options.live }),
    // read live, not from the aggregates: their own query and scope (filters other than the
    // period do not apply to them)
    'claims index': (db, actor) => claimsIndexReport(db, actor, { from: yearAgo, to: today }),
    'club KPIs': (db, actor) => clubKpisReport(db, actor, {}, { live: options.live }),
    // the weekly pack's figures for the week due now (in UTC), as the job computes them for
    // each recipient
    'weekly pack': (db, actor) => packFigures(db, actor, dueWeek(new Date(), 'UTC')),
  };
  const cases = [
    { scope: 'group', query: {} },
    { scope: 'group', query: { series: 'X3', channel: 'website' } },
    { scope: 'region', query: {} },
    { scope: 'dealer', query: {} },
  ] as const;
  // these take no series or channel filter: their filtered case would time the group's query again
  const unfiltered = new Set(['claims index', 'club KPIs', 'weekly pack']);
  const timings: Record<string, Record<string, string>> = {};
  for (const [name, dashboard] of Object.entries(dashboards)) {
    if (!name.includes(options.only)) continue;
    for (const { scope, query } of cases) {
      if (unfiltered.has(name) && Object.keys(query).length) continue;
      const filter = await resolveFilter(db, { from: yearAgo, to: today, ...query });
      const times: number[] = [];
      for (let run = 0; run < runs; run++) {
        start = performance.now();
        await dashboard(db, actors[scope]!, filter);
        times.push(seconds(start));
      }
      const label = `${scope}${Object.keys(query).length ? ' +series+channel' : ''}`;
      // the first run reads cold pages; the median is the steady state
      const sorted = [...times].sort((a, b) => a - b);
      (timings[name] ??= {})[label] =
        `first ${times[0]} s, median ${sorted[Math.floor(sorted.length / 2)]} s`;
    }
  }
  console.log(
    JSON.stringify(
      {
        database: describeTarget(target),
        cpus: os.cpus().length,
        loadAverage: os.loadavg().map((load) => Math.round(load * 10) / 10),
        sizes,
        aggregateRows,
        rebuild: { seconds: rebuildSeconds, rebuilt },
        incremental: { seconds: incrementalSeconds, incremental },
        dashboards: timings,
      },
      null,
      2,
    ),
  );
} finally {
  await database.close();
}
