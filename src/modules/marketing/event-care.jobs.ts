import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import { runEventCare } from './event-care.service.ts';

/**
 * Event reminders and feedback requests, inside the server process (EVENT_CARE_INTERVAL_MS,
 * default five minutes: a reminder is due on the hour, a few minutes late is harmless). Each
 * pass sends what is due now, so the first pass after downtime catches up.
 */
export function registerEventCareJobs(app: App, env: NodeJS.ProcessEnv = process.env): void {
  const intervalMs =
    Number(env.EVENT_CARE_INTERVAL_MS) > 0 ? Number(env.EVENT_CARE_INTERVAL_MS) : 300_000;
  runPeriodically(app, {
    name: 'event care pass',
    everyMs: intervalMs,
    run: () => runEventCare(app.db),
  });
}
