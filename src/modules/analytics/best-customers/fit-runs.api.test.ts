import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../auth/index.ts';
import { openDatabase } from '../../../db/database.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../../testing/test-world.ts';
import { fitFailureMessages } from './fit-failures.ts';
import { releaseFitLock, startFitRun } from './fit-runs.ts';
import { seedX5Buyers } from './x5-buyers.testing.ts';

type Run = {
  id: string;
  series: string;
  status: 'running' | 'succeeded' | 'failed';
  errorCode: string | null;
  errorMessage: string | null;
  finishedAt: string | null;
};
type Problem = { error: { code: string; message: string; params?: { runId?: string } } };

const runsUrl = '/api/analytics/best-customers/runs';

describe('a best-customer fit never stays running and never leaves half its work', () => {
  let world: TestWorld;
  /** the last good fit of X5: its list must outlive every failed fit after it */
  let previous: Run;
  let previousTotal: number;

  const fit = (series: string) =>
    apiAs(world, 'analystGroup').post(runsUrl, { series, asOf: '2026-06-30' });
  const runsOf = async (series: string) =>
    ((await apiAs(world, 'managerA').get(`${runsUrl}?series=${series}`)).body as { items: Run[] })
      .items;
  const rowsOf = async (runId: string) => {
    const db = world.database.db;
    const count = (table: 'analytics_best_customer_weights' | 'analytics_best_customer_scores') =>
      db
        .selectFrom(table)
        .select(sql<number>`count(*)::int`.as('n'))
        .where('run_id', '=', runId)
        .executeTakeFirstOrThrow()
        .then((row) => row.n);
    return {
      weights: await count('analytics_best_customer_weights'),
      scores: await count('analytics_best_customer_scores'),
    };
  };
  const expectPreviousListIntact = async () => {
    const page = await apiAs(world, 'managerA').get(`${runsUrl}/${previous.id}/customers?limit=5`);
    expect(page.status).toBe(200);
    expect((page.body as { total: number }).total).toBe(previousTotal);
  };

  /**
   * A fit of `series` in progress in another process: its run started and its lock held by a
   * session of its own until end(), which ends that session as a crash would. PGlite is one
   * session for the whole process, so there the "other process" is this same session, whose
   * lock stays after its connection is handed back: the case where a try-lock would succeed and
   * wrongly call the fit dead.
   */
  async function fitElsewhere(series: string): Promise<{ runId: string; end(): Promise<void> }> {
    const params = { series, windowMonths: 12 };
    const target = world.database.target;
    if (target.kind === 'postgres') {
      const other = await openDatabase(target, { poolSize: 1 });
      const run = await startFitRun(other.db, systemActor('test'), {
        series,
        asOf: '2026-06-30',
        params,
      });
      return { runId: run.id, end: () => other.close() };
    }
    const db = world.database.db;
    const run = await startFitRun(db, systemActor('test'), { series, asOf: '2026-06-30', params });
    return { runId: run.id, end: () => releaseFitLock(db, run.lockKey) };
  }

  beforeAll(async () => {
    world = await createTestWorld();
    await seedX5Buyers(world);
    const answer = await fit('X5');
    expect(answer.status).toBe(201);
    previous = answer.body as Run;
    expect(previous.status).toBe('succeeded');
    previousTotal = (
      (await apiAs(world, 'managerA').get(`${runsUrl}/${previous.id}/customers?limit=5`)).body as {
        total: number;
      }
    ).total;
    expect(previousTotal).toBeGreaterThan(0);
  });
  afterAll(async () => world.close());

  it.each([
    ['writing its scored list', 'analytics_best_customer_scores', 'before insert', 'true'],
    // the very end: the list written, the older lists about to be dropped
    [
      'marking its run succeeded',
      'analytics_model_runs',
      'before update',
      "new.status = 'succeeded'",
    ],
  ])(
    'a fit that breaks down while %s is a failed run without weights or list, the last good list intact',
    async (_, table, timing, when) => {
      const db = world.database.db;
      await sql`create function test_break_fit() returns trigger language plpgsql as $$
                begin raise exception 'injected failure: disk full'; end $$`.execute(db);
      await sql`create trigger test_break_fit ${sql.raw(timing)} on ${sql.table(table)}
                for each row when (${sql.raw(when)}) execute function test_break_fit()`.execute(db);
      try {
        const answer = await fit('X5');
        // the route still answers 500: the error went on to the server's log
        expect(answer.status).toBe(500);
        expect((answer.body as Problem).error.code).toBe('internal');
      } finally {
        await sql`drop trigger test_break_fit on ${sql.table(table)}`.execute(db);
        await sql`drop function test_break_fit()`.execute(db);
      }

      const [failed] = await runsOf('X5');
      expect(failed).toMatchObject({
        status: 'failed',
        errorCode: 'internal',
        errorMessage: fitFailureMessages.internal,
      });
      expect(failed?.id).not.toBe(previous.id);
      expect(failed?.finishedAt).not.toBeNull();
      // the weights were saved before the failure; neither they nor any kept row stay
      expect(await rowsOf(failed?.id ?? '')).toEqual({ weights: 0, scores: 0 });
      // the failed fit dropped nothing of the last good one
      expect((await rowsOf(previous.id)).scores).toBeGreaterThan(0);
      await expectPreviousListIntact();
    },
  );

  it('a fit its process left running (a crash, a restart) is shown failed, abandoned, its rows gone', async () => {
    const db = world.database.db;
    // as a dead fit leaves it: running, with its lock key, weights and a list written, and no
    // session holding its lock; and one of a series started before 0278, without a key
    const dead = await sql<{ id: string; series: string }>`
      insert into analytics_model_runs (model, status, as_of, params, lock_key)
      values ('best_customer_nb', 'running', '2026-06-30', '{"series": "X5"}',
              nextval('analytics_model_run_lock_keys')),
             ('best_customer_nb', 'running', '2026-06-30', '{"series": "M3"}', null)
      returning id, params ->> 'series' as series`.execute(db);
    for (const run of dead.rows) {
      await sql`insert into analytics_best_customer_weights
                  select ${run.id}::uuid, fit, feature, value, buyers, others, log_ratio
                    from analytics_best_customer_weights where run_id = ${previous.id}`.execute(db);
      await sql`insert into analytics_best_customer_scores
                  select ${run.id}::uuid, customer_id, probability, likeness, readiness, priority,
                         reasons
                    from analytics_best_customer_scores where run_id = ${previous.id}`.execute(db);
      expect((await rowsOf(run.id)).scores).toBeGreaterThan(0);
    }
    const [x5, m3] = dead.rows;

    // read alone, as the page reads a run
    const one = await apiAs(world, 'managerA').get(`${runsUrl}/${x5?.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      status: 'failed',
      errorCode: 'abandoned',
      errorMessage: fitFailureMessages.abandoned,
    });
    expect((one.body as Run).finishedAt).not.toBeNull();
    expect((await runsOf('M3'))[0]).toMatchObject({
      id: m3?.id,
      status: 'failed',
      errorCode: 'abandoned',
    });
    for (const run of dead.rows) expect(await rowsOf(run.id)).toEqual({ weights: 0, scores: 0 });
    // a later fit's rows were removed, never the last good one's
    await expectPreviousListIntact();
  });

  it('a second fit of a series being fitted gets 409 naming the running fit; another series is not held up', async () => {
    const elsewhere = await fitElsewhere('X5');
    try {
      const second = await fit('X5');
      expect(second.status).toBe(409);
      const problem = (second.body as Problem).error;
      expect(problem.code).toBe('fit_running');
      expect(problem.params?.runId).toBe(elsewhere.runId);
      // alive: its lock is held, so reading the runs leaves it running
      const [running] = await runsOf('X5');
      expect(running).toMatchObject({ id: elsewhere.runId, status: 'running' });

      // another series fits meanwhile (nobody bought a Z9: a failed run naming the reason)
      const other = await fit('Z9');
      expect(other.status).toBe(201);
      expect(other.body).toMatchObject({ status: 'failed', errorCode: 'one_outcome_only' });
      expect((await runsOf('X5'))[0]).toMatchObject({ id: elsewhere.runId, status: 'running' });
    } finally {
      await elsewhere.end();
    }

    // its process gone before the fit was done: abandoned, and the series may be fitted again
    expect((await runsOf('X5'))[0]).toMatchObject({
      id: elsewhere.runId,
      status: 'failed',
      errorCode: 'abandoned',
    });
    const again = await fit('X5');
    expect(again.status).toBe(201);
    const latest = again.body as Run;
    expect(latest.status).toBe('succeeded');
    // its list replaces the last good one only now that it has succeeded
    expect((await rowsOf(latest.id)).scores).toBeGreaterThan(0);
    expect((await rowsOf(previous.id)).scores).toBe(0);
  });
});
