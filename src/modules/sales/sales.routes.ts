import type { App } from '../../http/types.ts';
import { leadFunnelBySource } from '../leads/index.ts';
import { registerAgreementRoutes } from './agreements.routes.ts';
import { registerConquestRoutes } from './conquest.routes.ts';
import { registerOrderRoutes } from './orders.routes.ts';
import { registerStockArrivalRoutes } from './stock-arrivals.routes.ts';
import { registerCustomerMover } from '../quality/merge/customer-movers.ts';
import { customerMover } from './customer-merge.ts';

export function registerSalesRoutes(app: App): void {
  registerCustomerMover(customerMover);
  registerOrderRoutes(app);
  registerAgreementRoutes(app);
  registerConquestRoutes(app, leadFunnelBySource);
  registerStockArrivalRoutes(app);
}
