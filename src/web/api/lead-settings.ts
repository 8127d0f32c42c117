import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import type { LeadSource } from './leads.ts';

export type NewLeadSource = { key: string; nameEn: string; nameRu: string; nameZh: string };

export type RoutingRule = {
  id: string;
  position: number;
  name: string;
  active: boolean;
  brandCode: string | null;
  postcodePrefixes: string[];
  cities: string[];
  models: string[];
  sources: string[];
  useRelationship: boolean;
  dealerCode: string | null;
  openLeadCap: number;
};

export type RoutingRuleInput = Omit<RoutingRule, 'id'>;

// the same key as useLeadSources, so a new source shows in every source picker at once
const sourcesKey = ['lead-sources'] as const;
const rulesKey = ['lead-routing-rules'] as const;

export function useCreateLeadSource() {
  const client = useQueryClient();
  return useMutation({
    // the forms show the problems under their fields
    meta: { handlesErrors: true },
    mutationFn: (source: NewLeadSource) => api.post<LeadSource>('/api/lead-sources', source),
    onSuccess: () => client.invalidateQueries({ queryKey: sourcesKey }),
  });
}

export function useRoutingRules() {
  return useQuery({
    queryKey: rulesKey,
    queryFn: () => api.get<{ items: RoutingRule[] }>('/api/lead-routing-rules'),
    select: (answer) => answer.items,
  });
}

export function useCreateRoutingRule() {
  const client = useQueryClient();
  return useMutation({
    // the forms show the problems under their fields
    meta: { handlesErrors: true },
    mutationFn: (rule: RoutingRuleInput) => api.post<RoutingRule>('/api/lead-routing-rules', rule),
    onSuccess: () => client.invalidateQueries({ queryKey: rulesKey }),
  });
}

/** Puts the rules in a new order in one request (every rule the user sees, each once). */
export function useReorderRoutingRules() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) =>
      api.put<{ items: RoutingRule[] }>('/api/lead-routing-rules/order', { ids }),
    onSuccess: (answer) => client.setQueryData(rulesKey, answer),
    onSettled: () => client.invalidateQueries({ queryKey: rulesKey }),
  });
}

export function useUpdateRoutingRule() {
  const client = useQueryClient();
  return useMutation({
    // the forms show the problems under their fields
    meta: { handlesErrors: true },
    mutationFn: ({ id, ...changes }: Partial<RoutingRuleInput> & { id: string }) =>
      api.patch<RoutingRule>(`/api/lead-routing-rules/${id}`, changes),
    onSettled: () => client.invalidateQueries({ queryKey: rulesKey }),
  });
}
