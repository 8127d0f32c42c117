import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ClubView } from '../../modules/club/clubs.service.ts';
import type { ClubKpiRow } from '../../modules/club/kpis.service.ts';
import type { MemberView } from '../../modules/club/members.service.ts';
import type { PointsView } from '../../modules/club/points.service.ts';
import { api } from './client.ts';

export type { ClubView, ClubKpiRow, MemberView, PointsView };

export type MemberQuery = {
  clubId?: string | undefined;
  tier?: string | undefined;
  dormant?: 'true' | 'false' | undefined;
  q?: string | undefined;
  offset?: number;
};

export type ClubKpis = {
  asOf: string;
  /** when the kept rows the figures were read from were refreshed; null: counted live */
  keptAsOf: string | null;
  targets: { dormantShareMax: number; repurchaseRateMin: number };
  items: ClubKpiRow[];
};

const keys = {
  all: ['club'] as const,
  clubs: ['club', 'clubs'] as const,
  members: (query: MemberQuery) => ['club', 'members', query] as const,
  ofCustomer: (customerId: string) => ['club', 'customer', customerId] as const,
  points: (memberId: string) => ['club', 'points', memberId] as const,
  kpis: ['club', 'kpis'] as const,
};

export function useClubs(enabled = true) {
  return useQuery({
    queryKey: keys.clubs,
    queryFn: () => api.get<{ items: ClubView[] }>('/api/club/clubs'),
    staleTime: 10 * 60_000,
    enabled,
  });
}

export function useClubMembers(query: MemberQuery) {
  return useQuery({
    queryKey: keys.members(query),
    queryFn: () => api.get<{ items: MemberView[]; total: number }>('/api/club/members', query),
  });
}

export function useCustomerMemberships(customerId: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.ofCustomer(customerId),
    queryFn: () =>
      api.get<{ items: MemberView[] }>(`/api/customers/${customerId}/club-memberships`),
    enabled,
  });
}

export function useMemberPoints(memberId: string) {
  return useQuery({
    queryKey: keys.points(memberId),
    queryFn: () => api.get<PointsView>(`/api/club/members/${memberId}/points`, { limit: 5 }),
  });
}

export function useClubKpis() {
  return useQuery({
    queryKey: keys.kpis,
    queryFn: () => api.get<ClubKpis>('/api/club/kpis'),
  });
}

function useRefreshClub() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: keys.all });
}

export function useEnrol() {
  const refresh = useRefreshClub();
  return useMutation({
    mutationFn: (input: {
      clubId: string;
      customerId: string;
      tags: string[];
      consents: { channel: string; method: string }[];
    }) =>
      api.post<MemberView>(`/api/club/clubs/${input.clubId}/members`, {
        customerId: input.customerId,
        tags: input.tags,
        consents: input.consents,
      }),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useRedeem() {
  const refresh = useRefreshClub();
  return useMutation({
    mutationFn: (input: { memberId: string; points: number; reason: string }) =>
      api.post<{ entryId: string; balance: number }>(
        `/api/club/members/${input.memberId}/redemptions`,
        { points: input.points, reason: input.reason },
      ),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}
