/**
 * Demo data load speed: the same load as `autocrm demo`, with the knobs the CLI does not
 * have and the split of the time between generating rows and waiting for the database.
 *
 *   DATABASE_URL=postgres://... npx tsx bench/demo-load.ts --customers 1000000 [--seed 1]
 *   DATA_DIR=/tmp/x npx tsx bench/demo-load.ts --customers 2000
 *     [--visits-per-customer 5] [--batch-size 2000] [--concurrency 2] [--check-foreign-keys]
 *
 * Prints progress, then one JSON line with customers, rows per table, seconds and rows/s.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadDemoOrg } from '../src/demo/demo-org.loader.ts';
import { loadDemoCustomers } from '../src/demo/customers.loader.ts';
import { databaseTarget, describeTarget } from '../src/server/config.ts';

const { values: options } = parseArgs({
  options: {
    customers: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    'visits-per-customer': { type: 'string' },
    'batch-size': { type: 'string' },
    concurrency: { type: 'string' },
    'check-foreign-keys': { type: 'boolean', default: false },
  },
});
const number = (text: string | undefined) => (text === undefined ? undefined : Number(text));

const target = databaseTarget();
const database = await openDatabase(target, { command: 'bench/demo-load.ts' });
try {
  await migrate(database.pool);
  await loadDemoOrg(database.db);
  const report = await loadDemoCustomers(database, {
    customers: Number(options.customers),
    seed: Number(options.seed),
    log: (line) => console.log(line),
    visitsPerCustomer: number(options['visits-per-customer']),
    batchSize: number(options['batch-size']),
    concurrency: number(options.concurrency),
    checkForeignKeys: options['check-foreign-keys'],
  });
  console.log(
    JSON.stringify({
      database: describeTarget(target),
      cpus: os.cpus().length,
      ...report,
      seconds: Math.round(report.seconds * 10) / 10,
      generateSeconds: Math.round(report.generateSeconds * 10) / 10,
      waitSeconds: Math.round(report.waitSeconds * 10) / 10,
    }),
  );
} finally {
  await database.close();
}
