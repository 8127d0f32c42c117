import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
// the server's own types (type-only: nothing of the services reaches the browser bundle)
import type {
  ComparedCustomer,
  DuplicatePairItem as DuplicatePair,
  PairComparison,
} from '../../modules/quality/duplicates/review.service.ts';
import type { QualityProblem } from '../../modules/quality/schema.ts';
import type { FindingsFilter } from '../../modules/quality/scores/findings-filter.ts';
import { api, withQuery } from './client.ts';

export type QualityGroupBy = 'dealer' | 'source' | 'month';

export type QualityGroup = {
  key: string;
  customers: number;
  averageScore: number;
  completeness: number;
  validity: number;
  consistency: number;
  freshness: number;
  /** per cent verified with the customer in the last 12 months */
  verifiedShare: number;
  problems: Record<QualityProblem, number>;
};

export type QualityRun = {
  id: string;
  computedAt: string;
  customers: number;
  averageScore: number;
  /** per cent verified in the 12 months before the run; null for runs made before it was kept */
  verifiedShare: number | null;
  /** made by the server's schedule, not by a user */
  scheduled: boolean;
  problems: Record<QualityProblem, number>;
};

export type QualityFinding = {
  customerId: string;
  displayName: string;
  score: number;
  problems: QualityProblem[];
  /** corrections to offer: the address with the popular domain a misspelt one meant */
  suggestions: { problem: 'email_domain_typo'; value: string; suggestion: string }[];
  computedAt: string;
};

const keys = {
  all: ['quality'] as const,
  summary: (groupBy: QualityGroupBy) => ['quality', 'summary', groupBy] as const,
  runs: (period: TrendPeriod) => ['quality', 'runs', period] as const,
  findings: (filter: FindingsFilter) => ['quality', 'findings', filter] as const,
};

export function useQualitySummary(groupBy: QualityGroupBy) {
  return useQuery({
    queryKey: keys.summary(groupBy),
    queryFn: () =>
      api.get<{ total: QualityGroup; groups: QualityGroup[] }>('/api/quality/summary', {
        groupBy,
      }),
  });
}

/** How far back the trend looks: the last 24 runs, or every run of 3 or 12 months. */
export type TrendPeriod = 'runs' | 'quarter' | 'year';

const trendDays: Record<Exclude<TrendPeriod, 'runs'>, number> = { quarter: 91, year: 365 };

/** the query of a period; the day it starts is worked out when the query runs */
function trendQuery(period: TrendPeriod): Record<string, string | number> {
  if (period === 'runs') return {};
  const since = new Date(Date.now() - trendDays[period] * 86_400_000);
  return { since: since.toISOString().slice(0, 10), limit: 1000 };
}

export function useQualityRuns(period: TrendPeriod = 'runs') {
  return useQuery({
    queryKey: keys.runs(period),
    queryFn: () => api.get<{ items: QualityRun[] }>('/api/quality/runs', trendQuery(period)),
    select: (page) => page.items,
    placeholderData: keepPreviousData,
  });
}

/** The worklist's filters (the server's own type); the export takes the same. */
export type { FindingsFilter };

export function useQualityFindings(filter: FindingsFilter) {
  return useQuery({
    queryKey: keys.findings(filter),
    queryFn: () =>
      api.get<{ items: QualityFinding[]; total: number }>('/api/quality/findings', {
        ...filter,
        limit: 50,
      }),
  });
}

/** The worklist as a file for a dealer: same filters, at most 10,000 records. */
export function findingsExportUrl(filter: FindingsFilter, format: 'csv' | 'xlsx'): string {
  return withQuery('/api/quality/findings/export', { ...filter, format });
}

/** Score the base now; every quality figure on screen is refreshed. */
export function useRunQualityScoring() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<QualityRun>('/api/quality/runs'),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  });
}

// --- duplicates: the whole-base run, the review queue, merges -------------------------------

export type DuplicateRun = {
  id: string;
  status: 'running' | 'done' | 'failed';
  stage: string;
  done: number;
  total: number;
  customers: number;
  pairs: number;
  autoMerged: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
};

export type { ComparedCustomer, DuplicatePair, PairComparison };

export type MergeRecord = {
  id: string;
  survivorId: string;
  loserId: string;
  survivorName: string;
  loserName: string;
  automatic: boolean;
  probability: number | null;
  mergedAt: string;
  undoneAt: string | null;
  fields: { field: string; from: 'survivor' | 'loser'; rule: string }[];
  moved: Record<string, number>;
};

export type PossibleDuplicate = {
  id: string;
  displayName: string;
  probability: number;
  matchedOn: string[];
};

