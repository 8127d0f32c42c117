/** Journeys: event-started, multi-step customer journeys (issue 5, seed 004's event map). */
export { registerJourneyRoutes } from './journeys.routes.ts';
export { registerJourneyJobs } from './journeys.jobs.ts';
export { runJourneys, type RunReport } from './engine.ts';
export { installReadyMadeJourneys, readyMadeJourneys } from './ready-made.ts';
export * from './schema.ts';
