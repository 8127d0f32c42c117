/**
 * The conquest plan report, the retention worklist and the best-customer scored list on a
 * loaded database, timed for three real users of it: the group admin, a brand manager and the
 * manager of the dealer with the most customers (one of the brand manager's dealers).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:55450/perf7_copy \
 *     npx tsx bench/worklists.ts [--runs 3] [--series F7] [--skip-best]
 *
 * What the reports read is made first when missing, and timed: the churn model's refit (scores
 * of every owner), the best-customer fit of the series and this month's conquest plan of the
 * dealer. So the database gets model runs, scores and a plan: use a copy, not a shared one.
 * The fit scores the whole group once and keeps the list (migration 0277); a page reads it.
 * `--only-best` times only the best-customer fit and list (it writes a model run, its weights
 * and scores, nothing else).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { actorForUser, findUserById, systemActor, type Actor } from '../src/auth/index.ts';
import { openDatabase } from '../src/db/database.ts';
import {
  fitBestCustomerModel,
  scoreCustomers,
  keptScoreBatches,
} from '../src/modules/analytics/best-customers/best-customers.service.ts';
import { retentionWorklist } from '../src/modules/analytics/churn/retention-worklist.ts';
import { refitServiceChurnModel } from '../src/modules/analytics/churn/service-churn-refit.ts';
import { exportRetentionWorklist } from '../src/modules/analytics/churn/worklist-export.ts';
import { conquestPlanExportReport } from '../src/modules/analytics/dashboards/conquest-plan-report.ts';
import { saveConquestPlan } from '../src/modules/sales/conquest-plans.service.ts';
import { databaseTarget, describeTarget } from '../src/server/config.ts';

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    series: { type: 'string', default: 'F7' },
    // leave out the best-customer fit and list
    'skip-best': { type: 'boolean', default: false },
    // only the best-customer fit and list: no churn refit, conquest plan or retention worklist
    // (for the shared bench database, where those would write rows)
    'only-best': { type: 'boolean', default: false },
  },
});
const runs = Number(options.runs);
const seconds = (start: number) => Math.round(performance.now() - start) / 1000;
const loadAverage = () => os.loadavg().map((load) => Math.round(load * 10) / 10);

const target = databaseTarget();
const database = await openDatabase(target, { command: 'bench/worklists.ts' });
const db = database.db;
try {
  const userActor = async (where: ReturnType<typeof sql>): Promise<Actor> => {
    const row = await sql<{ id: string }>`select u.id from users u where ${where} limit 1`.execute(
      db,
    );
    const user = row.rows[0] && (await findUserById(db, row.rows[0].id));
    if (!user) throw new Error('no such user');
    return actorForUser(db, user);
  };
  // the dealer manager of the dealer with the most customers, a brand manager of a brand it sells
  const dealerManager = await userActor(sql`u.role = 'dealer_manager' order by (
      select count(*) from customer_dealers l where l.dealer_id = u.dealer_id) desc`);
  const dealerId = dealerManager.dealerId!;
  const brandManager = await userActor(sql`u.role = 'brand_manager' and exists (
      select 1 from dealer_brands b where b.brand_id = u.brand_id and b.dealer_id = ${dealerId})`);
  const admin = await userActor(sql`u.role = 'group_admin'`);
  const actors: Record<string, Actor> = {
    'group admin': admin,
    'brand manager': brandManager,
    'dealer manager': dealerManager,
  };
  const today = new Date().toISOString().slice(0, 10);
  const prepared: Record<string, unknown> = {};

  let start = performance.now();
  const churnRun = await sql`select 1 from analytics_model_runs
      where model = 'service_bgnbd' and status = 'succeeded' limit 1`.execute(db);
  if (!churnRun.rows.length && !options['only-best']) {
    const result = await refitServiceChurnModel(db, systemActor('cli'));
    prepared.churnRefit = { ...result, seconds: seconds(start), loadAverage: loadAverage() };
  }

  start = performance.now();
  const fitted = await sql<{ id: string }>`select id from analytics_model_runs
      where model = 'best_customer_nb' and status = 'succeeded'
        and params->>'series' = ${options.series} order by started_at desc limit 1`.execute(db);
  let bestRunId = fitted.rows[0]?.id;
  if (!bestRunId && !options['skip-best']) {
    const run = await fitBestCustomerModel(db, admin, { series: options.series });
    bestRunId = run.id;
    prepared.bestCustomerFit = {
      id: run.id,
      status: run.status,
      error: run.errorMessage,
      seconds: seconds(start),
      quality: run.quality && { ...run.quality, highlights: undefined },
      // the whole process's peak resident set: the fit must fit in Node's default heap
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      loadAverage: loadAverage(),
    };
  }

  const cases: Record<string, (actor: Actor, run: number) => Promise<unknown>> = {};
  let dealerCode: string | undefined;
  let series: string[] = [];
  if (!options['only-best']) {
    const monthStart = `${today.slice(0, 7)}-01`;
    dealerCode = (
      await sql<{ code: string }>`select code from dealers where id = ${dealerId}`.execute(db)
    ).rows[0]!.code;
    series = (
      await sql<{ series: string }>`select v.series from vehicle_purchases p
        join vehicles v on v.id = p.vehicle_id
       where p.dealer_id = ${dealerId} and v.series is not null
       group by v.series order by count(*) desc limit 3`.execute(db)
    ).rows.map((row) => row.series);
    const plan = await saveConquestPlan(db, admin, {
      dealerCode,
      periodKind: 'month',
      periodStart: monthStart,
      targets: series.map((name) => ({ series: name, targetUnits: 40 })),
    });

    Object.assign(cases, {
      'conquest plan report': (actor: Actor) => conquestPlanExportReport(db, actor, plan.id),
      'retention worklist (first 50)': (actor: Actor) =>
        retentionWorklist(db, actor, { limit: 50, offset: 0 }),
      'retention worklist export (10,000 rows)': (actor: Actor) =>
        exportRetentionWorklist(db, actor, {}, {}),
    });
  }
  if (bestRunId) {
    const runId = bestRunId;
    // the fit keeps the scored list (0277): a page is read from it, every run alike
    cases['best customers, first 50 (kept list)'] = (actor) =>
      scoreCustomers(db, actor, runId, { limit: 50, offset: 0 });
    cases['best customers by likeness, page 11 (offset 500)'] = (actor) =>
      scoreCustomers(db, actor, runId, { limit: 50, offset: 500, order: 'likeness' });
    // the export's first batch of 5,000 kept rows
    cases['best customers export, first batch (5,000 rows)'] = async (actor) => {
      await keptScoreBatches(db, actor, runId, 'priority').next();
    };
  }
  const timings: Record<string, Record<string, string>> = {};
  for (const [name, time] of Object.entries(cases)) {
    for (const [scope, actor] of Object.entries(actors)) {
      const times: number[] = [];
      for (let run = 0; run < runs; run++) {
        start = performance.now();
        await time(actor, run);
        times.push(seconds(start));
      }
      const sorted = [...times].sort((a, b) => a - b);
      (timings[name] ??= {})[scope] =
        `first ${times[0]} s, median ${sorted[Math.floor(sorted.length / 2)]} s, load ${loadAverage()[0]}`;
    }
  }
  const sizes = (
    await sql<Record<string, number>>`
      select (select count(*) from customers)::int as customers,
             (select count(*) from service_visits)::int as visits,
             (select count(*) from leads)::int as leads,
             (select count(*) from vehicle_purchases)::int as purchases,
             (select count(*) from analytics_service_scores)::int as scored_owners`.execute(db)
  ).rows[0]!;
  console.log(
    JSON.stringify(
      {
        database: describeTarget(target),
        cpus: os.cpus().length,
        loadAverage: loadAverage(),
        sizes,
        dealerCode,
        series: options.series,
        planSeries: series,
        prepared,
        timings,
      },
      null,
      2,
    ),
  );
} finally {
  await database.close();
}
