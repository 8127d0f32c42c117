import type { App } from '../../http/types.ts';
import { registerSegmentRoutes } from './segments.routes.ts';

/** Every route of the marketing module. */
export function registerMarketingRoutes(app: App): void {
  registerSegmentRoutes(app);
}
