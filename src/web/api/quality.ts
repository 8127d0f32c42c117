import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QualityProblem } from '../../modules/quality/schema.ts';
import { api } from './client.ts';

export type QualityGroupBy = 'dealer' | 'source' | 'month';

export type QualityGroup = {
  key: string;
  customers: number;
  averageScore: number;
  completeness: number;
  validity: number;
  consistency: number;
  freshness: number;
  problems: Record<QualityProblem, number>;
};

export type QualityRun = {
  id: string;
  computedAt: string;
  customers: number;
  averageScore: number;
  problems: Record<QualityProblem, number>;
};

export type QualityFinding = {
  customerId: string;
  displayName: string;
  score: number;
  problems: QualityProblem[];
  computedAt: string;
};

const keys = {
  all: ['quality'] as const,
  summary: (groupBy: QualityGroupBy) => ['quality', 'summary', groupBy] as const,
  runs: ['quality', 'runs'] as const,
  findings: (problem: QualityProblem | null) => ['quality', 'findings', problem] as const,
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

export function useQualityRuns() {
  return useQuery({
    queryKey: keys.runs,
    queryFn: () => api.get<{ items: QualityRun[] }>('/api/quality/runs'),
    select: (page) => page.items,
  });
}

export function useQualityFindings(problem: QualityProblem | null) {
  return useQuery({
    queryKey: keys.findings(problem),
    queryFn: () =>
      api.get<{ items: QualityFinding[]; total: number }>('/api/quality/findings', {
        ...(problem ? { problem } : {}),
        limit: 50,
      }),
  });
}

/** Score the base now; every quality figure on screen is refreshed. */
export function useRunQualityScoring() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<QualityRun>('/api/quality/runs'),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  });
}
