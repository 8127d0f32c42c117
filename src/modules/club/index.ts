/** The owners club: what other modules may use. */
export { registerClubRoutes } from './club.routes.ts';
export * from './schema.ts';
