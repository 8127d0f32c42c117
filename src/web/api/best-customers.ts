import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BestCustomerRun,
  ScoreOrder,
  ScoredCustomer,
} from '../../modules/analytics/best-customers/best-customers.service.ts';
import type {
  RowProblem,
  ScoredListRow,
} from '../../modules/analytics/best-customers/list-scoring.ts';
import { api, withQuery } from './client.ts';

// The JSON is the service's own types: one declaration for both sides (types only, so the
// server stays out of the browser bundle).
export type { BestCustomerRun, RowProblem, ScoreOrder, ScoredCustomer, ScoredListRow };

export type SoldSeries = { series: string; purchases: number; lastPurchase: string };
export type ScoredCustomersPage = { run: BestCustomerRun; total: number; items: ScoredCustomer[] };
export type ScoredList = { accepted: number; rejected: RowProblem[]; items: ScoredListRow[] };

const base = '/api/analytics/best-customers';
const keys = {
  all: ['analytics', 'best-customers'] as const,
  series: ['analytics', 'best-customers', 'series'] as const,
  runs: (series: string | null) => ['analytics', 'best-customers', 'runs', series] as const,
  customers: (runId: string, query: CustomerQuery) =>
    ['analytics', 'best-customers', 'customers', runId, query] as const,
};

export type CustomerQuery = { order: ScoreOrder; limit: number; offset: number };

export function useSoldSeries() {
  return useQuery({
    queryKey: keys.series,
    queryFn: () => api.get<{ items: SoldSeries[] }>(`${base}/series`),
    select: (answer) => answer.items,
  });
}

export function useBestCustomerRuns(series: string | null) {
  return useQuery({
    queryKey: keys.runs(series),
    queryFn: () =>
      api.get<{ items: BestCustomerRun[] }>(
        withQuery(`${base}/runs`, { series: series ?? undefined }),
      ),
    select: (answer) => answer.items,
    enabled: series !== null,
  });
}

export function useScoredCustomers(runId: string | null, query: CustomerQuery) {
  return useQuery({
    queryKey: keys.customers(runId ?? '', query),
    queryFn: () =>
      api.get<ScoredCustomersPage>(withQuery(`${base}/runs/${runId}/customers`, query)),
    enabled: runId !== null,
    placeholderData: (previous) => previous,
  });
}

/** The whole scored list as a file (the server's export: same scope and order as the pages). */
export function scoredCustomersExportUrl(
  runId: string,
  order: ScoreOrder,
  format: 'csv' | 'xlsx',
): string {
  return withQuery(`${base}/runs/${runId}/customers/export`, { order, format });
}

export function useFitBestCustomers() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { series: string; windowMonths?: number }) =>
      api.post<BestCustomerRun>(`${base}/runs`, input),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  });
}

export function useScoreList() {
  return useMutation({
    mutationFn: (input: { runId: string; csv: string }) =>
      api.post<ScoredList>(`${base}/runs/${input.runId}/list`, { csv: input.csv }),
    meta: { handlesErrors: true },
  });
}
