import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  EventInput,
  PartnerInput,
  PerkInput,
  TierInput,
  UpdateClubInput,
} from '../../modules/club/club.schemas.ts';
import type { ClubView } from '../../modules/club/clubs.service.ts';
import type { EventView, RegistrationView } from '../../modules/club/events.service.ts';
import type { PartnerView } from '../../modules/club/partners.service.ts';
import type { EventKind, PartnerCategory } from '../../modules/club/schema.ts';
import { api } from './client.ts';

export type { EventKind, EventView, PartnerCategory, PartnerView, RegistrationView, TierInput };

// every club query starts with 'club', so a write here also refreshes members and KPIs
const keys = {
  all: ['club'] as const,
  events: (query: object) => ['club', 'events', query] as const,
  event: (id: string) => ['club', 'event', id] as const,
  partners: (clubId: string) => ['club', 'partners', clubId] as const,
};

function useRefreshClub() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: keys.all });
}

export function useClubEvents(query: {
  clubId?: string | undefined;
  upcoming?: 'true' | undefined;
  limit: number;
  offset: number;
}) {
  return useQuery({
    queryKey: keys.events(query),
    queryFn: () => api.get<{ items: EventView[]; total: number }>('/api/club/events', query),
  });
}

export function useClubEvent(id: string | null) {
  return useQuery({
    queryKey: keys.event(id ?? ''),
    queryFn: () =>
      api.get<{ event: EventView; registrations: RegistrationView[] }>(`/api/club/events/${id}`),
    enabled: id !== null,
  });
}

/** The form's input: the server fills the defaults (kind, the club's points). */
export type NewClubEvent = Omit<EventInput, 'kind'> & { kind?: EventKind; clubId: string };

export function useCreateClubEvent() {
  const refresh = useRefreshClub();
  return useMutation({
    mutationFn: ({ clubId, ...input }: NewClubEvent) =>
      api.post<EventView>(`/api/club/clubs/${clubId}/events`, input),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useCancelClubEvent() {
  const refresh = useRefreshClub();
  return useMutation({
    mutationFn: (id: string) => api.post<EventView>(`/api/club/events/${id}/cancel`),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useRecordAttendance() {
  const refresh = useRefreshClub();
  return useMutation({
    mutationFn: (input: { eventId: string; memberIds: string[] }) =>
      api.post<EventView>(`/api/club/events/${input.eventId}/attendance`, {
        memberIds: input.memberIds,
      }),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useClubPartners(clubId: string | null) {
  return useQuery({
    queryKey: keys.partners(clubId ?? ''),
    queryFn: () => api.get<{ items: PartnerView[] }>(`/api/club/clubs/${clubId}/partners`),
    enabled: clubId !== null,
    select: (answer) => answer.items,
  });
}

export function useCreatePartner() {
  const refresh = useRefreshClub();
  return useMutation({
    mutationFn: ({ clubId, ...input }: PartnerInput & { clubId: string }) =>
      api.post<PartnerView>(`/api/club/clubs/${clubId}/partners`, input),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useAddPerk() {
  const refresh = useRefreshClub();
  return useMutation({
    mutationFn: ({ partnerId, ...input }: PerkInput & { partnerId: string }) =>
      api.post<PartnerView>(`/api/club/partners/${partnerId}/perks`, input),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useSetPartnerActive() {
  const refresh = useRefreshClub();
  return useMutation({
    mutationFn: (input: { partnerId: string; active: boolean }) =>
      api.patch<PartnerView>(`/api/club/partners/${input.partnerId}`, { active: input.active }),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useUpdateClub() {
  const refresh = useRefreshClub();
  return useMutation({
    mutationFn: ({ clubId, ...input }: UpdateClubInput & { clubId: string }) =>
      api.patch<ClubView>(`/api/club/clubs/${clubId}`, input),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useReplaceTiers() {
  const refresh = useRefreshClub();
  return useMutation({
    mutationFn: (input: { clubId: string; tiers: TierInput[] }) =>
      api.put<ClubView>(`/api/club/clubs/${input.clubId}/tiers`, { tiers: input.tiers }),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}
