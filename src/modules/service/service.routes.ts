import type { App } from '../../http/types.ts';
import { registerVisitRoutes } from './visits.routes.ts';

/** Every after-sales route. */
export function registerServiceRoutes(app: App): void {
  registerVisitRoutes(app);
}
