/** Leads (prospects): what other modules may use. */
export { captureLead } from './capture.service.ts';
export type * from './capture.types.ts';
export { escalateOverdueTasks } from './follow-up.ts';
export {
  leadFunnelBySource,
  moveLeadStage,
  type FunnelRow,
  type StageDetail,
} from './pipeline.service.ts';
export { registerLeadRoutes } from './leads.routes.ts';
export { assertLeadOfCustomer } from './leads.service.ts';
export { temperatureOf } from './qualification.ts';
export * from './schema.ts';
export { leadBrandVisible, leadClosed } from './sections.ts';
export { assertInvitableByDealer, contactableByDealer } from './ownership.ts';
export { leadVisible, qualifiedSql, temperatureSql } from './lead-queries.ts';
export {
  sourceCostTotals,
  type SourceCostScope,
  type SourceCostTotal,
} from './source-cost-totals.ts';
