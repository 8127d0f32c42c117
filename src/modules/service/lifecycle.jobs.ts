import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import { runLifecycle } from './lifecycle-run.ts';

/**
 * Runs the care programme once a day: every hour it checks whether today's run has finished,
 * so a server started after downtime catches up within the hour.
 */
export function registerLifecycleJobs(app: App): void {
  runPeriodically(app, {
    name: 'lifecycle run',
    everyMs: 60 * 60_000,
    run: async () => {
      const today = new Date().toISOString().slice(0, 10);
      const done = await app.db
        .selectFrom('lifecycle_runs')
        .select('as_of')
        .where('as_of', '=', today)
        .where('finished_at', 'is not', null)
        .executeTakeFirst();
      if (!done) await runLifecycle(app.db, today, { log: (message) => app.log.warn(message) });
    },
  });
}
