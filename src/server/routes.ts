import type { App } from '../http/types.ts';
import { registerCustomerRoutes } from '../modules/customers/index.ts';
import { registerOrgRoutes } from '../modules/org/index.ts';

/** Every module's HTTP routes, in one list. */
export function registerRoutes(app: App): void {
  registerOrgRoutes(app);
  registerCustomerRoutes(app);
}
