import type pg from 'pg';
import { systemActor } from '../auth/index.ts';
import type { AppDatabase } from '../db/database.ts';
import { seedCatalog } from '../modules/vehicles/index.ts';
import { batchInsert, type Statement } from './bulk-insert.ts';
import { chooseBulkMode, type BulkMode } from './bulk-mode.ts';
import { buildDeferredIndexes, deferScatteredIndexes } from './deferred-indexes.ts';
import { CustomersGenerator } from './customers-generator.ts';
import { dayOf } from './demo-dates.ts';
import { demoTables, type DemoTableKey } from './demo-tables.ts';
import { loadWorld } from './demo-world.ts';

/** The tables the catch-up statements of a bulk load write (bulk-mode.ts). */
const derivedTables = [
  'customer_name_words',
  'customer_dealer_name_words',
  'customer_email_local_parts',
  'customer_dealer_email_local_parts',
  'marketing_consent_state',
  'marketing_visit_summary',
  'service_vehicle_visit_facts',
  'service_vehicle_purchase_facts',
];

/**
 * Generates the demo customers batch by batch and bulk-loads each batch as it comes, so
 * memory stays flat whatever the count. Each batch is one transaction with one multi-table
 * statement (bulk-insert.ts); the per-row audit trigger is switched off inside it and one
 * summary entry is written at the end instead.
 *
 * A second load into the same database adds customers: the generator's stream is keyed by
 * the number of customers already there and VIN serials continue after the vehicles
 * already there, so nothing collides. The same seed into an empty database always gives
 * the same data (for the same day: dates are relative to today, so "My day" has content).
 */
export type CustomerLoadOptions = {
  customers: number;
  seed: number;
  log: (line: string) => void;
  /** average service visits per customer (default 5: 1M customers give about 5M visits) */
  visitsPerCustomer?: number;
  /** customers per batch and transaction */
  batchSize?: number;
  /** batches in flight at once on their own connections (PostgreSQL only; PGlite has one) */
  concurrency?: number;
  /** log a progress line every this many customers */
  progressEvery?: number;
  /** "today" of the generated data (default: the current date) */
  today?: Date;
  /** keep the per-row foreign-key checks even where they could be skipped (bulk-mode.ts) */
  checkForeignKeys?: boolean;
};

export type CustomerLoadReport = {
  customers: number;
  rows: number;
  tables: Record<string, number>;
  seconds: number;
  rowsPerSecond: number;
  /** time spent generating rows, and waiting for the database to take them */
  generateSeconds: number;
  waitSeconds: number;
  /** true when per-row triggers were skipped (bulk-mode.ts) */
  bulkMode: boolean;
  /** scattered indexes built once at the end (deferred-indexes.ts), and the seconds it took */
  deferredIndexes: number;
  indexSeconds: number;
};

