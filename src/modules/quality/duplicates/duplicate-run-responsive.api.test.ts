import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../../auth/index.ts';
import { settleDuplicateRuns } from './duplicate-run.service.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../../testing/test-world.ts';

/** Enough persons that the matching lasts seconds; each tenth one is entered twice. */
const PEOPLE = 20_000;
const TWICE_EVERY = 10;

/**
 * The matching engine is synchronous and takes minutes at a million persons. Run on the
 * server's own thread, a whole-base run made every other request wait for it; it now runs in a
 * worker thread. The test asks the server while the run is in its matching stage and checks the
 * answer came back before that stage ended (ordering, not a time limit).
 */
describe('a whole-base duplicate run leaves the server answering', () => {
  let world: TestWorld;

  beforeAll(async () => {
    world = await createTestWorld();
    // 20,000 persons in one statement (the API would take minutes on the embedded database):
    // 40 given names x 250 surnames x birth dates spread over 50 years.
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      await sql`insert into customers (kind, first_name, last_name, birth_date, display_name, sort_key)
          select 'person', given, family, born, given || ' ' || family, lower(family || ' ' || given)
            from (select (array['Ivan','Pyotr','Sergei','Anna','Olga','Maria','Nikolai','Elena',
                                'Dmitri','Irina','Alexei','Tatiana','Mikhail','Natalia','Andrei',
                                'Svetlana','Pavel','Yulia','Oleg','Ksenia','John','Mary','Wei',
                                'Li','Chen','James','Laura','Peter','Sofia','Artem','Roman',
                                'Daria','Victor','Galina','Boris','Vera','Igor','Nina','Yuri',
                                'Alla'])[1 + n % 40] as given,
                         'Surname' || chr(65 + (n / 40) % 25) || chr(97 + (n / 1000) % 10) as family,
                         date '1950-01-01' + (n * 7919) % 18000 as born
                    from generate_series(1, ${PEOPLE}::int) as n) people`.execute(tx);
      await sql`insert into customers (kind, first_name, last_name, birth_date, display_name, sort_key)
          select kind, first_name, last_name, birth_date, display_name, sort_key || ' 2'
            from customers where kind = 'person'
             and (hashtext(id::text) & 2147483647) % ${TWICE_EVERY}::int = 0`.execute(tx);
    });
  });
  afterAll(async () => {
    await settleDuplicateRuns();
    await world?.close();
  });

  it('answers the health check and a customer list while the run is matching', async () => {
    const steward = apiAs(world, 'stewardGroup');
    const started = await steward.post('/api/quality/duplicate-runs');
    expect(started.status, started.text).toBe(202);
    const runId: string = started.body.id;

    let run = started.body;
    while (run.status === 'running' && run.stage !== 'match') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      run = (await steward.get(`/api/quality/duplicate-runs/${runId}`)).body;
    }
    expect(run.stage).toBe('match');

    const health = await steward.get('/api/health');
    expect(health.status).toBe(200);
    const customers = await steward.get('/api/customers');
    expect(customers.status, customers.text).toBe(200);
    expect(customers.body.total).toBeGreaterThan(0);
    // Both answers came while the engine was still at work: the run has not left "match".
    const during = await steward.get(`/api/quality/duplicate-runs/${runId}`);
    expect(during.body).toMatchObject({ status: 'running', stage: 'match' });

    const shares: number[] = [];
    for (;;) {
      run = (await steward.get(`/api/quality/duplicate-runs/${runId}`)).body;
      if (run.status !== 'running') break;
      if (run.stage === 'match') shares.push(run.done / run.total);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(run.error).toBeNull();
    expect(run).toMatchObject({ status: 'done', customers: expect.any(Number) });
    expect(run.customers).toBeGreaterThan(PEOPLE);
    // The progress bar moved during matching (the worker reports its stages).
    expect(Math.max(...shares)).toBeGreaterThan(0);
    // Every person entered twice is found: as many pairs at least as second entries.
    const seconds = run.customers - PEOPLE;
    expect(run.pairs).toBeGreaterThanOrEqual(seconds);
  });
});
