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
// owners at risk as a customer test, for marketing's segment `churn` leaf
export { churnRiskCondition, type ChurnRiskBounds } from './churn/at-risk-condition.ts';
export type { Cell, Report, ReportColumn, ReportTable } from './dashboards/report.ts';
// the service module notes the old day of a visit whose date it corrected
export { noteVisitDaysChanged } from './aggregates/visit-days.ts';
// the server fits the models once right after loading the demo
export { refitDueModels, type ScheduledRefit } from './scheduled-refits.ts';
