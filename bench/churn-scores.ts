/**
 * The churn model's scores at scale: the lifetime value's cost per owner (simulated owners, no
 * database), then on a loaded database the refit (BG/NBD, Gamma-Gamma, lifetime values, scores
 * written) and the retention worklist, its export and one owner's score at three scopes, timed.
 *
 *   npx tsx bench/churn-scores.ts --simulate 200000
 *   DATABASE_URL=postgres://postgres@127.0.0.1:56717/bench100k \
 *     npx tsx bench/churn-scores.ts [--skip-refit] [--runs 3]
 *
 * The database is one bench/dashboards.ts --generate filled (100 dealers, owners with service
 * visits every 120 days); nothing but the scores' tables is written.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { systemActor, type Actor } from '../src/auth/index.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { serviceLifetimeTerms } from '../src/modules/analytics/churn/lifetime-terms.ts';
import { retentionWorklist } from '../src/modules/analytics/churn/retention-worklist.ts';
import { refitServiceChurnModel } from '../src/modules/analytics/churn/service-churn-refit.ts';
import { exportRetentionWorklist } from '../src/modules/analytics/churn/worklist-export.ts';
import { discountedExpectedTransactions } from '../src/modules/analytics/models/lifetime-value.ts';
import { simulateBgNbd } from '../src/modules/analytics/models/simulate.ts';
import { databaseTarget, describeTarget } from '../src/server/config.ts';

const { values: options } = parseArgs({
  options: {
    simulate: { type: 'string', default: '0' },
    'skip-refit': { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
  },
});
const seconds = (start: number) => Math.round(performance.now() - start) / 1000;
const loadAverage = () => os.loadavg().map((load) => Math.round(load * 10) / 10);

if (Number(options.simulate) > 0) {
  // service-like owners in weeks: about a visit every 6 months, histories of 0.5-10 years
  const params = { r: 1.2, alpha: 40, a: 0.6, b: 3 };
  const owners = simulateBgNbd(params, Number(options.simulate), { minT: 26, maxT: 520 });
  const terms = serviceLifetimeTerms({});
  const start = performance.now();
  let total = 0;
  for (let i = 0; i < owners.x.length; i++) {
    total += discountedExpectedTransactions(
      params,
      owners.x[i]!,
      owners.tx[i]!,
      owners.T[i]!,
      terms,
    );
  }
  const elapsed = seconds(start);
  console.log(
    JSON.stringify({
      owners: owners.x.length,
      seconds: elapsed,
      microsecondsPerOwner: Math.round((elapsed / owners.x.length) * 1e7) / 10,
      meanDiscountedVisits: Math.round((total / owners.x.length) * 1000) / 1000,
      loadAverage: loadAverage(),
    }),
  );
  process.exit(0);
}

const target = databaseTarget();
const database = await openDatabase(target, { command: 'bench/churn-scores.ts' });
const db = database.db;
try {
  await migrate(database.pool);
  const group = systemActor('cli');
  let refit: unknown = 'skipped';
  if (!options['skip-refit']) {
    const start = performance.now();
    const result = await refitServiceChurnModel(db, group);
    refit = { ...result, seconds: seconds(start) };
  }
  const dealer = (
    await sql<{ id: string; region_id: string }>`
      select d.id, d.region_id from dealers d
       order by (select count(*) from analytics_service_scores s where s.last_dealer_id = d.id) desc
       limit 1`.execute(db)
  ).rows[0]!;
  const region = await db
    .selectFrom('dealers')
    .select('id')
    .where('region_id', '=', dealer.region_id)
    .execute();
  const actors: Record<string, Actor> = {
    group,
    region: {
      ...group,
      role: 'region_manager',
      regionId: dealer.region_id,
      scope: { level: 'region', dealerIds: region.map((row) => row.id) },
    },
    dealer: {
      ...group,
      role: 'dealer_manager',
      dealerId: dealer.id,
      scope: { level: 'dealer', dealerIds: [dealer.id] },
    },
  };
  const cases = {
    'worklist, revenue at risk': (actor: Actor) =>
      retentionWorklist(db, actor, { limit: 50, offset: 0 }),
    'worklist, lifetime value, every owner': (actor: Actor) =>
      retentionWorklist(db, actor, { sort: 'lifetimeValue', maxPActive: 1, limit: 50, offset: 0 }),
    'worklist export (10,000 rows)': (actor: Actor) =>
      exportRetentionWorklist(db, actor, { maxPActive: 1 }, {}),
  };
  const timings: Record<string, Record<string, string>> = {};
  for (const [name, run] of Object.entries(cases)) {
    for (const [scope, actor] of Object.entries(actors)) {
      const times: number[] = [];
      for (let i = 0; i < Number(options.runs); i++) {
        const start = performance.now();
        await run(actor);
        times.push(seconds(start));
      }
      const sorted = [...times].sort((x, y) => x - y);
      (timings[name] ??= {})[scope] =
        `first ${times[0]} s, median ${sorted[Math.floor(sorted.length / 2)]} s`;
    }
  }
  const sizes = (
    await sql<Record<string, number>>`
      select (select count(*) from customers)::int as customers,
             (select count(*) from service_visits)::int as visits,
             (select count(*) from analytics_service_scores)::int as scored_owners`.execute(db)
  ).rows[0]!;
  console.log(
    JSON.stringify(
      {
        database: describeTarget(target),
        cpus: os.cpus().length,
        loadAverage: loadAverage(),
        sizes,
        refit,
        timings,
      },
      null,
      2,
    ),
  );
} finally {
  await database.close();
}
