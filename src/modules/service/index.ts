/** After-sales service: what other modules may use. */
export { lastVisitDate, serviceTimeline, visitsOfVehicleJson } from './sections.ts';
export { payers, visitTypes, type Payer, type VisitType } from './schema.ts';
