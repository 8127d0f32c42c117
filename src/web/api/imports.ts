import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ImportField } from '../../modules/imports/column-mapping.ts';
import type { ImportKind, ImportStatus, ImportTargetName } from '../../modules/imports/schema.ts';
import { api } from './client.ts';
import type { Page } from './types.ts';

export type Mapping = Partial<Record<ImportField, number>>;

export type ImportJob = {
  id: string;
  kind: ImportKind;
  target: ImportTargetName;
  fileName: string;
  status: ImportStatus;
  source: string;
  campaign: string | null;
  dealerCode: string | null;
  /** a file from a trusted system: its rows verify their customers */
  trusted: boolean;
  headers: string[];
  suggestedMapping: Mapping;
  mapping: Mapping | null;
  totalRows: number;
  importedRows: number;
  rejectedRows: number;
  processedRows: number;
  stalled: boolean;
  createdBy: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export type PreviewLead = {
  person?: {
    firstName?: string;
    lastName?: string;
    companyName?: string;
    phones?: { number: string }[];
    emails?: { address: string }[];
  };
  dealerCode?: string;
};

export type ImportPreview = {
  valid: number;
  rejected: number;
  /** good rows whose customer a trusted import marks verified */
  verified: number;
  rows: { line: number; ok: boolean; reason: string | null; lead: PreviewLead | null }[];
};

export type ImportReportRow = {
  line: number;
  status: 'imported' | 'rejected';
  reason: string | null;
  leadId: string | null;
  customerId: string | null;
  customerCreated: boolean | null;
  /** existing customers the person this row created probably is (open in the review queue) */
  possibleDuplicates?: { id: string; displayName: string; probability: number }[];
};

export type NewImport = {
  fileName: string;
  contentBase64: string;
  source: string;
  campaign?: string;
  dealerCode?: string;
  trusted?: boolean;
};

export type WebFormSite = {
  id: string;
  name: string;
  dealerCode: string | null;
  brandCode: string | null;
  keyPrefix: string;
  allowedOrigins: string[];
  source: string;
  active: boolean;
  createdAt: string;
};

export type NewWebFormSite = {
  name: string;
  dealerCode?: string;
  brandCode?: string;
  allowedOrigins: string[];
};

const keys = {
  imports: ['imports'] as const,
  job: (id: string) => ['imports', 'job', id] as const,
  rows: (id: string, onlyRejected: boolean) => ['imports', 'rows', id, onlyRejected] as const,
  sites: ['web-form-sites'] as const,
};

export function useImportJobs() {
  return useQuery({
    queryKey: keys.imports,
    queryFn: () => api.get<Page<ImportJob>>('/api/imports', { limit: 50 }),
  });
}

/**
 * One job, polled every two seconds while it runs so that its progress moves. When it is no
 * longer running the list of jobs is refreshed: it was cached while the job ran and would show
 * it as running until it went stale.
 */
export function useImportJobPolled(id: string, listKey: readonly string[]) {
  const client = useQueryClient();
  return useQuery({
    queryKey: keys.job(id),
    queryFn: async () => {
      const job = await api.get<ImportJob>(`/api/imports/${id}`);
      if (job.status !== 'running') {
        await client.invalidateQueries({ queryKey: listKey, exact: true });
      }
      return job;
    },
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 2000 : false),
  });
}

export function useImportJob(id: string) {
  return useImportJobPolled(id, keys.imports);
}

export function useImportRows(id: string, onlyRejected: boolean, enabled: boolean) {
  return useQuery({
    queryKey: keys.rows(id, onlyRejected),
    queryFn: () =>
      api.get<Page<ImportReportRow>>(`/api/imports/${id}/rows`, {
        status: onlyRejected ? 'rejected' : undefined,
        limit: 1000,
      }),
    enabled,
  });
}

export function useUploadImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewImport) => api.post<ImportJob>('/api/imports', input),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: keys.imports }),
  });
}

export function usePreviewImport(id: string) {
  return useMutation({
    mutationFn: (mapping: Mapping) =>
      api.post<ImportPreview>(`/api/imports/${id}/preview`, { mapping }),
    meta: { handlesErrors: true },
  });
}

export function useRunImport(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (mapping: Mapping) => api.post<ImportJob>(`/api/imports/${id}/run`, { mapping }),
    meta: { handlesErrors: true },
    onSuccess: (job) => {
      client.setQueryData(keys.job(id), job);
      return Promise.all([
        client.invalidateQueries({ queryKey: keys.imports }),
        client.invalidateQueries({ queryKey: ['imports', 'rows', id] }),
      ]);
    },
  });
}

export function useBrands() {
  return useQuery({
    queryKey: ['brands'] as const,
    queryFn: () => api.get<{ items: { id: string; code: string; name: string }[] }>('/api/brands'),
    staleTime: 10 * 60_000,
    select: (answer) => answer.items,
  });
}

export function useWebFormSites() {
  return useQuery({
    queryKey: keys.sites,
    queryFn: () => api.get<{ items: WebFormSite[] }>('/api/web-form-sites'),
    select: (answer) => answer.items,
  });
}

export function useCreateWebFormSite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewWebFormSite) =>
      api.post<{ site: WebFormSite; key: string }>('/api/web-form-sites', input),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: keys.sites }),
  });
}

export function useUpdateWebFormSite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...change }: { id: string; active?: boolean; allowedOrigins?: string[] }) =>
      api.patch<WebFormSite>(`/api/web-form-sites/${id}`, change),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: keys.sites }),
  });
}

/** A file as base64 for the JSON upload. */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // In slices: String.fromCharCode with millions of arguments overflows the stack.
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}
