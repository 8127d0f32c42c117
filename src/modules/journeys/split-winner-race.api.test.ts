import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { enabledJourneys, runJourneys } from './engine.ts';
import { goalExits } from './goals.ts';
import type { JourneyInput } from './journey.schemas.ts';
import { findSplitWinners, recordSplitWinners, winnerKey } from './split-winner.ts';

process.env.JOURNEY_INTERVAL_MS = String(3_600_000);

/**
 * Two runner passes at once (a second worker, or a pass that overran its minute) both find a
 * split's clear winner: one winner is recorded, once, and both passes send people the same
 * way. On PGlite statements run one at a time, so the race is also staged exactly: two
 * deciders that both looked before either wrote, the second having seen other figures.
 */
describe('two runner passes deciding one split at once record one winner', () => {
  let world: TestWorld;
  const ids = { staged: '', together: '' };
  const job = systemActor('job');
  const start = Date.now();
  const at = (seconds: number) => new Date(start + seconds * 1000);

  const journey = (name: string, stage: string): JourneyInput => ({
    name,
    ownerLevel: 'group',
    trigger: { type: 'segment_entered', condition: { type: 'lifecycle', stages: [stage] } },
    reentry: 'once',
    goal: { type: 'service_visit' },
    defaultLanguage: 'en',
    definition: {
      start: 'ab',
      steps: [
        {
          id: 'ab',
          type: 'split',
          autoWinner: { minPeople: 100 },
          branches: [
            { key: 'a', percent: 50, next: null },
            { key: 'b', percent: 50, next: null },
          ],
        },
      ],
    },
  });

  const addPeople = (stage: string, count: number, from: number) =>
    withActor(world.database.db, systemActor('test'), (tx) =>
      sql`insert into customers (kind, first_name, last_name, display_name, sort_key, lifecycle_stage)
          select 'person', 'R' || n, 'Race', 'R' || n || ' Race', 'race r' || n, ${stage}::text
            from generate_series(${from}::int, ${from + count - 1}::int) as n`.execute(tx),
    );

  /** a service visit (the journey's goal) for `count` people who went down branch `key` */
  const convert = async (journeyId: string, key: string, count: number, when: Date) => {
    await withActor(world.database.db, systemActor('test'), (tx) =>
      sql`with runs as (
            select l.customer_id from journey_step_log l
             where l.journey_id = ${journeyId} and l.step_id = 'ab' and l.detail = ${key}
             order by l.customer_id limit ${count}),
          cars as (
            insert into vehicles (customer_id, make_name, model_name)
            select customer_id, 'Xcar', 'X5' from runs returning id, customer_id)
          insert into service_visits
                 (customer_id, vehicle_id, dealer_id, visit_date, visit_type, currency, created_at)
          select customer_id, id, ${world.dealers.A.id}::uuid, '2030-01-10', 'maintenance', 'EUR',
                 ${when}::timestamptz
            from cars`.execute(tx),
    );
  };

  const winnerRows = (journeyId: string) =>
    world.database.db
      .selectFrom('journey_split_winners')
      .select(['branch_key', 'rule'])
      .where('journey_id', '=', journeyId)
      .execute();

  const audited = (journeyId: string) =>
    world.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('table_name', '=', 'journey_split_winners')
      .where('record_id', '=', `${journeyId}:ab`)
      .execute();

  const branchCounts = async (journeyId: string, since: number) => {
    const rows = await sql<{ detail: string; n: number }>`
        select l.detail, count(*)::int as n from journey_step_log l
          join customers c on c.id = l.customer_id
         where l.journey_id = ${journeyId} and l.step_id = 'ab'
           and substr(c.first_name, 2)::int >= ${since}
         group by l.detail`.execute(world.database.db);
    return Object.fromEntries(rows.rows.map((row) => [row.detail, row.n]));
  };

  beforeAll(async () => {
    world = await createTestWorld();
    await addPeople('prospect', 300, 1);
    await addPeople('owner', 300, 1001);
    for (const [name, stage] of [
      ['staged', 'prospect'],
      ['together', 'owner'],
    ] as const) {
      const created = await apiAs(world, 'crmGroup').post('/api/journeys', journey(name, stage));
      expect(created.status, created.text).toBe(201);
      ids[name] = created.body.id;
      const enabled = await apiAs(world, 'crmGroup').post(`/api/journeys/${ids[name]}/enable`, {});
      expect(enabled.status, enabled.text).toBe(200);
    }
    // everyone passes the split (no winner yet), then branch a clearly wins on both journeys
    await runJourneys(world.database.db, at(1));
    for (const id of [ids.staged, ids.together]) await convert(id, 'a', 60, at(2));
    // the goal counted as a pass would, without the pass deciding the winners
    for (const journey of await enabledJourneys(world.database.db)) {
      await withActor(world.database.db, job, (tx) => goalExits(tx, journey, at(3)));
    }
    expect(await winnerRows(ids.staged)).toEqual([]);
  });
  afterAll(() => world?.close());

  it('the runner that writes second keeps the first winner, even having seen another', async () => {
    // the automatic decision of the staged journey only (the other is raced below)
    const journeys = (await enabledJourneys(world.database.db)).filter((j) => j.id === ids.staged);
    const first = await withActor(world.database.db, job, (tx) => findSplitWinners(tx, journeys));
    const second = await withActor(world.database.db, job, (tx) => findSplitWinners(tx, journeys));
    // both looked before either wrote, and both found branch a
    expect(first.decided.map((d) => d.key)).toEqual(['a']);
    expect(second.decided.map((d) => d.key)).toEqual(['a']);
    // the second saw other figures (a pass later, a turn of luck): it would have named b
    const other = second.decided.map((d) => ({ ...d, key: 'b' }));

    const wrote = await withActor(world.database.db, job, (tx) =>
      recordSplitWinners(tx, first.winners, first.decided, at(4)),
    );
    const late = await withActor(world.database.db, job, (tx) =>
      recordSplitWinners(tx, second.winners, other, at(4)),
    );
    const key = winnerKey(ids.staged, 'ab');
    expect(wrote.get(key)).toBe('a');
    expect(late.get(key)).toBe('a');
    expect(await winnerRows(ids.staged)).toEqual([{ branch_key: 'a', rule: 'always_valid' }]);
    expect(await audited(ids.staged)).toEqual([{ action: 'insert' }]);
  });

  it('two whole passes at once: one winner row, and every newcomer goes down it', async () => {
    await addPeople('owner', 80, 5001);
    const passes = await Promise.all([
      runJourneys(world.database.db, at(5), { batchSize: 20 }),
      runJourneys(world.database.db, at(5), { batchSize: 20 }),
    ]);
    // each newcomer entered once and was moved by one of the passes
    expect(passes[0]!.entered + passes[1]!.entered).toBe(80);
    expect(await winnerRows(ids.together)).toEqual([{ branch_key: 'a', rule: 'always_valid' }]);
    expect(await audited(ids.together)).toEqual([{ action: 'insert' }]);
    expect(await branchCounts(ids.together, 5001)).toEqual({ a: 80 });
    // the staged journey's winner was not written again
    expect(await audited(ids.staged)).toEqual([{ action: 'insert' }]);
  });

  it('a dealer’s staff see neither journey nor its winner', async () => {
    for (const user of ['crmA', 'managerB'] as const) {
      const seen = await apiAs(world, user).get(`/api/journeys/${ids.together}`);
      expect(seen.status).toBe(404);
      expect(seen.text).not.toContain('splitTest');
    }
  });
});