export async function loadDemoCustomers(
  database: AppDatabase,
  options: CustomerLoadOptions,
): Promise<CustomerLoadReport> {
  const started = Date.now();
  const { pool } = database;
  await seedCatalog(database.db, systemActor('demo'));
  const world = await loadWorld(database.db);
  const existing = await pool.query<{ customers: number; vehicles: number; visits: number }>(
    `select (select count(*) from customers)::int as customers,
            (select count(*) from vehicles)::int as vehicles,
            (select count(*) from service_visits)::int as visits`,
  );
  const {
    customers: customersBefore,
    vehicles: vehiclesBefore,
    visits: visitsBefore,
  } = existing.rows[0]!;
  if (customersBefore > 0) {
    options.log(`${customersBefore} customers already there: adding ${options.customers} more.`);
  }
  const generator = new CustomersGenerator(world, {
    seed: options.seed,
    stream: customersBefore,
    today: dayOf(options.today ?? new Date()),
    total: options.customers,
    visitsPerCustomer: options.visitsPerCustomer ?? 5,
    firstVehicleSerial: vehiclesBefore,
    firstOrderSerial: visitsBefore,
  });

  const embedded = database.target.kind !== 'postgres';
  const batchSize = options.batchSize ?? (embedded ? 1000 : 2000);
  const concurrency = embedded ? 1 : Math.max(1, options.concurrency ?? 2);
  const progressEvery = options.progressEvery ?? 50_000;
  const tableNames = Object.values(demoTables).map((table) => table.name);
  const mode = await chooseBulkMode(pool, tableNames, options.checkForeignKeys ?? false);
  if (options.customers >= progressEvery) {
    options.log(`Loading ${options.customers} customers; ${mode.reason}.`);
  }
  // a killed load's indexes first; then, into an empty database, this load's are deferred
  if (!embedded) {
    const left = await buildDeferredIndexes(pool);
    if (left) options.log(`Built ${left} indexes an interrupted load had left to build.`);
  }
  const deferred =
    !embedded && mode.skipTriggers && customersBefore === 0
      ? await deferScatteredIndexes(pool, [...tableNames, ...derivedTables])
      : 0;
  let indexSeconds = 0;
  const tables: Record<string, number> = {};
  let rows = 0;
  let nextProgress = progressEvery;
  // where the time goes: generating (this process) or waiting for the database
  let generateMs = 0;
  let waitMs = 0;

  const clients: pg.PoolClient[] = [];
  for (let i = 0; i < concurrency; i++) clients.push(await pool.connect());
  const inFlight: (Promise<void> | undefined)[] = new Array(concurrency);
  // a failed batch is remembered here and stops the loop; its promise is awaited at the end
  let failure: unknown;
  try {
    for (let slot = 0; !generator.done && failure === undefined; slot = (slot + 1) % concurrency) {
      const generating = Date.now();
      const batch = generator.nextBatch(batchSize);
      for (const key of Object.keys(batch) as DemoTableKey[]) {
        const count = batch[key].length;
        tables[demoTables[key].name] = (tables[demoTables[key].name] ?? 0) + count;
        rows += count;
      }
      const statement = batchInsert(Object.values(batch));
      const waiting = Date.now();
      generateMs += waiting - generating;
      await inFlight[slot];
      waitMs += Date.now() - waiting;
      if (!statement) continue;
      // the batch's customer ids, as the array literal the insert itself uses
      const customerIds = batch.customers.arrayLiterals()[0]!;
      inFlight[slot] = insertBatch(clients[slot]!, statement, mode, customerIds).catch(
        (error: unknown) => {
          failure ??= error;
        },
      );
      if (generator.produced >= nextProgress && generator.produced < options.customers) {
        const seconds = (Date.now() - started) / 1000;
        options.log(
          `  ${generator.produced.toLocaleString('en')} / ${options.customers.toLocaleString('en')} customers, ` +
            `${rows.toLocaleString('en')} rows, ${Math.round(rows / seconds).toLocaleString('en')} rows/s, ` +
            `${Math.round(process.memoryUsage().rss / 1e6)} MB`,
        );
        nextProgress += progressEvery;
      }
    }
    const waiting = Date.now();
    await Promise.all(inFlight);
    waitMs += Date.now() - waiting;
  } finally {
    for (const client of clients) client.release();
    // built even when a batch failed: what was loaded stays, and must be found quickly
    if (deferred) {
      const building = Date.now();
      await buildDeferredIndexes(pool);
      indexSeconds = (Date.now() - building) / 1000;
      options.log(`Built ${deferred} indexes in ${indexSeconds.toFixed(1)} s.`);
    }
  }
  if (failure !== undefined) throw failure;

  const seconds = (Date.now() - started) / 1000;
  const report: CustomerLoadReport = {
    customers: generator.produced,
    rows,
    tables,
    seconds,
    rowsPerSecond: Math.round(rows / Math.max(seconds, 0.001)),
    generateSeconds: generateMs / 1000,
    waitSeconds: waitMs / 1000,
    bulkMode: mode.skipTriggers,
    deferredIndexes: deferred,
    indexSeconds,
  };
  // the one audit entry of the load, instead of one per row
  await pool.query(
    `insert into audit_log (actor_label, table_name, record_id, action, new_values)
     values ('demo', 'demo', 'load', 'event', $1::jsonb)`,
    [
      JSON.stringify({
        seed: options.seed,
        stream: customersBefore,
        customers: report.customers,
        companies: generator.counts.companies,
        households: generator.counts.households,
        vehicles: generator.counts.vehicles,
        service_visits: generator.counts.serviceVisits,
        rows,
        tables,
        seconds: Math.round(seconds * 10) / 10,
      }),
    ],
  );
  // Fresh statistics, so the planner knows the tables are no longer empty; and the visibility
  // map, without which index-only scans (scope checks, counts) visit the heap for every row
  // until autovacuum comes by.
  // The same for the rows the catch-up statements derived (bulk-mode.ts): the name words, read
  // by index only by the name-ordered search, and the consent state and visit summary that
  // segment counts read by index only (without this, 113,000 heap visits in a 1M count).
  await pool.query(`vacuum (analyze) ${[...tableNames, ...derivedTables].join(', ')}`);
  return report;
}

async function insertBatch(
  client: pg.PoolClient,
  statement: Statement,
  mode: BulkMode,
  customerIds: string,
): Promise<void> {
  await client.query('begin');
  try {
    // audit off for this transaction only (0001_core_audit.sql); a lost batch after a crash
    // is harmless for demo data, so the commit need not wait for the disk
    await client.query(
      `select set_config('autocrm.audit', 'off', true),
              set_config('autocrm.actor_label', 'demo', true),
              set_config('synchronous_commit', 'off', true)`,
    );
    if (mode.skipTriggers) await client.query('set local session_replication_role = replica');
    await client.query(statement.text, statement.values);
    for (const catchUp of mode.catchUp) await client.query(catchUp, [customerIds]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}
