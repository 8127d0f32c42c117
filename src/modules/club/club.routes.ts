import type { App } from '../../http/types.ts';
import { registerEventRoutes } from './events.routes.ts';
import { registerMemberRoutes } from './members.routes.ts';
import { registerPartnerRoutes } from './partners.routes.ts';
import { registerPointsRoutes } from './points.routes.ts';
import { registerReferralRoutes } from './referrals.routes.ts';
import { registerCustomerMover } from '../quality/merge/customer-movers.ts';
import { customerMover } from './customer-merge.ts';

/** Every HTTP route of the owners club. */
export function registerClubRoutes(app: App): void {
  registerCustomerMover(customerMover);
  registerMemberRoutes(app);
  registerPointsRoutes(app);
  registerReferralRoutes(app);
  registerEventRoutes(app);
  registerPartnerRoutes(app);
}
