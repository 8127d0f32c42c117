import type { AppDatabase } from '../db/database.ts';
import type { Db } from '../db/database.ts';
import { loadDemoCustomers, type CustomerLoadReport } from './customers.loader.ts';
import { loadDemoClub } from './demo-club.loader.ts';
import { loadDemoCsi } from './demo-csi.loader.ts';
import { loadDemoOffers } from './demo-offers.loader.ts';
import { demoPassword, demoUsers } from './demo-org.ts';
import { loadDemoOrg } from './demo-org.loader.ts';
import { loadDemoSales, type SalesLoadReport } from './demo-sales.loader.ts';

export type DemoOptions = {
  customers: number;
  seed: number;
  log: (line: string) => void;
  /** average service visits per customer (default 5) */
  visitsPerCustomer?: number;
  /** customers per batch (default 1000 on PGlite, 2000 on PostgreSQL) */
  batchSize?: number;
  /** parallel connections on PostgreSQL (default 2) */
  concurrency?: number;
  /** keep per-row foreign-key checks even as a superuser (slower; see bulk-mode.ts) */
  checkForeignKeys?: boolean;
  /** prospects per car dealer captured as leads, with a test-drive fleet (default 10) */
  leadsPerDealer?: number;
};
export type DemoReport = {
  customers: number;
  seconds: number;
  /** rows written by the customer load, per table */
  tables?: Record<string, number>;
  rows?: number;
  rowsPerSecond?: number;
  /** true when the customer load skipped the per-row triggers (bulk-mode.ts) */
  bulkMode?: boolean;
  sales?: SalesLoadReport;
};

/** No user yet: a brand-new installation. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return !row;
}

/**
 * The demo group: its organisation and users, then `customers` generated customers with
 * vehicles and history. Loading again adds more customers (see customers.loader.ts).
 */
export async function loadDemo(database: AppDatabase, options: DemoOptions): Promise<DemoReport> {
  const started = Date.now();
  await loadDemoOrg(database.db);
  options.log(`Demo organisation ready (${demoUsers.length} users).`);
  if (options.customers <= 0) return { customers: 0, seconds: (Date.now() - started) / 1000 };
  const load: CustomerLoadReport = await loadDemoCustomers(database, options);
  const sales = await loadDemoSales(database.db, {
    seed: options.seed,
    leadsPerDealer: options.leadsPerDealer ?? 10,
  });
  await loadDemoClub(database.db, { seed: options.seed });
  await loadDemoCsi(database.db, { seed: options.seed });
  await loadDemoOffers(database.db);
  return {
    sales,
    customers: load.customers,
    seconds: (Date.now() - started) / 1000,
    tables: load.tables,
    rows: load.rows,
    rowsPerSecond: load.rowsPerSecond,
    bulkMode: load.bulkMode,
  };
}

export function printDemoLogins(report: DemoReport, log: (line: string) => void): void {
  log('');
  log(`Demo data loaded: ${report.customers} customers in ${report.seconds.toFixed(1)} s.`);
  if (report.tables && report.rows) {
    const table = (name: string) => (report.tables![name] ?? 0).toLocaleString('en');
    log(
      `  ${table('vehicles')} vehicles, ${table('service_visits')} service visits, ` +
        `${table('activities')} activities, ${table('tasks')} tasks; ` +
        `${report.rows.toLocaleString('en')} rows at ${(report.rowsPerSecond ?? 0).toLocaleString('en')} rows/s`,
    );
  }
  if (report.sales) {
    log(
      `  ${report.sales.leads} leads on the dealers' boards, ${report.sales.fleet} test-drive cars, ` +
        `${report.sales.bookings} test drives booked`,
    );
  }
  log(`Demo logins (password for all: ${demoPassword}):`);
  const shown = new Set<string>();
  for (const user of demoUsers) {
    // one login per role and place is enough to try every scope
    const key = `${user.role}:${user.dealer ? 'dealer' : (user.region ?? user.brand ?? 'group')}`;
    if (shown.has(key) && !user.email.startsWith('msk01.')) continue;
    shown.add(key);
    log(
      `  ${user.email.padEnd(30)} ${user.role}${user.dealer ? ` at ${user.dealer}` : ''}${user.region ? ` of region ${user.region}` : ''}${user.brand ? ` of brand ${user.brand}` : ''}`,
    );
  }
  log('');
}
