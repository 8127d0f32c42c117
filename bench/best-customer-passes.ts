/**
 * The best-customer fit's passes alone (train counts, holdout test and gains, final counts;
 * fit-passes.ts), without the kept list's INSERT, so each part of the fit can be timed on its
 * own:
 *
 *     DATABASE_URL=... npx tsx bench/best-customer-passes.ts [--series Okavango]
 *
 * It writes a model run and its weights for the time it runs and deletes them at the end.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { monthsBefore } from '../src/modules/analytics/best-customers/best-customers.service.ts';
import { fitPasses } from '../src/modules/analytics/best-customers/fit-passes.ts';
import { featureRows } from '../src/modules/analytics/best-customers/profile-features.ts';
import { databaseTarget, describeTarget } from '../src/server/config.ts';

const { values: options } = parseArgs({
  options: { series: { type: 'string', default: 'F7' }, window: { type: 'string', default: '12' } },
});
const series = options.series;
const window = Number(options.window);
const loadAverage = () => os.loadavg().map((load) => Math.round(load * 10) / 10);

const target = databaseTarget();
const database = await openDatabase(target, { command: 'bench/best-customer-passes.ts' });
const db = database.db;
const asOf = new Date().toISOString().slice(0, 10);
const holdoutFrom = monthsBefore(asOf, window);
const trainFrom = monthsBefore(asOf, 2 * window);
// a run of its own, so the weights have a home; a series name nobody fits keeps it apart
const run = await db
  .insertInto('analytics_model_runs')
  .values({
    model: 'best_customer_nb',
    status: 'running',
    as_of: asOf,
    params: JSON.stringify({ series: `bench-passes-${series}` }),
  })
  .returning('id')
  .executeTakeFirstOrThrow();
try {
  const loadBefore = loadAverage();
  const start = performance.now();
  const result = await fitPasses(
    db,
    run.id,
    featureRows(trainFrom, { series, buyersFrom: trainFrom, buyersTo: holdoutFrom }),
    featureRows(holdoutFrom, { series, buyersFrom: holdoutFrom, buyersTo: asOf }),
  );
  console.log(
    JSON.stringify(
      {
        database: describeTarget(target),
        series,
        seconds: Math.round(performance.now() - start) / 1000,
        topDecileLift: result.holdout.topDecileLift,
        holdoutPeople: result.holdout.people,
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        loadBefore,
        loadAfter: loadAverage(),
      },
      null,
      2,
    ),
  );
} finally {
  await sql`delete from analytics_model_runs where id = ${run.id}`.execute(db);
  await database.close();
}
