import type { App } from '../../http/types.ts';
import { leadFunnelBySource } from '../leads/index.ts';
import { registerAgreementRoutes } from './agreements.routes.ts';
import { registerConquestRoutes } from './conquest.routes.ts';
import { registerOrderRoutes } from './orders.routes.ts';

export function registerSalesRoutes(app: App): void {
  registerOrderRoutes(app);
  registerAgreementRoutes(app);
  registerConquestRoutes(app, leadFunnelBySource);
}
