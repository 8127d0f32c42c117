import { useQuery } from '@tanstack/react-query';
import type { ReplyView, VariantReplies } from '../../modules/marketing/replies.service.ts';
import { api } from './client.ts';

export type CampaignReplies = { variants: VariantReplies[]; items: ReplyView[] };

/** A campaign's replies: per variant, and the answers of customers in the reader's scope. */
export function useCampaignReplies(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['marketing', 'campaigns', id, 'replies'] as const,
    queryFn: () => api.get<CampaignReplies>(`/api/campaigns/${id}/replies`),
    enabled,
  });
}
