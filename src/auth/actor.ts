import type { Locale, Permission, RoleKey } from './roles.ts';
import { hasPermission } from './roles.ts';

/**
 * The data scope of an actor: which customers it may see.
 * - group: everything
 * - brand / region / dealer: customers linked (customer_dealers) to one of `dealerIds`
 * - own: a sales consultant: customers of his dealer assigned to him or to nobody
 */
export type Scope =
  | { level: 'group' }
  | { level: 'brand' | 'region' | 'dealer'; dealerIds: readonly string[] }
  | { level: 'own'; dealerIds: readonly string[]; userId: string };

/** Who is acting: a signed-in user, or the system itself (CLI, jobs, demo loader). */
export type Actor = {
  userId: string | null;
  label: 'api' | 'cli' | 'demo' | 'job' | 'test';
  role: RoleKey;
  displayName: string;
  email: string | null;
  locale: Locale;
  dealerId: string | null;
  regionId: string | null;
  brandId: string | null;
  scope: Scope;
  requestId?: string;
};

export function can(actor: Actor, permission: Permission): boolean {
  return hasPermission(actor.role, permission);
}

/** The system actor: full scope, used by operators' commands and background jobs. */
export function systemActor(label: Actor['label'] = 'cli'): Actor {
  return {
    userId: null,
    label,
    role: 'group_admin',
    displayName: 'system',
    email: null,
    locale: 'en',
    dealerId: null,
    regionId: null,
    brandId: null,
    scope: { level: 'group' },
  };
}
