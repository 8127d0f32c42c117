/** Analytics: what other modules and the server may use. */
export { registerAnalyticsRoutes, registerAnalyticsJobs } from './analytics.routes.ts';
export * from './schema.ts';
