import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { Dealer, Page, User } from './types.ts';

export function useDealers() {
  return useQuery({
    queryKey: queryKeys.dealers,
    queryFn: () => api.get<Page<Dealer>>('/api/dealers'),
    staleTime: 10 * 60_000,
    select: (page) => page.items,
  });
}

/** Colleagues at a dealer (for choosing an assignee); disabled without a dealer code. */
export function useDealerUsers(dealerCode: string | null, enabled = true) {
  return useQuery({
    queryKey: queryKeys.users(dealerCode),
    queryFn: () => api.get<Page<User>>('/api/users', { dealerCode }),
    staleTime: 5 * 60_000,
    enabled: enabled && dealerCode !== null,
    select: (page) => page.items.filter((user) => user.active),
  });
}
