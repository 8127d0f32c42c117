import { Writable } from 'node:stream';
import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../db/database.ts';
import { buildApp } from '../server/app.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { attachJobQueue } from './job-queue.ts';
import { runPeriodically } from './periodic-job.ts';
import type { App } from './types.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** A bare server with only the job queue, its log lines kept. */
function jobServer(database: AppDatabase, lines: string[]): App {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const app = Fastify({ logger: { level: 'error', stream } }).withTypeProvider<ZodTypeProvider>();
  attachJobQueue(app, database);
  return app;
}

const jobStates = (database: AppDatabase, queue: string) =>
  sql<{ state: string; count: number }>`
    select state::text as state, count(*)::int as count from pgboss.job
     where name = ${queue} group by state order by state`
    .execute(database.db)
    .then((result) => Object.fromEntries(result.rows.map((row) => [row.state, row.count])));

describe('periodic jobs run on pg-boss', () => {
  let database: AppDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('a job runs pass after pass, never two at once, and closing waits for the pass in flight', async () => {
    const lines: string[] = [];
    const app = jobServer(database, lines);
    let active = 0;
    let mostAtOnce = 0;
    let finished = 0;
    runPeriodically(app, {
      name: 'Slow sweep',
      // ticks come faster than a pass takes
      everyMs: 200,
      run: async () => {
        active += 1;
        mostAtOnce = Math.max(mostAtOnce, active);
        await sleep(700);
        active -= 1;
        finished += 1;
      },
    });
    await app.ready();
    await until(() => finished >= 2 && active === 1, 20_000);
    await app.close();
    // the pass that was running when the server closed had ended before close() returned
    expect(active).toBe(0);
    expect(mostAtOnce).toBe(1);
    expect(lines).toEqual([]);
    const states = await jobStates(database, 'autocrm.slow-sweep');
    expect(states.completed).toBeGreaterThanOrEqual(3);
    // nothing is left running after the close
    expect(states.active ?? 0).toBe(0);
  });

  it('a failing pass is logged and recorded as failed, and the next tick runs again', async () => {
    const lines: string[] = [];
    const app = jobServer(database, lines);
    let passes = 0;
    runPeriodically(app, {
      name: 'Flaky refresh',
      everyMs: 300,
      run: async () => {
        passes += 1;
        if (passes === 1) throw new Error('the first pass breaks');
      },
    });
    await app.ready();
    await until(() => passes >= 3, 20_000);
    await app.close();
    expect(lines.some((line) => line.includes('Flaky refresh failed'))).toBe(true);
    expect(lines.some((line) => line.includes('the first pass breaks'))).toBe(true);
    const states = await jobStates(database, 'autocrm.flaky-refresh');
    expect(states.failed).toBe(1);
    expect(states.completed).toBeGreaterThanOrEqual(2);
  });

  it('runSoon runs a pass long before the next tick, and never beside a running one', async () => {
    const lines: string[] = [];
    const app = jobServer(database, lines);
    let passes = 0;
    let active = 0;
    let mostAtOnce = 0;
    runPeriodically(app, {
      name: 'Rare report',
      // 70 minutes: no cron form, so its only tick is a timer an hour and more away
      everyMs: 70 * 60_000,
      run: async () => {
        active += 1;
        mostAtOnce = Math.max(mostAtOnce, active);
        passes += 1;
        await sleep(700);
        active -= 1;
      },
    });
    // before the server is ready, and for a job nobody registered: nothing, and no error
    app.jobs.runSoon('Rare report');
    await app.ready();
    app.jobs.runSoon('No such job');
    await sleep(1000);
    expect(passes).toBe(0);

    app.jobs.runSoon('Rare report');
    await until(() => passes === 1 && active === 1, 60_000);
    // asked again and again while the pass runs: the queue's once-in-the-cluster rule holds
    for (let i = 0; i < 5; i++) {
      app.jobs.runSoon('Rare report');
      await sleep(50);
    }
    await until(() => active === 0, 20_000);
    await sleep(1500);
    await app.close();
    expect(mostAtOnce).toBe(1);
    // the asks during the pass were refused (one pass queued or running at a time), or one
    // of them waited and ran after it: never one pass per ask
    expect(passes).toBeGreaterThanOrEqual(1);
    expect(passes).toBeLessThanOrEqual(2);
    expect(lines).toEqual([]);
    const states = await jobStates(database, 'autocrm.rare-report');
    expect(states.failed ?? 0).toBe(0);
    expect(states.completed).toBe(passes);
  });

  it('without the database (API tests) a job is registered but never runs', async () => {
    const app = Fastify().withTypeProvider<ZodTypeProvider>();
    attachJobQueue(app, undefined);
    let passes = 0;
    let stopped = false;
    runPeriodically(app, {
      name: 'Never',
      everyMs: 100,
      run: async () => {
        passes += 1;
      },
      stop: () => {
        stopped = true;
      },
    });
    await app.ready();
    // asking for a pass does nothing either
    app.jobs.runSoon('Never');
    await sleep(600);
    await app.close();
    expect(app.jobs.running).toBe(false);
    expect(passes).toBe(0);
    // what the job holds is released all the same
    expect(stopped).toBe(true);
  });
});

/**
 * Two servers behind a load balancer on one PostgreSQL: pg-boss lets one of them run each pass.
 * PostgreSQL only (PGlite is one process's database).
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('two servers on one PostgreSQL', () => {
  let database: AppDatabase;
  const servers: App[] = [];

  const settings = { defaultCountry: 'RU', defaultCurrency: 'RUB', secureCookies: false };
  const startServer = async (register: (app: App) => void) => {
    const app = await buildApp({ db: database.db, settings, serveWeb: false, jobs: database });
    register(app);
    servers.push(app);
    return app;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const app of servers) await app.close();
    await database.close();
  });

  it('a scheduled pass (pg-boss cron, every minute) runs once, on one of them', async () => {
    const passes: string[] = [];
    for (const server of ['one', 'two']) {
      const app = await startServer((app) =>
        runPeriodically(app, {
          name: 'Minute report',
          everyMs: 60_000,
          run: async () => {
            passes.push(server);
            await sleep(1000);
          },
        }),
      );
      await app.ready();
    }
    const schedules = await sql<{ cron: string }>`
      select cron from pgboss.schedule where name = 'autocrm.minute-report'`.execute(database.db);
    expect(schedules.rows).toEqual([{ cron: '* * * * *' }]);
    // the next minute's occurrence, sent by pg-boss's cron pass (every 5 s on each server)
    await until(() => passes.length > 0, 100_000);
    // the next occurrence is at least 40 s away: anything more now would be the same one twice
    await sleep(12_000);
    expect(passes).toHaveLength(1);
    expect(['one', 'two']).toContain(passes[0]);
  }, 150_000);

  it('passes ticked by both servers never overlap', async () => {
    let active = 0;
    let mostAtOnce = 0;
    const ran = { three: 0, four: 0 };
    for (const server of ['three', 'four'] as const) {
      const app = await startServer((app) =>
        runPeriodically(app, {
          name: 'Busy sweep',
          everyMs: 250,
          run: async () => {
            active += 1;
            mostAtOnce = Math.max(mostAtOnce, active);
            ran[server] += 1;
            await sleep(300);
            active -= 1;
          },
        }),
      );
      await app.ready();
    }
    await until(() => ran.three + ran.four >= 12, 60_000);
    // which server runs a pass is pg-boss's choice (whichever worker fetches first)
    expect(mostAtOnce).toBe(1);
  }, 90_000);
});
