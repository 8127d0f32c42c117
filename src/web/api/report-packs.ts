import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
// the server's own types (type-only: nothing of the services reaches the browser bundle)
import type {
  DealerRecipient,
  MailSummary,
  MySubscription,
} from '../../modules/analytics/report-packs/subscriptions.service.ts';
import { api } from './client.ts';

export type { DealerRecipient, MailSummary, MySubscription };

const keys = {
  all: ['analytics', 'report-packs'] as const,
  mine: ['analytics', 'report-packs', 'me'] as const,
  preview: ['analytics', 'report-packs', 'preview'] as const,
  dealer: (dealerCode: string | null) =>
    ['analytics', 'report-packs', 'dealer', dealerCode] as const,
};

export function useMySubscription() {
  return useQuery({
    queryKey: keys.mine,
    queryFn: () => api.get<MySubscription>('/api/analytics/report-subscriptions/me'),
  });
}

export function useSetMySubscription() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (enabled: boolean) =>
      api.put<MySubscription>('/api/analytics/report-subscriptions/me', { enabled }),
    onSuccess: (answer) => {
      client.setQueryData(keys.mine, answer);
      void client.invalidateQueries({ queryKey: keys.all });
    },
  });
}

/** My pack as it is mailed: a POST because it computes, but read like a query. */
export function usePackPreview() {
  return useQuery({
    queryKey: keys.preview,
    queryFn: () =>
      api.post<{ weekStart: string; subject: string; html: string }>(
        '/api/analytics/report-packs/preview',
        {},
      ),
    staleTime: 5 * 60_000,
  });
}

/** Who receives the pack of my dealer (or of the named one, for the group admin). */
export function useDealerRecipients(enabled: boolean, dealerCode: string | null) {
  return useQuery({
    queryKey: keys.dealer(dealerCode),
    queryFn: () =>
      api.get<{ dealerCode: string; recipients: DealerRecipient[] }>(
        '/api/analytics/report-subscriptions',
        { dealerCode },
      ),
    enabled,
  });
}
