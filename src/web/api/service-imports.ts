import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { VisitImportField } from '../../modules/service/visit-import-fields.ts';
import type { VisitType } from '../../modules/service/schema.ts';
import { api } from './client.ts';
import { useImportJobPolled, type ImportJob, type ImportReportRow } from './imports.ts';
import type { Page } from './types.ts';

/** DMS exports of repair orders go through the import jobs with the target "service_visits". */
export type VisitMapping = Partial<Record<VisitImportField, number>>;

export type VisitPreviewRecord = {
  vin: string;
  orderNumber: string;
  visitDate: string;
  visitType: VisitType;
  mileageKm: number | null;
  totalMinor: number;
  currency: string;
  paidBy: string;
};

export type VisitImportPreview = {
  valid: number;
  rejected: number;
  rows: {
    line: number;
    ok: boolean;
    reason: string | null;
    record?: VisitPreviewRecord | null;
  }[];
};

export type VisitReportRow = ImportReportRow & { visitId: string | null };

const keys = {
  jobs: ['imports', 'service_visits'] as const,
  job: (id: string) => ['imports', 'job', id] as const,
  rows: (id: string, onlyRejected: boolean) => ['imports', 'rows', id, onlyRejected] as const,
};

export function useVisitImportJobs() {
  return useQuery({
    queryKey: keys.jobs,
    queryFn: () =>
      api.get<Page<ImportJob>>('/api/imports', { target: 'service_visits', limit: 50 }),
  });
}

/** One job; polled while it runs so that the progress bar moves. */
export function useVisitImportJob(id: string) {
  return useImportJobPolled(id, keys.jobs);
}

export function useVisitImportRows(id: string, onlyRejected: boolean) {
  return useQuery({
    queryKey: keys.rows(id, onlyRejected),
    queryFn: () =>
      api.get<Page<VisitReportRow>>(`/api/imports/${id}/rows`, {
        status: onlyRejected ? 'rejected' : undefined,
        limit: 1000,
      }),
  });
}

export function useUploadVisitImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { fileName: string; contentBase64: string; dealerCode?: string }) =>
      api.post<ImportJob>('/api/imports', { ...input, source: 'dms', target: 'service_visits' }),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: keys.jobs }),
  });
}

export function usePreviewVisitImport(id: string) {
  return useMutation({
    mutationFn: (mapping: VisitMapping) =>
      api.post<VisitImportPreview>(`/api/imports/${id}/preview`, { mapping }),
    meta: { handlesErrors: true },
  });
}

export function useRunVisitImport(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (mapping: VisitMapping) =>
      api.post<ImportJob>(`/api/imports/${id}/run`, { mapping }),
    meta: { handlesErrors: true },
    onSuccess: (job) => {
      client.setQueryData(keys.job(id), job);
      return Promise.all([
        client.invalidateQueries({ queryKey: keys.jobs }),
        client.invalidateQueries({ queryKey: ['imports', 'rows', id] }),
      ]);
    },
  });
}
