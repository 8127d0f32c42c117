import type { App } from '../http/types.ts';
import { registerActivityRoutes } from '../modules/activities/index.ts';
import { registerAnalyticsJobs, registerAnalyticsRoutes } from '../modules/analytics/index.ts';
import { registerAuditRoutes } from '../modules/audit/index.ts';
import { registerClubJobs, registerClubRoutes } from '../modules/club/index.ts';
import { registerComplaintJobs, registerComplaintRoutes } from '../modules/complaints/index.ts';
import { registerCustomerViewRoutes } from '../modules/customer-view/index.ts';
import { registerCustomerRoutes } from '../modules/customers/index.ts';
import { registerImportRoutes } from '../modules/imports/index.ts';
import { registerJourneyJobs, registerJourneyRoutes } from '../modules/journeys/index.ts';
import { registerLeadRoutes } from '../modules/leads/index.ts';
import { registerMarketingRoutes } from '../modules/marketing/index.ts';
import { registerMessagingRoutes, registerOutboxWorker } from '../modules/messaging/index.ts';
import { registerOrgRoutes } from '../modules/org/index.ts';
import { registerQualityRoutes } from '../modules/quality/index.ts';
import { registerSalesRoutes } from '../modules/sales/index.ts';
import { registerServiceRoutes } from '../modules/service/index.ts';
import { registerTestDriveJobs, registerTestDriveRoutes } from '../modules/test-drives/index.ts';
import { registerVehicleRoutes } from '../modules/vehicles/index.ts';

/** Every module's HTTP routes, in one list. */
export function registerRoutes(app: App): void {
  registerOrgRoutes(app);
  registerCustomerViewRoutes(app);
  registerCustomerRoutes(app);
  registerVehicleRoutes(app);
  registerActivityRoutes(app);
  registerAuditRoutes(app);
  registerImportRoutes(app);
  registerLeadRoutes(app);
  registerSalesRoutes(app);
  registerMessagingRoutes(app);
  registerTestDriveRoutes(app);
  registerServiceRoutes(app);
  registerComplaintRoutes(app);
  registerQualityRoutes(app);
  registerMarketingRoutes(app);
  // the outbox sender runs in the server process when SMTP_URL is set
  registerOutboxWorker(app);
  registerTestDriveJobs(app);
  registerComplaintJobs(app);
  registerAnalyticsRoutes(app);
  registerAnalyticsJobs(app);
  registerClubRoutes(app);
  registerClubJobs(app);
  registerJourneyRoutes(app);
  registerJourneyJobs(app);
}
