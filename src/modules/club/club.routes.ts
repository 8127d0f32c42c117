import type { App } from '../../http/types.ts';
import { registerMemberRoutes } from './members.routes.ts';

/** Every HTTP route of the owners club. */
export function registerClubRoutes(app: App): void {
  registerMemberRoutes(app);
}
