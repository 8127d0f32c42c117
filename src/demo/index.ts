import type { AppDatabase } from '../db/database.ts';
import type { Db } from '../db/database.ts';
import { demoPassword, demoUsers } from './demo-org.ts';
import { loadDemoOrg } from './demo-org.loader.ts';

export type DemoOptions = { customers: number; seed: number; log: (line: string) => void };
export type DemoReport = { customers: number; seconds: number };

/** No user yet: a brand-new installation. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return !row;
}

export async function loadDemo(database: AppDatabase, options: DemoOptions): Promise<DemoReport> {
  const started = Date.now();
  await loadDemoOrg(database.db);
  options.log(`Demo organisation ready (${demoUsers.length} users).`);
  return { customers: 0, seconds: (Date.now() - started) / 1000 };
}

export function printDemoLogins(report: DemoReport, log: (line: string) => void): void {
  log('');
  log(`Demo data loaded: ${report.customers} customers in ${report.seconds.toFixed(1)} s.`);
  log(`Demo logins (password for all: ${demoPassword}):`);
  const shown = new Set<string>();
  for (const user of demoUsers) {
    // one login per role and place is enough to try every scope
    const key = `${user.role}:${user.dealer ? 'dealer' : (user.region ?? user.brand ?? 'group')}`;
    if (shown.has(key) && !user.email.startsWith('msk01.')) continue;
    shown.add(key);
    log(`  ${user.email.padEnd(30)} ${user.role}${user.dealer ? ` at ${user.dealer}` : ''}${user.region ? ` of region ${user.region}` : ''}${user.brand ? ` of brand ${user.brand}` : ''}`);
  }
  log('');
}
