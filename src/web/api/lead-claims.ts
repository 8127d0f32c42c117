import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError } from './client.ts';
import { api } from './client.ts';

export type ProspectClaim = { phone: string; brandCode: string; reason: string };

/** Takes over a person another dealer owns for a brand but no longer works (audited). */
export function useClaimProspect() {
  const client = useQueryClient();
  return useMutation({
    // the claim dialog shows why a claim was refused
    meta: { handlesErrors: true },
    mutationFn: (claim: ProspectClaim) =>
      api.post<{ customerId: string }>('/api/leads/claim', claim),
    onSuccess: () => client.invalidateQueries({ queryKey: ['leads'] }),
  });
}

/** A capture refused because the person is another dealer's prospect (409 naming `person`). */
export function isOwnedElsewhere(error: unknown): boolean {
  return (
    isApiError(error) &&
    error.status === 409 &&
    error.fields.some((field) => field.path === 'person')
  );
}
