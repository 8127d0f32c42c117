import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser, systemActor, withActor } from '../../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../../testing/test-world.ts';
import { runQualityScoring, startQualityRun } from './chunked-run.ts';
import { qualityTrend } from './quality-scores.service.ts';
import { parseRunSchedule } from './run-schedule.ts';
import { abandonedAfterMs, giveUpAfterMs, runScheduledQualityIfDue } from './scheduled-run.ts';

const PEOPLE = 3_000;
/** 3,000 customers in 30 chunks: the run lasts long enough to be asked in the middle. */
const CHUNK = 100;
const schedule = parseRunSchedule('02:30')!;

/**
 * The quality run scores the base chunk by chunk, each in its own short transaction. On the
 * embedded database every request shares one connection: a run in one transaction made them
 * all wait for it (about a minute at a million customers). A run's totals must still count
 * every customer exactly once, and a run cut off must be finished or given up, never shown
 * half done.
 */
describe('a quality run in chunks', () => {
  let world: TestWorld;

  beforeAll(async () => {
    world = await createTestWorld();
    // Persons with dealers A, B and C in every combination, some garbage among them: the run's
    // figures per set of dealers are added up over many chunks.
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      await sql`insert into customers (kind, first_name, last_name, birth_date, display_name, sort_key)
          select 'person', case when n % 17 = 0 then 'test' else 'Ivan' || n end, 'Petrov' || n,
                 date '1950-01-01' + (n * 7919) % 18000, 'Ivan Petrov ' || n, 'petrov ' || n
            from generate_series(1, ${PEOPLE}::int) as n`.execute(tx);
      await sql`insert into customer_phones (customer_id, e164, raw)
          select id, case when row_number() over (order by id) % 11 = 0 then '+79999999999'
                          else '+7916' || lpad((row_number() over (order by id))::text, 7, '0') end, 'x'
            from customers where kind = 'person' and first_name is not null`.execute(tx);
      // mailboxes on a few popular domains, two misspelt ones and 40 others: each chunk meets
      // domains an earlier chunk of the run judged and some it did not
      await sql`insert into customer_emails (customer_id, address, normalized)
          select id, mailbox, mailbox
            from (select id, 'ivan' || n || '@' || (array['mail.ru', 'gmail.com', 'gmial.com',
                         'yandex.ru', 'yandx.ru', 'test.test', 'firm' || (n % 40) || '.ru'])[1 + n % 7] as mailbox
                    from (select id, row_number() over (order by id) as n from customers) c) m`.execute(
        tx,
      );
      await sql`insert into customer_dealers (customer_id, dealer_id)
          select c.id, d.id
            from (select id, row_number() over (order by id) as n from customers) c
            join dealers d on (d.code = 'A' and c.n % 2 = 0) or (d.code = 'B' and c.n % 3 = 0)
                           or (d.code = 'C' and c.n % 5 = 0)`.execute(tx);
    });
  });
  afterAll(async () => world?.close());

  const runRow = (id: string) =>
    world.database.db
      .selectFrom('quality_runs')
      .select(['status', 'done', 'cursor', 'heartbeat_at', 'error', 'scheduled'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const openRunId = async () =>
    (
      await world.database.db
        .selectFrom('quality_runs')
        .select('id')
        .where('status', '=', 'running')
        .executeTakeFirst()
    )?.id;
  const actorOf = async (user: 'stewardGroup' | 'stewardR2' | 'managerA') => {
    const row = await world.database.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', world.users[user].id)
      .executeTakeFirstOrThrow();
    return actorForUser(world.database.db, row);
  };
  const figures = (run: { customers: number; averageScore: number; problems: object }) => ({
    customers: run.customers,
    averageScore: run.averageScore,
    problems: run.problems,
  });

  it('answers the API between its chunks while a scheduled run is scoring', async () => {
    const running = runScheduledQualityIfDue(world.database.db, schedule, { chunkSize: CHUNK });
    let runId: string | undefined;
    while (!(runId = await openRunId())) await new Promise((resolve) => setTimeout(resolve, 5));
    while ((await runRow(runId)).done === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    const steward = apiAs(world, 'stewardGroup');
    expect((await steward.get('/api/health')).status).toBe(200);
    const customers = await steward.get('/api/customers');
    expect(customers.status, customers.text).toBe(200);
    expect(customers.body.total).toBeGreaterThanOrEqual(PEOPLE);
    // a half-scored run is not a point of the trend
    const trend = await steward.get('/api/quality/runs');
    expect(trend.body.items.map((run: { id: string }) => run.id)).not.toContain(runId);
    // all of it answered while the run was still between its first and last chunk
    const during = await runRow(runId);
    expect(during.status).toBe('running');
    expect(during.done).toBeGreaterThan(0);
    expect(during.done).toBeLessThan(PEOPLE);

    const run = await running;
    expect(run).toMatchObject({ id: runId, scheduled: true });
    expect(run!.customers).toBe(PEOPLE);
    expect(await runRow(runId)).toMatchObject({ status: 'complete', heartbeat_at: null });
  });

  it('counts the same totals in 30 chunks as in one transaction, for the group, a region and a dealer', async () => {
    const group = await actorOf('stewardGroup');
    const chunked = await runQualityScoring(world.database.db, group, { chunkSize: CHUNK });
    const whole = await runQualityScoring(world.database.db, group, { chunkSize: 1_000_000 });
    expect(figures(chunked)).toEqual(figures(whole));
    expect(chunked.verifiedShare).toBe(whole.verifiedShare);
    expect(chunked.problems.placeholder_name).toBeGreaterThanOrEqual(Math.floor(PEOPLE / 17));
    expect(chunked.problems.fake_phone).toBeGreaterThan(0);
    expect(chunked.problems.email_domain_typo).toBeGreaterThanOrEqual(Math.floor((2 * PEOPLE) / 7));
    // the domains judged during a run are kept for it only while it runs
    const kept = await world.database.db
      .selectFrom('quality_run_domains')
      .select('domain')
      .execute();
    expect(kept).toEqual([]);
    // and the same as the live summary, which counts every scored customer once
    const summary = (await apiAs(world, 'stewardGroup').get('/api/quality/summary')).body.total;
    expect(figures(chunked)).toEqual(figures(summary));

    // a dealer's view of both runs: the sets meeting dealer A, added up over the chunks
    const dealerA = await qualityTrend(world.database.db, await actorOf('managerA'));
    const [wholeA, chunkedA] = dealerA;
    expect(wholeA!.id).toBe(whole.id);
    expect(chunkedA!.id).toBe(chunked.id);
    expect(figures(chunkedA!)).toEqual(figures(wholeA!));
    expect(chunkedA!.customers).toBeLessThan(chunked.customers);

    // a region steward's run chunks over his own customers only
    const region = await actorOf('stewardR2');
    const regionChunked = await runQualityScoring(world.database.db, region, { chunkSize: 37 });
    const regionWhole = await runQualityScoring(world.database.db, region, { chunkSize: 100_000 });
    expect(figures(regionChunked)).toEqual(figures(regionWhole));
    const regionSummary = (await apiAs(world, 'stewardR2').get('/api/quality/summary')).body.total;
    expect(figures(regionChunked)).toEqual(figures(regionSummary));
  });

  it('takes up a run stopped between chunks where it stopped, and counts each customer once', async () => {
    const group = await actorOf('stewardGroup');
    const reference = await runQualityScoring(world.database.db, group, { chunkSize: 1_000_000 });
    // a quiet hour two minutes from now, asked three minutes from now: a scheduled run is due
    const slot = new Date(Date.now() + 2 * 60_000);
    const soon = parseRunSchedule(
      `${slot.getHours()}:${String(slot.getMinutes()).padStart(2, '0')}`,
    )!;
    const later = new Date(Date.now() + 3 * 60_000);
    const stop = new AbortController();
    const first = runScheduledQualityIfDue(world.database.db, soon, {
      chunkSize: CHUNK,
      now: later,
      signal: stop.signal,
    });
    let runId: string | undefined;
    while (!(runId = await openRunId())) await new Promise((resolve) => setTimeout(resolve, 5));
    while ((await runRow(runId)).done === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    stop.abort(); // as the server does on close
    expect(await first).toBeNull();
    const stopped = await runRow(runId);
    expect(stopped).toMatchObject({ status: 'running', heartbeat_at: null });
    expect(stopped.done).toBeGreaterThan(0);
    expect(stopped.done).toBeLessThan(PEOPLE);
    const trend = await qualityTrend(world.database.db, group);
    expect(trend.map((run) => run.id)).not.toContain(runId);

    // the next check (the next start of the server) goes on from the cursor
    const resumed = await runScheduledQualityIfDue(world.database.db, soon, {
      chunkSize: CHUNK,
      now: later,
    });
    expect(resumed?.id).toBe(runId);
    expect(figures(resumed!)).toEqual(figures(reference));
    expect((await runRow(runId)).done).toBe(reference.customers);
  });

  it('leaves a run its dying process was working to a later check, and gives up a run too old', async () => {
    const db = world.database.db;
    const job = systemActor('job');
    const later = new Date(Date.now() + 50 * 3_600_000);
    // what a killed process leaves: a running scheduled run with a recent heartbeat
    const orphan = await startQualityRun(db, job, true);
    // a steward's run made in a request that died with its process
    const stewardsRun = await startQualityRun(db, await actorOf('stewardGroup'), false);
    const nowish = new Date(Date.now() + 60_000);
    expect(await runScheduledQualityIfDue(db, schedule, { now: nowish })).toBeNull();
    expect((await runRow(orphan)).status).toBe('running');
    expect((await runRow(stewardsRun)).status).toBe('running');

    // once its heartbeat is old, the check takes the scheduled run up and finishes it
    const taken = await runScheduledQualityIfDue(db, schedule, {
      now: new Date(Date.now() + abandonedAfterMs + 60_000),
    });
    expect(taken?.id).toBe(orphan);
    expect(await runRow(orphan)).toMatchObject({ status: 'complete' });
    expect(await runRow(stewardsRun)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('interrupted'),
    });

    // a scheduled run still unfinished six hours after it started is given up, and a new one made
    const stale = await startQualityRun(db, job, true);
    const fresh = await runScheduledQualityIfDue(db, schedule, {
      now: new Date(Math.max(later.getTime(), Date.now() + giveUpAfterMs + 60_000)),
    });
    expect(await runRow(stale)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('6 hours'),
    });
    expect(fresh?.id).not.toBe(stale);
    expect(fresh?.scheduled).toBe(true);
  });
});
