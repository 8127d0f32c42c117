import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../db/database.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { loadDemo } from './index.ts';

type IndexRow = { indexname: string; indexdef: string };

async function indexes(database: AppDatabase): Promise<Map<string, string>> {
  const { rows } = await database.pool.query<IndexRow>(
    `select indexname, indexdef from pg_indexes where schemaname = 'public'`,
  );
  return new Map(rows.map((row) => [row.indexname, row.indexdef]));
}

/**
 * A bulk load into an empty PostgreSQL database drops its scattered indexes and builds them at
 * the end (deferred-indexes.ts): afterwards the schema holds exactly the indexes it held before,
 * and a load killed halfway leaves a record from which the next load builds what is missing.
 * PGlite loads keep their indexes (small loads, one connection), so this runs on a server only.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('indexes deferred by a bulk demo load', () => {
  let database: AppDatabase;
  let before: Map<string, string>;
  const lines: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    before = await indexes(database);
  });
  afterAll(() => database?.close());

  it('builds every index it dropped, the same as before', async () => {
    await loadDemo(database, {
      customers: 300,
      seed: 3,
      log: (line) => lines.push(line),
      leadsPerDealer: 0,
    });
    const superuser = await database.pool.query<{ rolsuper: boolean }>(
      'select rolsuper from pg_roles where rolname = current_user',
    );
    // bulk mode (and with it the deferral) needs a superuser
    if (superuser.rows[0]!.rolsuper) {
      expect(lines.some((line) => /^Built \d+ indexes in/.test(line))).toBe(true);
    }
    expect(await indexes(database)).toEqual(before);
    const left = await database.pool.query('select * from demo_deferred_indexes');
    expect(left.rows).toEqual([]);
  });

  it('builds what a killed load left dropped before it loads again', async () => {
    const definition = before.get('customers_sort_idx')!;
    expect(definition).toBeTruthy();
    // as a load killed after its drop leaves it
    await database.pool.query(
      `insert into demo_deferred_indexes (index_name, table_name, definition)
       values ('customers_sort_idx', 'customers', $1)`,
      [definition],
    );
    await database.pool.query('drop index customers_sort_idx');
    lines.length = 0;
    await loadDemo(database, {
      customers: 50,
      seed: 3,
      log: (line) => lines.push(line),
      leadsPerDealer: 0,
    });
    expect(lines).toContain('Built 1 indexes an interrupted load had left to build.');
    expect(await indexes(database)).toEqual(before);
    const left = await database.pool.query('select * from demo_deferred_indexes');
    expect(left.rows).toEqual([]);
  });
});
