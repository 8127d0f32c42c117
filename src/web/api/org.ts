import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { Dealer, Page, User } from './types.ts';

/** Dealers as select options, "CODE · Name"; `keep` narrows them (in scope, car dealers ...). */
export function dealerOptions(
  dealers: Dealer[] | undefined,
  keep: (dealer: Dealer) => boolean = () => true,
): { value: string; label: string }[] {
  return (dealers ?? [])
    .filter(keep)
    .map((dealer) => ({ value: dealer.code, label: `${dealer.code} · ${dealer.name}` }));
}

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
