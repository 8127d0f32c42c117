/** Sales: what other modules may use. */
export {
  claimDomainEvents,
  emitDomainEvent,
  markDomainEventsProcessed,
  type DomainEvent,
  type DomainEventMap,
  type DomainEventType,
} from './domain-events.ts';
export { customerStatus, type CustomerStatus } from './pricing.ts';
// plan vs actual, for analytics' export of the plan
export { conquestPlanReport, type ConquestPlanView } from './conquest-plans.service.ts';
export { registerSalesRoutes } from './sales.routes.ts';
export * from './schema.ts';
