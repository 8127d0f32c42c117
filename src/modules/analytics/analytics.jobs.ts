import { systemActor } from '../../auth/index.ts';
import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import { refreshAnalyticsAggregates } from './aggregates/refresh.ts';
import { refitServiceChurnModel } from './churn/service-churn-refit.ts';
import { registerReportPackJobs } from './report-packs.jobs.ts';

const hour = 3_600_000;

/**
 * Refits the churn model on a schedule: every ANALYTICS_REFIT_HOURS (default 168, a week;
 * 0 turns it off) the server checks whether the last refit is older than that and refits.
 * Several server processes may check at once; the refit's advisory lock lets one through.
 */
export function registerAnalyticsJobs(app: App): void {
  registerAggregateRefresh(app);
  registerReportPackJobs(app);
  const hours = Number(process.env.ANALYTICS_REFIT_HOURS ?? 168);
  if (!(hours > 0)) return;
  runPeriodically(app, {
    name: 'churn model refit',
    everyMs: hour,
    run: async () => {
      const last = await app.db
        .selectFrom('analytics_model_runs')
        .select('started_at')
        .where('model', '=', 'service_bgnbd')
        .orderBy('started_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!last || Date.now() - last.started_at.getTime() >= hours * hour) {
        const result = await refitServiceChurnModel(app.db, systemActor('job'));
        app.log.info({ result }, 'churn model refitted');
      }
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
