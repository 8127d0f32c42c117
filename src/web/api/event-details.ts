import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EventCancelReport } from '../../modules/marketing/event-cancel.service.ts';
import type { EventDetailsInput } from '../../modules/marketing/event-details.schemas.ts';
import type {
  EventChangesView,
  EventChangeView,
} from '../../modules/marketing/event-details.service.ts';
import type { StaffCancelReport } from '../../modules/marketing/registration-cancel.service.ts';
import { api } from './client.ts';

export type {
  EventCancelReport,
  EventChangesView,
  EventChangeView,
  EventDetailsInput,
  StaffCancelReport,
};

const detailsKey = (id: string) => ['marketing', 'campaigns', id, 'event-details'] as const;

/** A sent event's venue, start and places now, and who changed them when. */
export function useEventDetails(id: string, enabled: boolean) {
  return useQuery({
    queryKey: detailsKey(id),
    queryFn: () => api.get<EventChangesView>(`/api/campaigns/${id}/event-details`),
    enabled,
  });
}

/** PUT: move the event; the registered (and, asked, the silent invitees) are told. */
export function useChangeEventDetails(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: EventDetailsInput) =>
      api.put<EventChangesView>(`/api/campaigns/${id}/event-details`, body),
    // the form shows the error under its fields
    meta: { handlesErrors: true },
    onSuccess: (data) => {
      client.setQueryData(detailsKey(id), data);
      // the campaign (venue, start), its registrations (places, waitlist) and event care
      return client.invalidateQueries({ queryKey: ['marketing', 'campaigns', id] });
    },
  });
}

/** POST: cancel a sent event; everyone registered or waiting is told. */
export function useCancelEvent(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { reason: string | null }) =>
      api.post<EventCancelReport>(`/api/campaigns/${id}/event-cancel`, body),
    // the card shows the error beside its button
    meta: { handlesErrors: true },
    // the campaign's status, its registrations and event care all change
    onSuccess: () => client.invalidateQueries({ queryKey: ['marketing', 'campaigns', id] }),
  });
}

/** POST: staff cancel one guest's registration; his place goes on, he is told. */
export function useCancelRegistration(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ customerId, reason }: { customerId: string; reason: string | null }) =>
      api.post<StaffCancelReport>(`/api/campaigns/${id}/registrations/${customerId}/cancel`, {
        reason,
      }),
    // the dialog shows the error under its reason field
    meta: { handlesErrors: true },
    // the list (places, waitlist) and event care's counts change
    onSuccess: () => client.invalidateQueries({ queryKey: ['marketing', 'campaigns', id] }),
  });
}
