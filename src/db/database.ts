import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from './config-types.ts';
import { acquireEmbeddedLock } from './embedded-lock.ts';
import { installTypeParsers } from './pg-types.ts';
import { preparingPool } from './prepared-statements.ts';
import type { Schema } from './schema.ts';

export type Db = Kysely<Schema>;

export type AppDatabase = {
  db: Db;
  /** The node-postgres pool under Kysely; PGlite is reached through the same API. */
  pool: pg.Pool;
  target: DatabaseTarget;
  close(): Promise<void>;
};

export type OpenOptions = {
  /** Shown to a second process that finds the embedded database in use. */
  command?: string;
  poolSize?: number;
};

export async function openDatabase(
  target: DatabaseTarget,
  options: OpenOptions = {},
): Promise<AppDatabase> {
  installTypeParsers();
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: options.poolSize ?? 10,
      // A new backend pays for its first touch of every shared buffer (measured: a search of
      // 4,600 rows 190 ms on a fresh connection, 11 ms on a warm one), and each connection keeps
      // its named prepared statements: keep connections for minutes, not node-postgres' 10 s.
      idleTimeoutMillis: 10 * 60_000,
      // The API's queries are short and index-driven; a parallel plan starts worker processes
      // that each pay the first touch of the buffers they read, every time (measured at 1M
      // customers: a scoped name search 240 ms with two workers, 70 ms without).
      options: '-c max_parallel_workers_per_gather=0',
    });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it on the next checkout.
    });
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
    return { db, pool, target, close: () => closeBoth(db, pool) };
  }

  const release =
    target.kind === 'pglite'
      ? acquireEmbeddedLock(target.dataDir, options.command ?? 'autocrm')
      : () => undefined;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
    const pglite =
      target.kind === 'pglite'
        ? new PGlite(target.dataDir)
        : new PGlite('memory://', target.startFrom ? { loadDataDir: target.startFrom } : {});
    await pglite.waitReady;
    // Nothing runs beside a transaction here, so locks between transactions guard nothing:
    // the SQL that takes them for that alone skips them when this is on (0289).
    await pglite.exec('set autocrm.one_connection = on');
    // PGlite serves one connection; a pool of one makes each transaction exclusive.
    const pool = new pg.Pool({ ...(createPgConfig(pglite) as unknown as pg.PoolConfig), max: 1 });
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
    return {
      db,
      pool,
      target,
      close: async () => {
        await closeBoth(db, pool);
        await pglite.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * Kysely ends the pool only if a query went through Kysely; a command that used the pool alone
 * (`autocrm migrate`) left its idle connection open, and the process waited for the pool's idle
 * timeout (10 minutes) before it exited.
 */
async function closeBoth(db: Kysely<Schema>, pool: pg.Pool): Promise<void> {
  await db.destroy();
  if (!pool.ended) await pool.end();
}
