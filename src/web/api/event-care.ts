import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  EventCareSettings,
  EventCareView,
} from '../../modules/marketing/event-care-settings.ts';
import type { EventTextInput } from '../../modules/marketing/event-texts.schemas.ts';
import type { EventTextsView } from '../../modules/marketing/event-texts.service.ts';
import type { WalkInResult } from '../../modules/marketing/walk-ins.service.ts';
import { api } from './client.ts';

export type { EventCareSettings, EventCareView, EventTextInput, EventTextsView, WalkInResult };

/** A walk-in: an existing customer, or a new person captured at the door. */
export type WalkInBody =
  | { customerId: string }
  | {
      newCustomer: {
        firstName: string;
        lastName?: string | null;
        phone?: string | null;
        email?: string | null;
        preferredLanguage?: 'en' | 'ru' | 'zh' | null;
        surveyConsent?: boolean;
      };
    };

const careKey = (id: string) => ['marketing', 'campaigns', id, 'event-care'] as const;

export function useEventCare(id: string, enabled: boolean) {
  return useQuery({
    queryKey: careKey(id),
    queryFn: () => api.get<EventCareView>(`/api/campaigns/${id}/event-care`),
    enabled,
  });
}

export function useSaveEventCare(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: EventCareSettings) =>
      api.put<EventCareView>(`/api/campaigns/${id}/event-care`, body),
    // the card shows the error in place
    meta: { handlesErrors: true },
    onSuccess: (data) => client.setQueryData(careKey(id), data),
  });
}

export function useWalkIn(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: WalkInBody) => api.post<WalkInResult>(`/api/campaigns/${id}/walk-ins`, body),
    // the form shows the error under its fields
    meta: { handlesErrors: true },
    onSuccess: () =>
      client.invalidateQueries({ queryKey: ['marketing', 'campaigns', id, 'registrations'] }),
  });
}

const textsKey = (id: string) => ['marketing', 'campaigns', id, 'event-texts'] as const;

/** The event's reminder and feedback texts: built-in and its own, every kind and language. */
export function useEventTexts(id: string, enabled: boolean) {
  return useQuery({
    queryKey: textsKey(id),
    queryFn: () => api.get<EventTextsView>(`/api/campaigns/${id}/event-texts`),
    enabled,
  });
}

/** PUT: the whole set of own texts; a kind and language left out is built-in again. */
export function useSaveEventTexts(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (texts: EventTextInput[]) =>
      api.put<EventTextsView>(`/api/campaigns/${id}/event-texts`, { texts }),
    meta: { handlesErrors: true },
    onSuccess: (data) => client.setQueryData(textsKey(id), data),
  });
}
