import { systemActor } from '../../auth/index.ts';
import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import { refreshAnalyticsAggregates } from './aggregates/refresh.ts';
import { registerReportPackJobs } from './report-packs.jobs.ts';
import { refitDueModels } from './scheduled-refits.ts';

const hour = 3_600_000;

/**
 * Refits the models on a schedule: every hour the server checks which model's last run is
 * older than ANALYTICS_REFIT_HOURS (default 168, a week; 0 turns it off) and refits it
 * (scheduled-refits.ts: the churn model, the churn classifier's evaluation, the best-customer
 * profiles analysts fitted). Several server processes may check at once; the churn refit's
 * advisory lock lets one through.
 */
export function registerAnalyticsJobs(app: App): void {
  registerAggregateRefresh(app);
  registerReportPackJobs(app);
  const hours = Number(process.env.ANALYTICS_REFIT_HOURS ?? 168);
  if (!(hours > 0)) return;
  runPeriodically(app, {
    name: 'model refit',
    everyMs: hour,
    run: async () => {
      const results = await refitDueModels(app.db, systemActor('job'), hours);
      if (results.length) app.log.info({ results }, 'models refitted');
    },
  });
}

/**
 * Keeps the dashboards' pre-aggregated tables fresh: every ANALYTICS_AGGREGATE_MINUTES
 * (default 10; 0 turns it off) the days touched since the last pass are rewritten, and once a
 * day everything is rebuilt (hot and open are read as of that day).
 */
function registerAggregateRefresh(app: App): void {
  const minutes = Number(process.env.ANALYTICS_AGGREGATE_MINUTES ?? 10);
  if (!(minutes > 0)) return;
  runPeriodically(app, {
    name: 'analytics aggregate refresh',
    everyMs: minutes * 60_000,
    run: async () => {
      const results = await refreshAnalyticsAggregates(app.db);
      app.log.info({ results }, 'analytics aggregates refreshed');
    },
  });
}
