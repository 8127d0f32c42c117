import { onHardBounce } from '../messaging/index.ts';
import { suppressBounced } from './bounce-suppression.ts';
import type { App } from '../../http/types.ts';
import { registerCampaignJobs } from './campaigns.jobs.ts';
import { registerCampaignRoutes } from './campaigns.routes.ts';
import { registerDataCheckPages } from './data-check-page.routes.ts';
import { registerDataCheckRoutes } from './data-check.routes.ts';
import { registerDealerTextRoutes } from './dealer-texts.routes.ts';
import { registerRoiCreditJobs } from './roi-credits.jobs.ts';
import { registerOfferRoutes } from './offers.routes.ts';
import { registerRoiRoutes } from './roi.routes.ts';
import { registerEventCareJobs } from './event-care.jobs.ts';
import { registerEventCareRoutes } from './event-care.routes.ts';
import { registerEventDetailsRoutes } from './event-details.routes.ts';
import { registerEventRoutes } from './events.routes.ts';
import { registerSegmentRoutes } from './segments.routes.ts';
import { registerTrackingRoutes } from './tracking.routes.ts';
import { registerReplyCapture } from './reply-capture.ts';
import { registerReplyRoutes } from './replies.routes.ts';
import { registerLocalSmsInbound } from './sms-local-inbound.ts';
import { registerCustomerMover } from '../quality/merge/customer-movers.ts';
import { customerMover } from './customer-merge.ts';

/** Every route of the marketing module, and its scheduler. */
export function registerMarketingRoutes(app: App): void {
  registerCustomerMover(customerMover);
  // hard bounces reported to the outbox become do-not-contact records
  onHardBounce(suppressBounced);
  registerSegmentRoutes(app);
  registerCampaignRoutes(app);
  registerDealerTextRoutes(app);
  registerOfferRoutes(app);
  registerRoiRoutes(app);
  registerEventRoutes(app);
  registerEventCareRoutes(app);
  registerEventDetailsRoutes(app);
  // public e-mail links, with their own body parser in an encapsulated plugin
  app.register(registerTrackingRoutes);
  registerDataCheckRoutes(app);
  app.register(registerDataCheckPages);
  registerCampaignJobs(app);
  registerEventCareJobs(app);
  registerRoiCreditJobs(app);
  // answers to our messages: Reply-To addresses, the inbound SMTP listener, the SMS hook
  registerReplyRoutes(app);
  registerReplyCapture(app);
  registerLocalSmsInbound(app);
}
