/**
 * Next-service due dates and lifecycle-event planning over the whole vehicle base, timed.
 *
 *   DATABASE_URL=postgres://... npx tsx bench/service-due.ts [--as-of 2026-12-01] [--window-days 30]
 *
 * Load the data first with bench/demo-load.ts (vehicles, purchases and service visits). The
 * planning runs in a transaction that is rolled back, so the benchmark can be repeated.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { planLifecycleEvents } from '../src/modules/service/lifecycle-planner.ts';
import { databaseTarget, describeTarget } from '../src/server/config.ts';

const { values: options } = parseArgs({
  options: {
    'as-of': { type: 'string', default: new Date().toISOString().slice(0, 10) },
    'window-days': { type: 'string', default: '30' },
  },
});
const asOf = options['as-of'];
const from = new Date(Date.parse(`${asOf}T00:00:00Z`) - Number(options['window-days']) * 86_400_000)
  .toISOString()
  .slice(0, 10);

class Rollback extends Error {}

const target = databaseTarget();
const database = await openDatabase(target, { command: 'bench/service-due.ts' });
try {
  await migrate(database.pool);
  const db = database.db;
  const sizes = await sql<{ vehicles: number; visits: number; purchases: number }>`
    select (select count(*) from vehicles)::int as vehicles,
           (select count(*) from service_visits)::int as visits,
           (select count(*) from vehicle_purchases)::int as purchases`.execute(db);
  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const start = performance.now();
    const result = await work();
    return [result, Math.round(performance.now() - start) / 1000];
  };
  const [due, dueSeconds] = await timed(async () => {
    const result = await sql<{ vehicles: number; overdue: number; by_km: number }>`
      select count(*)::int as vehicles,
             (count(*) filter (where due_date < ${asOf}::date))::int as overdue,
             (count(*) filter (where due_by = 'km'))::int as by_km
        from vehicle_service_due`.execute(db);
    return result.rows[0]!;
  });
  let planned = 0;
  const [, planSeconds] = await timed(async () => {
    try {
      await db.transaction().execute(async (tx) => {
        planned = await planLifecycleEvents(tx, from, asOf);
        throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
  });
  console.log(
    JSON.stringify({
      database: describeTarget(target),
      cpus: os.cpus().length,
      ...sizes.rows[0],
      dueDates: { ...due, seconds: dueSeconds },
      lifecyclePlan: { from, to: asOf, events: planned, seconds: planSeconds },
    }),
  );
} finally {
  await database.close();
}
