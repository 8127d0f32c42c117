import type { App } from '../http/types.ts';
import { registerActivityRoutes } from '../modules/activities/index.ts';
import { registerAuditRoutes } from '../modules/audit/index.ts';
import { registerCustomerViewRoutes } from '../modules/customer-view/index.ts';
import { registerCustomerRoutes } from '../modules/customers/index.ts';
import { registerOrgRoutes } from '../modules/org/index.ts';
import { registerVehicleRoutes } from '../modules/vehicles/index.ts';

/** Every module's HTTP routes, in one list. */
export function registerRoutes(app: App): void {
  registerOrgRoutes(app);
  registerCustomerViewRoutes(app);
  registerCustomerRoutes(app);
  registerVehicleRoutes(app);
  registerActivityRoutes(app);
  registerAuditRoutes(app);
}
