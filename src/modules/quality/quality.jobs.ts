import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import { runScheduledQualityIfDue } from './scores/scheduled-run.ts';

const hour = 3_600_000;

/**
 * Continuous monitoring of data quality: every hour the server checks whether the latest
 * scheduled quality run is QUALITY_RUN_HOURS old (default 24, a daily point in the trend; 0
 * turns it off) and then scores the whole base (`runScheduledQualityIfDue`).
 */
export function registerQualityJobs(app: App, env: NodeJS.ProcessEnv = process.env): void {
  const hours = Number(env.QUALITY_RUN_HOURS ?? 24);
  if (!(hours > 0)) return;
  runPeriodically(app, {
    name: 'scheduled quality run',
    everyMs: Math.min(hour, hours * hour),
    run: async () => {
      const run = await runScheduledQualityIfDue(app.db, hours);
      if (run) app.log.info({ run: { id: run.id, customers: run.customers } }, 'quality run done');
    },
  });
}
