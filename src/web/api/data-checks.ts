import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DataCheckView } from '../../modules/marketing/data-check.service.ts';
import { api } from './client.ts';
import { queryKeys } from './query-keys.ts';

export type { DataCheckView };

const checksKey = (id: string) => [...queryKeys.customer(id), 'data-checks'] as const;

/** The customer's "please confirm your data" requests, newest first. */
export function useDataChecks(id: string) {
  return useQuery({
    queryKey: checksKey(id),
    queryFn: () => api.get<{ items: DataCheckView[] }>(`/api/customers/${id}/data-checks`),
  });
}

/** POST: the letter with the signed link goes to the outbox (409: no e-mail or no consent). */
export function useRequestDataCheck(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<DataCheckView>(`/api/customers/${id}/data-check`, {}),
    // the card says why it cannot be sent, in place
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: checksKey(id) }),
  });
}
