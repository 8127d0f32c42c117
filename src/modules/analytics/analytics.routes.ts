import type { App } from '../../http/types.ts';
import { registerBestCustomerRoutes } from './best-customers.routes.ts';
import { registerChurnRoutes } from './churn.routes.ts';
import { registerClubKpiRoutes } from './club-kpis.routes.ts';
import { registerCsiRoutes } from './csi.routes.ts';
import { registerDashboardRoutes } from './dashboards.routes.ts';
import { registerCustomerMover } from '../quality/merge/customer-movers.ts';
import { customerMover } from './customer-merge.ts';
import { registerReportExportRoutes } from './report-exports.routes.ts';
import { registerReportPackRoutes } from './report-packs.routes.ts';
import { registerRetentionExportRoutes } from './retention-export.routes.ts';
import { registerStaffingRoutes } from './staffing.routes.ts';
export { registerAnalyticsJobs } from './analytics.jobs.ts';

/** Every HTTP route of the analytics module. */
export function registerAnalyticsRoutes(app: App): void {
  registerCustomerMover(customerMover);
  registerChurnRoutes(app);
  registerRetentionExportRoutes(app);
  registerDashboardRoutes(app);
  registerCsiRoutes(app);
  registerReportExportRoutes(app);
  registerStaffingRoutes(app);
  registerBestCustomerRoutes(app);
  registerReportPackRoutes(app);
  // the club members page's KPI card (/api/club/kpis) reads the kept member rows
  registerClubKpiRoutes(app);
}
