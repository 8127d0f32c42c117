import { systemActor } from '../auth/index.ts';
import type { Db } from '../db/database.ts';

/**
 * After the demo is loaded into a new database: the first fit of the after-sales models, so a
 * customer's service value, the churn worklist and the lifetime values show at the first
 * sign-in rather than after the model-refit job's first hourly pass.
 */
export async function firstModelFit(db: Db, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  const { refitDueModels } = await import('../modules/analytics/index.ts');
  const results = await refitDueModels(db, systemActor('demo'), 1);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const fitted = results.filter((result) => result.status === 'succeeded').map((r) => r.model);
  const failed = results.filter((result) => result.status === 'failed');
  log(`First model fit in ${seconds} s: ${fitted.join(', ') || 'none'} fitted.`);
  for (const result of failed) {
    log(`  ${result.model} not fitted${result.error ? `: ${result.error}` : ''}`);
  }
}
