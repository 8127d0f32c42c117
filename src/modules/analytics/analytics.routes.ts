import type { App } from '../../http/types.ts';
import { registerChurnRoutes } from './churn.routes.ts';
import { registerDashboardRoutes } from './dashboards.routes.ts';
import { registerStaffingRoutes } from './staffing.routes.ts';
export { registerAnalyticsJobs } from './analytics.jobs.ts';

/** Every HTTP route of the analytics module. */
export function registerAnalyticsRoutes(app: App): void {
  registerChurnRoutes(app);
  registerDashboardRoutes(app);
  registerStaffingRoutes(app);
}
