import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../db/database.ts';
import { createTestDatabase } from '../../testing/test-database.ts';
import { withSegmentQuerySettings } from './segment-query-settings.ts';

describe('segment query settings', () => {
  let database: AppDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  const jit = async (db: AppDatabase['db']) =>
    (await sql<{ jit: string }>`select current_setting('jit') as jit`.execute(db)).rows[0]!.jit;

  it('counts with JIT off and leaves the connection as it was', async () => {
    const before = await jit(database.db);
    expect(await withSegmentQuerySettings(database.db, jit)).toBe('off');
    expect(await jit(database.db)).toBe(before);
  });

  it('lets a count plan parallel workers, for its own transaction only', async () => {
    const workers = async (db: AppDatabase['db']) =>
      (
        await sql<{
          workers: string;
        }>`select current_setting('max_parallel_workers_per_gather') as workers`.execute(db)
      ).rows[0]!.workers;
    const before = await workers(database.db);
    expect(await withSegmentQuerySettings(database.db, workers, { parallel: true })).toBe('2');
    expect(await workers(database.db)).toBe(before);
    // the member page and other segment queries keep the pool's setting
    expect(await withSegmentQuerySettings(database.db, workers)).toBe(before);
  });

  it("leaves a caller's transaction alone", async () => {
    await database.db.transaction().execute(async (tx) => {
      const before = await jit(tx);
      expect(await withSegmentQuerySettings(tx, jit)).toBe(before);
    });
  });
});
