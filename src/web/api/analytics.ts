import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RfmSegment } from '../../modules/analytics/schema.ts';
import { api, withQuery } from './client.ts';

export type RetentionReason = { code: string; params: Record<string, string | number> };

export type WorklistItem = {
  customerId: string;
  displayName: string;
  lastDealerId: string | null;
  lastDealerName: string | null;
  firstVisitDate: string;
  lastVisitDate: string;
  visits: number;
  pActive: number;
  expectedVisits12m: number;
  meanVisitMinor: number;
  valueIfActive12mMinor: number | null;
  revenueAtRiskMinor: number | null;
  currency: string;
  rfm: { r: number; f: number; m: number; segment: RfmSegment };
  reasons: RetentionReason[];
};

export type Worklist = {
  run: { id: string; asOf: string; finishedAt: string | null } | null;
  items: WorklistItem[];
  total: number;
};

export type WorklistQuery = {
  dealerCode?: string;
  segment?: RfmSegment;
  maxPActive?: number;
  limit: number;
  offset: number;
};

export type ModelRun = {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  asOf: string;
  params: { bgnbd?: Record<string, number>; gammaGamma?: Record<string, Record<string, number>> };
  logLikelihood: number | null;
  customers: number;
  repeatCustomers: number;
  quality: { warnings?: string[]; seconds?: number; meanPActive?: number | null };
  errorCode: string | null;
  errorMessage: string | null;
  startedAt: string;
  finishedAt: string | null;
};

const keys = {
  analytics: ['analytics'] as const,
  worklist: (query: WorklistQuery) => ['analytics', 'worklist', query] as const,
  runs: ['analytics', 'churn-runs'] as const,
};

export function useRetentionWorklist(query: WorklistQuery) {
  return useQuery({
    queryKey: keys.worklist(query),
    queryFn: () => api.get<Worklist>(withQuery('/api/analytics/retention-worklist', query)),
    placeholderData: (previous) => previous,
  });
}

export function useChurnModelRuns() {
  return useQuery({
    queryKey: keys.runs,
    queryFn: () => api.get<{ items: ModelRun[] }>('/api/analytics/models/service-churn/runs'),
    select: (page) => page.items,
  });
}

export function useRefitChurnModel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.post<{ runId: string; status: 'succeeded' | 'failed'; errorMessage?: string }>(
        '/api/analytics/models/service-churn/runs',
        {},
      ),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: keys.analytics }),
  });
}
