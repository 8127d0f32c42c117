import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/test-database.ts';
import type { AppDatabase } from './database.ts';
import { findMigrations, migrate } from './migrate.ts';

describe('migrations', () => {
  let database: AppDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  it('applies every migration once, in order, and does nothing the second time', async () => {
    const names = findMigrations().map((m) => m.name);
    const { rows } = await database.pool.query<{ name: string }>(
      'select name from schema_migrations order by name',
    );
    expect(rows.map((row) => row.name)).toEqual(names);
    expect(await migrate(database.pool)).toEqual({ applied: [], alreadyApplied: names.length });
  });

  it('leaves no table with rows unanalyzed, so the planner does not guess at settings tables', async () => {
    const unanalyzed = await database.pool.query<{ relname: string }>(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind = 'r' and n.nspname = current_schema() and c.reltuples < 0
          and pg_relation_size(c.oid) > 0`,
    );
    expect(unanalyzed.rows).toEqual([]);
    const settings = await database.pool.query<{ reltuples: number }>(
      "select reltuples from pg_class where relname = 'service_settings'",
    );
    expect(Number(settings.rows[0]!.reltuples)).toBe(1);
  });

  it('audits a write with the acting user, and only the changed columns of an update', async () => {
    await database.pool.query(`insert into brands (code, name) values ('AUD', 'Audit test')`);
    const client = await database.pool.connect();
    try {
      await client.query('begin');
      await client.query(
        `select set_config('autocrm.actor_id', '00000000-0000-0000-0000-000000000001', true),
                set_config('autocrm.actor_label', 'test', true)`,
      );
      await client.query(`update brands set name = 'Audited' where code = 'AUD'`);
      await client.query('commit');
    } finally {
      client.release();
    }
    const { rows } = await database.pool.query(
      `select action, actor_user_id, actor_label, old_values, new_values
         from audit_log where table_name = 'brands' order by id`,
    );
    expect(rows[0]).toMatchObject({ action: 'insert', actor_user_id: null, actor_label: 'system' });
    expect(rows[1]).toMatchObject({
      action: 'update',
      actor_user_id: '00000000-0000-0000-0000-000000000001',
      actor_label: 'test',
      old_values: { name: 'Audit test' },
      new_values: { name: 'Audited' },
    });
  });
});
