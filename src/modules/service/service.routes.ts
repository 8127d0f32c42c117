import type { App } from '../../http/types.ts';
import { registerRecallRoutes } from './recalls.routes.ts';
import { registerVisitRoutes } from './visits.routes.ts';

/** Every after-sales route. */
export function registerServiceRoutes(app: App): void {
  registerVisitRoutes(app);
  registerRecallRoutes(app);
}
