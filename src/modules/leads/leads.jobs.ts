import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import { escalateOverdueTasks } from './follow-up.ts';

/** Overdue lead tasks go up to the dealer's CRM manager; checked every minute in the server. */
export function registerLeadJobs(app: App): void {
  runPeriodically(app, {
    name: 'lead task escalation',
    everyMs: 60_000,
    run: () => escalateOverdueTasks(app.db, new Date()),
  });
}
