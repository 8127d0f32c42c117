import type { App } from '../../http/types.ts';
import { registerLifecycleJobs } from './lifecycle.jobs.ts';
import { registerLifecycleRoutes } from './lifecycle.routes.ts';
import { registerRecallRoutes } from './recalls.routes.ts';
import { registerRetentionRoutes } from './retention.routes.ts';
import { registerVisitRoutes } from './visits.routes.ts';
import { registerCustomerMover } from '../quality/merge/customer-movers.ts';
import { customerMover } from './customer-merge.ts';

/** Every after-sales route. */
export function registerServiceRoutes(app: App): void {
  registerCustomerMover(customerMover);
  registerVisitRoutes(app);
  registerRecallRoutes(app);
  registerLifecycleRoutes(app);
  registerRetentionRoutes(app);
  // the daily run of the care programme, in the server process
  registerLifecycleJobs(app);
}
