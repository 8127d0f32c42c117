import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DealerNotesView } from '../../modules/marketing/dealer-notes.service.ts';
import type { SignatureView } from '../../modules/marketing/dealer-signature.service.ts';
import type { Locale } from '../../auth/roles.ts';
import { api } from './client.ts';

/** A dealer's text per language as the forms edit it: an empty one clears that language. */
export type TextsInput = Record<Locale, string>;

const keys = {
  signature: (dealerId: string) => ['marketing', 'dealer-signature', dealerId] as const,
  notes: (campaignId: string) => ['marketing', 'campaigns', campaignId, 'dealer-notes'] as const,
};

/** A dealer's marketing signature ({{dealer.signature}}); off without a dealer. */
export function useDealerSignature(dealerId: string | null) {
  return useQuery({
    queryKey: keys.signature(dealerId ?? ''),
    queryFn: () => api.get<SignatureView>(`/api/dealers/${dealerId}/marketing-signature`),
    enabled: dealerId !== null,
  });
}

export function useSaveDealerSignature(dealerId: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (texts: TextsInput) =>
      api.put<SignatureView>(`/api/dealers/${dealerId}/marketing-signature`, { texts }),
    onSuccess: (view) => client.setQueryData(keys.signature(view.dealerId), view),
  });
}

/** The dealers' own paragraphs in a group or brand campaign ({{dealer.note}}). */
export function useDealerNotes(campaignId: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.notes(campaignId),
    queryFn: () => api.get<DealerNotesView>(`/api/campaigns/${campaignId}/dealer-notes`),
    enabled,
  });
}

export function useSaveDealerNote(campaignId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ dealerId, texts }: { dealerId: string; texts: TextsInput }) =>
      api.put<DealerNotesView>(`/api/campaigns/${campaignId}/dealer-notes/${dealerId}`, { texts }),
    onSuccess: (view) => client.setQueryData(keys.notes(campaignId), view),
  });
}