const duplicateKeys = {
  all: ['quality', 'duplicates'] as const,
  runs: ['quality', 'duplicates', 'runs'] as const,
  queue: ['quality', 'duplicates', 'queue'] as const,
  pair: (a: string, b: string) => ['quality', 'duplicates', 'pair', a, b] as const,
  merges: ['quality', 'duplicates', 'merges'] as const,
};

/** The latest runs; polled every second while one is running, for the progress bar. */
export function useDuplicateRuns() {
  return useQuery({
    queryKey: duplicateKeys.runs,
    queryFn: () => api.get<{ items: DuplicateRun[] }>('/api/quality/duplicate-runs'),
    select: (page) => page.items,
    refetchInterval: (query) =>
      query.state.data?.items.some((run) => run.status === 'running') ? 1000 : false,
  });
}

export function useStartDuplicateRun() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<DuplicateRun>('/api/quality/duplicate-runs'),
    onSuccess: () => client.invalidateQueries({ queryKey: duplicateKeys.all }),
  });
}

/** The pairs waiting for review, or those already skipped or said to be different people. */
export type QueueStatus = 'open' | 'skipped' | 'not_duplicate';

/** Pairs per page of the review queue (the API's largest page). */
export const queuePageSize = 200;

export function useDuplicateQueue(status: QueueStatus = 'open', page = 1) {
  return useQuery({
    queryKey: [...duplicateKeys.queue, status, page],
    queryFn: () =>
      api.get<{ items: DuplicatePair[]; total: number; reviewLower: number; reviewUpper: number }>(
        '/api/quality/duplicates',
        { limit: queuePageSize, offset: (page - 1) * queuePageSize, status },
      ),
    placeholderData: keepPreviousData,
  });
}

export function usePairComparison(pair: { a: string; b: string } | null) {
  return useQuery({
    queryKey: duplicateKeys.pair(pair?.a ?? '', pair?.b ?? ''),
    queryFn: () => api.get<PairComparison>(`/api/quality/duplicates/${pair!.a}/${pair!.b}`),
    enabled: pair !== null,
  });
}

/** Merge (keeping the chosen survivor), not a duplicate, skip or reopen; the queue is refreshed. */
export function useDecidePair() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      a: string;
      b: string;
      decision: 'merge' | 'not_duplicate' | 'skip' | 'reopen';
      survivorId?: string;
    }) =>
      input.decision === 'merge'
        ? api.post<MergeRecord>(`/api/quality/duplicates/${input.a}/${input.b}/merge`, {
            ...(input.survivorId ? { survivorId: input.survivorId } : {}),
          })
        : api.post<undefined>(`/api/quality/duplicates/${input.a}/${input.b}/decision`, {
            decision: input.decision,
          }),
    onSuccess: () => client.invalidateQueries({ queryKey: duplicateKeys.all }),
  });
}

export function useMerges() {
  return useQuery({
    queryKey: duplicateKeys.merges,
    queryFn: () => api.get<{ items: MergeRecord[] }>('/api/quality/merges', { limit: 20 }),
    select: (page) => page.items,
  });
}

export function useUndoMerge() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<MergeRecord>(`/api/quality/merges/${id}/undo`),
    onSuccess: () => client.invalidateQueries({ queryKey: duplicateKeys.all }),
  });
}

/** The merges this customer took part in (as the record kept or the one merged in). */
export function useCustomerMerges(customerId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...duplicateKeys.merges, customerId],
    queryFn: () =>
      api.get<{ items: MergeRecord[] }>('/api/quality/merges', { customerId, limit: 20 }),
    select: (page) => page.items,
    enabled,
  });
}

/** Merge two records the steward knows to be one person, without a proposed pair. */
export function useMergeCustomers() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { survivorId: string; loserId: string }) =>
      api.post<MergeRecord>('/api/quality/merges', input),
    meta: { handlesErrors: true },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: duplicateKeys.all });
      await client.invalidateQueries({ queryKey: ['customers'] });
    },
  });
}

export type DuplicateSettings = { reviewLower: number; reviewUpper: number; autoMerge: boolean };

/** The review band and the automatic merge (the group's; only group-wide stewards change them). */
export function useDuplicateSettings() {
  return useQuery({
    queryKey: [...duplicateKeys.all, 'settings'],
    queryFn: () => api.get<DuplicateSettings>('/api/quality/settings'),
  });
}

export function useSaveDuplicateSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: DuplicateSettings) =>
      api.patch<DuplicateSettings>('/api/quality/settings', input),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: duplicateKeys.all }),
  });
}
