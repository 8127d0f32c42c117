import type { CustomerListQuery } from './types.ts';

/** Every cache key in one place, so that writes know what to refresh. */
export const queryKeys = {
  me: ['me'] as const,
  dealers: ['dealers'] as const,
  users: (dealerCode: string | null) => ['users', dealerCode] as const,
  customers: ['customers'] as const,
  customerList: (query: CustomerListQuery) => ['customers', 'list', query] as const,
  customer: (id: string) => ['customers', 'one', id] as const,
  vehicle: (id: string) => ['vehicles', id] as const,
  leads: ['leads'] as const,
  tasks: ['tasks'] as const,
  myDay: ['tasks', 'my-day'] as const,
};

/**
 * Forget everything cached for the previous user, except the session query itself: the sign-in
 * gate observes that one and must see its next value.
 */
export function isUserData(query: { queryKey: readonly unknown[] }): boolean {
  return query.queryKey[0] !== queryKeys.me[0];
}
