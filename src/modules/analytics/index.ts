/** Analytics: what other modules and the server may use. */
export { registerAnalyticsRoutes, registerAnalyticsJobs } from './analytics.routes.ts';
export * from './schema.ts';
// the dashboards' filters and exports, reused by marketing's campaign ROI report
export {
  dashboardQuery,
  dealerRowCondition,
  resolveFilter,
  type DashboardQuery,
  type ResolvedFilter,
} from './dashboards/dashboard-filters.ts';
export { reportCsv, reportXlsx } from './dashboards/report-export.ts';
export type { Cell, Report, ReportColumn, ReportTable } from './dashboards/report.ts';
