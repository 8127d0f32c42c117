import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from './database.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { drainPool, poolIsIdle } from './drain.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * On shutdown the server waits for the database work still running (a request whose client went
 * away) before it closes the pool, so that work ends as it would have, not halfway.
 */
describe('draining the pool before the database is closed', () => {
  let database: AppDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  it('waits for a transaction in flight to commit', async () => {
    await database.pool.query('create table drain_probe (n int)');
    const work = (async () => {
      const client = await database.pool.connect();
      try {
        await client.query('begin');
        await client.query('select pg_sleep(0.3)');
        // a pause between two statements, as a handler's own work between queries
        await sleep(50);
        await client.query('insert into drain_probe values (1)');
        await client.query('commit');
      } finally {
        client.release();
      }
    })();
    // the transaction holds its connection from the start
    await sleep(20);
    expect(poolIsIdle(database.pool)).toBe(false);
    expect(await drainPool(database.pool, { quietMs: 100 })).toBe(true);
    // drained means the work ended: its row is there
    const rows = await database.pool.query('select count(*)::int as n from drain_probe');
    expect(rows.rows[0].n).toBe(1);
    await work;
  });

  it('waits while requests follow one another, and only as long as the caller allows', async () => {
    // each holds a connection for 30 ms and gives it back for 5 ms: never idle for 100 ms
    let running = true;
    const busy = (async () => {
      while (running) {
        const client = await database.pool.connect();
        try {
          await client.query('select 1');
          await sleep(30);
        } finally {
          client.release();
        }
        await sleep(5);
      }
    })();
    const started = Date.now();
    expect(await drainPool(database.pool, { quietMs: 100, timeoutMs: 300 })).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    running = false;
    await busy;
    expect(await drainPool(database.pool, { quietMs: 50 })).toBe(true);
  });
});
