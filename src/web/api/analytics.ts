import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RfmSegment } from '../../modules/analytics/schema.ts';
import { api, withQuery } from './client.ts';

// The worklist's JSON is the service's own type: one declaration for both sides.
import type { RetentionReason } from '../../modules/analytics/churn/reasons.ts';
import type {
  LifetimeTerms,
  ServiceScore,
  Worklist,
  WorklistItem,
  WorklistSort,
} from '../../modules/analytics/churn/retention-worklist.ts';
import type { ClassifierEvaluation } from '../../modules/analytics/churn/churn-classifier.ts';
import type { SpendNotFitted } from '../../modules/analytics/churn/service-churn-refit.ts';

export type { LifetimeTerms, RetentionReason, ServiceScore, Worklist, WorklistItem, WorklistSort };

export type WorklistQuery = {
  dealerCode?: string;
  segment?: RfmSegment;
  maxPActive?: number;
  sort?: WorklistSort;
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
  quality: {
    warnings?: string[];
    seconds?: number;
    meanPActive?: number | null;
    expectedVisits12m?: number;
    spendNotFitted?: SpendNotFitted[];
  };
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

/** The worklist as a file (same filters, every page); the browser sends the session cookie. */
export function worklistExportUrl(
  query: Omit<WorklistQuery, 'limit' | 'offset'>,
  format: 'csv' | 'xlsx',
): string {
  return withQuery('/api/analytics/retention-worklist/export', { ...query, format });
}

/** 404 when the owner has no score (no visit in the model, no model yet): not retried. */
export function useServiceScore(customerId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['analytics', 'service-score', customerId] as const,
    queryFn: () => api.get<ServiceScore>(`/api/analytics/service-scores/${customerId}`),
    enabled,
    retry: false,
  });
}

export function useChurnModelRuns() {
  return useQuery({
    queryKey: keys.runs,
    queryFn: () => api.get<{ items: ModelRun[] }>('/api/analytics/models/service-churn/runs'),
    select: (page) => page.items,
  });
}

/** A kept evaluation of the churn classifier against BG/NBD (its quality is the evaluation). */
export type ClassifierRun = Omit<ModelRun, 'quality'> & { quality: ClassifierEvaluation };

/** `enabled`: the reader may read analytics (the worklist's call centre and advisors may not). */
export function useClassifierRuns(enabled: boolean) {
  return useQuery({
    queryKey: [...keys.analytics, 'classifier-runs'] as const,
    queryFn: () =>
      api.get<{ items: ClassifierRun[] }>('/api/analytics/models/churn-classifier/runs'),
    select: (page) => page.items,
    enabled,
    retry: false,
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

export type DashboardName =
  | 'prospects'
  | 'channels'
  | 'funnel'
  | 'response'
  | 'aftersales'
  | 'quality'
  | 'usage'
  | 'comparison';
export type ReportCell = string | number | null;
export type Report = {
  name: string;
  /** when the pre-aggregated figures were last refreshed; null: not computed yet */
  asOf: string | null;
  filters: Record<string, string | undefined>;
  /** filters given that this dashboard's figures cannot apply (e.g. a lead channel on visits) */
  unappliedFilters?: string[];
  kpis: { key: string; kind: 'count' | 'ratio' | 'decimal'; value: number | null }[];
  tables: {
    key: string;
    columns: { key: string; kind: 'text' | 'count' | 'ratio' | 'money' | 'decimal' }[];
    rows: ReportCell[][];
  }[];
};

export type DashboardFilters = {
  from: string;
  to: string;
  brandCode?: string;
  regionCode?: string;
  dealerCode?: string;
  consultantId?: string;
  channel?: string;
  series?: string;
};

export function useDashboard(name: DashboardName, filters: DashboardFilters) {
  return useQuery({
    queryKey: ['analytics', 'dashboard', name, filters] as const,
    queryFn: () => api.get<Report>(withQuery(`/api/analytics/dashboards/${name}`, filters)),
    placeholderData: (previous) => previous,
  });
}

/** A download link: the browser sends the session cookie with a plain GET. */
export function dashboardExportUrl(
  name: DashboardName,
  filters: DashboardFilters,
  format: 'csv' | 'xlsx',
  table?: string,
): string {
  return withQuery(`/api/analytics/dashboards/${name}/export`, { ...filters, format, table });
}

/** The CSI dashboard's filters: period, places and the visit's service advisor. */
export type CsiFilters = {
  from: string;
  to: string;
  brandCode?: string;
  regionCode?: string;
  dealerCode?: string;
  advisorId?: string;
};

export function useCsiDashboard(filters: CsiFilters) {
  return useQuery({
    queryKey: ['analytics', 'csi', filters] as const,
    queryFn: () => api.get<Report>(withQuery('/api/analytics/csi', filters)),
    placeholderData: (previous) => previous,
  });
}

export function csiExportUrl(filters: CsiFilters, format: 'csv' | 'xlsx', table?: string): string {
  return withQuery('/api/analytics/csi/export', { ...filters, format, table });
}

/** The club KPIs of the members page as a file (every club and home dealer I may see). */
export function clubKpisExportUrl(format: 'csv' | 'xlsx'): string {
  return withQuery('/api/analytics/club-kpis/export', {
    format,
    table: format === 'csv' ? 'clubKpis' : undefined,
  });
}

/** A conquest plan's plan vs actual as a file; the CSV is the channels' table. */
export function conquestPlanExportUrl(id: string, format: 'csv' | 'xlsx'): string {
  return withQuery(`/api/analytics/conquest-plans/${id}/export`, {
    format,
    table: format === 'csv' ? 'channels' : undefined,
  });
}

export function useRegions() {
  return useQuery({
    queryKey: ['regions'] as const,
    queryFn: () => api.get<{ items: { id: string; code: string; name: string }[] }>('/api/regions'),
    staleTime: 10 * 60_000,
    select: (answer) => answer.items,
  });
}

export function useCreateRetentionTasks() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { customerIds: string[]; dueAt: string; assigneeUserId?: string }) =>
      api.post<{ created: string[]; skipped: string[] }>(
        '/api/analytics/retention-worklist/tasks',
        input,
      ),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: ['tasks'] }),
  });
}
