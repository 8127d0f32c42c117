import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import { parseRunSchedule, type RunSchedule } from './scores/run-schedule.ts';
import { runScheduledQualityIfDue } from './scores/scheduled-run.ts';

/** How often the server looks whether a scheduled run is due (or one is left to finish). */
const checkEveryMs = 5 * 60_000;

/**
 * The schedule from the environment: QUALITY_RUN_AT (default 02:30, server local time; `off`
 * turns it off). QUALITY_RUN_HOURS=0 still turns it off, as it did before QUALITY_RUN_AT
 * replaced it; other values of it are no longer read.
 */
export function qualityRunSchedule(env: NodeJS.ProcessEnv): RunSchedule | null {
  if (env.QUALITY_RUN_HOURS?.trim() === '0') return null;
  return parseRunSchedule(env.QUALITY_RUN_AT || '02:30');
}

/**
 * Continuous monitoring of data quality: every five minutes the server checks whether the
 * scheduled quality run is due (none started since the latest QUALITY_RUN_AT) or one was left
 * unfinished, and scores the whole base chunk by chunk (`runScheduledQualityIfDue`). On close
 * the run stops after its chunk in hand and is taken up at the next start.
 */
export function registerQualityJobs(app: App, env: NodeJS.ProcessEnv = process.env): void {
  const schedule = qualityRunSchedule(env);
  if (env.QUALITY_RUN_HOURS && env.QUALITY_RUN_HOURS.trim() !== '0')
    app.log.warn('QUALITY_RUN_HOURS is no longer read: set QUALITY_RUN_AT=HH:MM instead');
  if (!schedule) return;
  // A base never scored waits for the quiet hour too (a new install has the demo's first run)
  const started = new Date();
  runPeriodically(app, {
    name: 'scheduled quality run',
    everyMs: checkEveryMs,
    run: async (signal) => {
      const run = await runScheduledQualityIfDue(app.db, schedule, { signal, firstAfter: started });
      if (run) app.log.info({ run: { id: run.id, customers: run.customers } }, 'quality run done');
    },
  });
}
