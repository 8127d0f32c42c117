import type { App } from '../../http/types.ts';
import { handleTaskCompletion } from '../activities/index.ts';
import { registerImportTarget } from '../imports/index.ts';
import { completeTaskOfFollowUp } from './follow-ups.service.ts';
import { registerLifecycleJobs } from './lifecycle.jobs.ts';
import { registerLifecycleRoutes } from './lifecycle.routes.ts';
import { registerRecallRoutes } from './recalls.routes.ts';
import { registerRetentionExportRoutes } from './retention-export.routes.ts';
import { registerRetentionRoutes } from './retention.routes.ts';
import { registerServiceCallRoutes } from './service-calls.routes.ts';
import { serviceVisitImportTarget } from './visit-import-target.ts';
import { registerVisitCorrectionRoutes } from './visit-corrections.routes.ts';
import { registerVisitRoutes } from './visits.routes.ts';
import { registerCustomerMover } from '../quality/merge/customer-movers.ts';
import { customerMover } from './customer-merge.ts';

/** Every after-sales route. */
export function registerServiceRoutes(app: App): void {
  registerCustomerMover(customerMover);
  registerVisitRoutes(app);
  registerVisitCorrectionRoutes(app);
  registerRecallRoutes(app);
  registerLifecycleRoutes(app);
  registerRetentionRoutes(app);
  registerRetentionExportRoutes(app);
  registerServiceCallRoutes(app);
  // DMS exports of repair orders go through the imports module's job machinery
  registerImportTarget('service_visits', serviceVisitImportTarget);
  // "Complete" on an after-service call in My day records its CSI score
  handleTaskCompletion(completeTaskOfFollowUp);
  // the daily run of the care programme, in the server process
  registerLifecycleJobs(app);
}
