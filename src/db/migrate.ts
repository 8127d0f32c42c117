import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

/**
 * Migrations are plain SQL files kept beside the module that owns the tables
 * (`src/<module>/migrations/NNNN_name.sql`). Their numbers are unique across the whole
 * application, so sorting by file name gives one global order.
 */
const sourceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type Migration = { name: string; file: string; sql: string; checksum: string };

export function findMigrations(root = sourceRoot): Migration[] {
  const files = fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((relative) => /(^|\/)migrations\/\d{4}_[a-z0-9_]+\.sql$/.test(relative));
  const migrations = files.map((relative) => {
    const file = path.join(root, relative);
    const sql = fs.readFileSync(file, 'utf8');
    return {
      name: path.basename(file, '.sql'),
      file: relative,
      sql,
      checksum: crypto.createHash('sha256').update(sql).digest('hex'),
    };
  });
  migrations.sort((a, b) => a.name.localeCompare(b.name));
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.name.slice(0, 4) === migrations[i - 1]!.name.slice(0, 4)) {
      throw new Error(
        `Two migrations share the number ${migrations[i]!.name.slice(0, 4)}: ` +
          `${migrations[i - 1]!.file} and ${migrations[i]!.file}`,
      );
    }
  }
  return migrations;
}

export type MigrationReport = { applied: string[]; alreadyApplied: number };

export async function migrate(pool: pg.Pool): Promise<MigrationReport> {
  const migrations = findMigrations();
  const client = await pool.connect();
  try {
    await client.query(`
      create table if not exists schema_migrations (
        name text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
    // Two servers starting together against one PostgreSQL must not both migrate.
    await client.query('select pg_advisory_lock(7283001)');
    try {
      const done = await client.query<{ name: string; checksum: string }>(
        'select name, checksum from schema_migrations',
      );
      const appliedChecksums = new Map(done.rows.map((row) => [row.name, row.checksum]));
      const applied: string[] = [];
      for (const migration of migrations) {
        const known = appliedChecksums.get(migration.name);
        if (known !== undefined) {
          if (known !== migration.checksum) {
            throw new Error(
              `Migration ${migration.file} was changed after it was applied. ` +
                'Add a new migration instead of editing an applied one.',
            );
          }
          continue;
        }
        await client.query('begin');
        try {
          // A query without parameters uses the simple protocol, so one file may hold
          // several statements.
          await client.query(migration.sql);
          await client.query('insert into schema_migrations (name, checksum) values ($1, $2)', [
            migration.name,
            migration.checksum,
          ]);
          await client.query('commit');
        } catch (error) {
          await client.query('rollback');
          throw new Error(`Migration ${migration.file} failed: ${(error as Error).message}`, {
            cause: error,
          });
        }
        applied.push(migration.name);
      }
      await analyzeNeverAnalyzed(client);
      return { applied, alreadyApplied: appliedChecksums.size };
    } finally {
      await client.query('select pg_advisory_unlock(7283001)');
    }
  } finally {
    client.release();
  }
}

/**
 * Statistics for tables that hold rows but were never analyzed. Autovacuum analyzes a table only
 * after about 50 changed rows, so a settings table with its one row (service_settings,
 * service_intervals, org_group) stays unanalyzed, and the planner then guesses about 1,500 rows
 * for it. Cross-joined into the service-due view, that guess made a customer's coming care
 * events take 300 ms instead of 15 ms at 1M customers (bench/RESULTS.md). Empty tables are left
 * alone, so a new test database pays for a handful of tables, not all of them.
 */
async function analyzeNeverAnalyzed(client: pg.PoolClient): Promise<void> {
  const tables = await client.query<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and n.nspname = current_schema() and c.reltuples < 0
        and pg_relation_size(c.oid) > 0`,
  );
  for (const table of tables.rows) await client.query(`analyze ${table.name}`);
}
