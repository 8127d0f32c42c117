/** After-sales service: what other modules may use. */
export { lastVisitDate, serviceTimeline, visitsOfVehicleJson } from './sections.ts';
export { payers, visitTypes, type Payer, type VisitType } from './schema.ts';
export { registerServiceRoutes } from './service.routes.ts';
export { recordVisit, getVisit, listVisits } from './visits.service.ts';
export { serviceDueOfVehicle, type ServiceDue } from './service-due.ts';
export { underOpenRecall } from './recalls.service.ts';
export {
  runLifecycle,
  type LifecycleRunOptions,
  type LifecycleRunResult,
} from './lifecycle-run.ts';
