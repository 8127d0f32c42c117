/**
 * The care programme's daily run (issue 4): N pending birthday events, spread over the demo
 * dealers, are emitted by one run, each becoming a call task for its dealer's CRM manager.
 *
 *   DATA_DIR=/tmp/lifecycle-bench npx tsx bench/lifecycle-run.ts [--events 5000]
 *   DATABASE_URL=postgres://... npx tsx bench/lifecycle-run.ts [--events 100000]
 *
 * Use a throwaway database: set-up, untimed, migrates it, loads the demo organisation (no
 * customers), and inserts N customers with one pending event each (a few statements), due on
 * a day after every earlier run of this bench, so that a second invocation on the same
 * database measures new events. Timed: the run of that day (planning finds nothing to plan
 * for these customers, so it is the emit: the batches of 500, their tasks and the events
 * marked), then a second run of the same day (nothing pending: what a rerun costs).
 * Prints one JSON line: events, seconds, events/s, tasks written, the rerun's seconds.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { systemActor, withActor } from '../src/auth/index.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadDemoOrg } from '../src/demo/demo-org.loader.ts';
import { runLifecycle } from '../src/modules/service/index.ts';
import { databaseTarget, describeTarget } from '../src/server/config.ts';

const { values: options } = parseArgs({
  options: { events: { type: 'string', default: '5000' } },
});
const wanted = Number(options.events);

const target = databaseTarget();
const database = await openDatabase(target, { command: 'bench/lifecycle-run.ts' });
const { db } = database;
try {
  await migrate(database.pool);
  await loadDemoOrg(db);
  // a day no earlier run of this bench used: the day after the latest run
  const last = await sql<{ day: string }>`
    select coalesce(max(as_of) + 1, date '2031-01-01')::text as day from lifecycle_runs`.execute(
    db,
  );
  const asOf = last.rows[0]!.day;
  const tag = `bench-${asOf}`;
  await withActor(db, systemActor('cli'), async (tx) => {
    await sql`insert into customers (kind, first_name, last_name, display_name, sort_key)
        select 'person', 'L' || n, ${tag}, 'L' || n || ' ' || ${tag}, ${tag} || ' l' || n
          from generate_series(1, ${wanted}::int) as n`.execute(tx);
    // round robin over the dealers that have a CRM manager
    await sql`
      with d as (select dealer_id, row_number() over (order by dealer_id) - 1 as k,
                        count(*) over () as n
                   from (select distinct dealer_id from users
                          where role = 'crm_manager' and active and dealer_id is not null) x),
           c as (select id, row_number() over (order by id) as k from customers
                  where last_name = ${tag})
      insert into lifecycle_events (event_type, customer_id, dealer_id, due_date, payload,
                                    occurrence_key)
      select 'birthday', c.id, d.dealer_id, ${asOf}::date, '{"year": 2031}'::jsonb, ${tag}
        from c join d on d.k = c.k % d.n`.execute(tx);
  });
  const tasksBefore = await countTasks();
  const started = performance.now();
  const run = await runLifecycle(db, asOf);
  const seconds = (performance.now() - started) / 1000;
  const tasks = (await countTasks()) - tasksBefore;
  const again = performance.now();
  const rerun = await runLifecycle(db, asOf);
  const rerunSeconds = (performance.now() - again) / 1000;
  console.log(
    JSON.stringify({
      bench: 'lifecycle-run',
      database: describeTarget(target),
      asOf,
      events: wanted,
      emitted: run.emitted,
      tasks,
      seconds: Number(seconds.toFixed(2)),
      eventsPerSecond: Math.round(run.emitted / seconds),
      rerunEmitted: rerun.emitted,
      rerunSeconds: Number(rerunSeconds.toFixed(2)),
      load: os.loadavg().map((value) => Number(value.toFixed(1))),
    }),
  );
} finally {
  await database.close();
}

async function countTasks(): Promise<number> {
  const row = await db
    .selectFrom('tasks')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
