import type { Db } from '../db/database.ts';

/**
 * After the demo is loaded into a new database: the first data-quality run, so the Data quality
 * page shows figures at the first sign-in rather than after the first scheduled run.
 */
export async function firstQualityRun(db: Db, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  const { makeFirstQualityRun } = await import('../modules/quality/index.ts');
  const run = await makeFirstQualityRun(db);
  if (!run) return;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(`First data-quality run: ${run.customers} customers scored in ${seconds} s.`);
}
