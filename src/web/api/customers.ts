import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HouseholdRole } from '../../modules/customers/vocabulary.ts';
import { api } from './client.ts';
import type { PossibleDuplicate } from './quality.ts';
import { queryKeys } from './query-keys.ts';
import type {
  Customer360,
  CustomerListItem,
  CustomerListQuery,
  NewConsent,
  NewCustomer,
  NewVerification,
  CustomerVerification,
  Page,
  ContactChanges,
  ProfileChanges,
  TimelineItem,
} from './types.ts';

export function useCustomerList(query: CustomerListQuery) {
  return useQuery({
    queryKey: queryKeys.customerList(query),
    queryFn: () => api.get<Page<CustomerListItem>>('/api/customers', query),
    // Keep the old page on screen while the next one loads: no flicker, no layout jump.
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(id: string) {
  return useQuery({
    queryKey: queryKeys.customer(id),
    queryFn: () => api.get<Customer360>(`/api/customers/${id}`),
  });
}

/** Older entries than `last`: the (at, id) pair is the cursor, so equal times lose nothing. */
export function fetchTimeline(id: string, last: TimelineItem, limit: number) {
  return api.get<{ items: TimelineItem[] }>(`/api/customers/${id}/timeline`, {
    before: last.at,
    beforeId: last.id,
    limit,
  });
}

export function useCreateCustomer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewCustomer) =>
      api.post<{ id: string; possibleDuplicates?: PossibleDuplicate[] }>('/api/customers', input),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.customers }),
  });
}

export function useUpdateCustomer(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: ProfileChanges & ContactChanges) =>
      api.patch<undefined>(`/api/customers/${id}`, changes),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.customers }),
  });
}

export function useRecordConsent(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (consent: NewConsent) =>
      api.post<undefined>(`/api/customers/${id}/consents`, consent),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.customer(id) }),
  });
}

/** "Data confirmed with the customer": the page, its timeline and quality figures move on. */
export function useRecordVerification(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (verification: NewVerification) =>
      api.post<CustomerVerification>(`/api/customers/${id}/verification`, verification),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.customer(id) }),
  });
}

export type NewHousehold = {
  name: string;
  members: { customerId: string; role: HouseholdRole | null }[];
};

/** Links persons into a new household; their 360 views (all cached customers) change. */
export function useCreateHousehold() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewHousehold) => api.post<{ id: string }>('/api/households', input),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.customers }),
  });
}

/** Puts another person into an existing household (his `householdId`), with his role. */
export function useJoinHousehold() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { customerId: string; householdId: string; role: HouseholdRole | null }) =>
      api.patch<undefined>(`/api/customers/${input.customerId}`, {
        householdId: input.householdId,
        householdRole: input.role,
      }),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.customers }),
  });
}
