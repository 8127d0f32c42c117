import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ComplaintCategory,
  ComplaintChannel,
  ComplaintStatus,
  Severity,
} from '../../modules/complaints/schema.ts';
import type { ComplaintAction } from '../../modules/complaints/transitions.ts';
import { api } from './client.ts';
import { queryKeys } from './query-keys.ts';

export type Complaint = {
  id: string;
  number: number;
  customer: { id: string; displayName: string };
  dealerCode: string;
  vehicle: { id: string; makeName: string; modelName: string | null } | null;
  visit: { id: string; date: string; type: string } | null;
  channel: ComplaintChannel;
  category: ComplaintCategory;
  severity: Severity;
  subject: string;
  description: string | null;
  responsible: { id: string; name: string } | null;
  status: ComplaintStatus;
  allowedActions: ComplaintAction[];
  openedAt: string;
  dueAt: string;
  overdue: boolean;
  escalatedAt: string | null;
  resolution: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  reopenCount: number;
  taskId: string | null;
  events: {
    at: string;
    kind: string;
    fromStatus: string | null;
    toStatus: string | null;
    note: string | null;
    user: string | null;
  }[];
};

export type ComplaintSummary = {
  id: string;
  number: number;
  status: ComplaintStatus;
  severity: Severity;
  category: string;
  subject: string;
  dealerCode: string;
  openedAt: string;
  dueAt: string;
  overdue: boolean;
};

export type NewComplaint = {
  customerId: string;
  dealerCode?: string;
  vehicleId?: string | null;
  channel: ComplaintChannel;
  category: ComplaintCategory;
  severity: Severity;
  subject: string;
  description?: string | null;
};

export type ComplaintQuery = {
  status?: ComplaintStatus;
  active?: 'true';
  overdue?: 'true';
  customerId?: string;
  severity?: Severity | null;
  category?: ComplaintCategory | null;
  number?: number | null;
  offset?: number;
};

export type ClaimsIndexRow = {
  dealerCode: string;
  month: string;
  complaints: number;
  visits: number;
  sales: number;
  perHundredVisits: number | null;
  perHundredSales: number | null;
};

const keys = {
  all: ['complaints'] as const,
  list: (query: ComplaintQuery) => ['complaints', 'list', query] as const,
  one: (id: string) => ['complaints', 'one', id] as const,
  claims: (from: string, to: string) => ['complaints', 'claims-index', from, to] as const,
};

export function useComplaints(query: ComplaintQuery) {
  return useQuery({
    queryKey: keys.list(query),
    queryFn: () => api.get<{ items: Complaint[]; total: number }>('/api/complaints', query),
  });
}

export function useComplaint(id: string | null) {
  return useQuery({
    queryKey: keys.one(id ?? ''),
    queryFn: () => api.get<Complaint>(`/api/complaints/${id}`),
    enabled: id !== null,
  });
}

export function useClaimsIndex(from: string, to: string, dealerCode: string | null = null) {
  return useQuery({
    queryKey: [...keys.claims(from, to), dealerCode],
    queryFn: () =>
      api.get<{ from: string; to: string; rows: ClaimsIndexRow[] }>(
        '/api/complaints/claims-index',
        { from, to, dealerCode },
      ),
  });
}

/** A complaint changes the 360 view and someone's tasks too. */
function useRefreshComplaints() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: keys.all }),
      client.invalidateQueries({ queryKey: queryKeys.customers }),
      client.invalidateQueries({ queryKey: queryKeys.tasks }),
    ]);
}

export function useOpenComplaint() {
  const refresh = useRefreshComplaints();
  return useMutation({
    mutationFn: (input: NewComplaint) =>
      api.post<{ id: string; number: number }>('/api/complaints', input),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useComplaintAction() {
  const refresh = useRefreshComplaints();
  return useMutation({
    mutationFn: (input: { id: string; action: ComplaintAction; note: string | null }) =>
      api.post<Complaint>(`/api/complaints/${input.id}/actions`, {
        action: input.action,
        note: input.note,
      }),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

/** Hands a complaint still handled to another user of its dealer; its task moves with it. */
export function useReassignComplaint() {
  const refresh = useRefreshComplaints();
  return useMutation({
    mutationFn: (input: { id: string; responsibleUserId: string; note: string | null }) =>
      api.put<Complaint>(`/api/complaints/${input.id}/responsible`, {
        responsibleUserId: input.responsibleUserId,
        note: input.note,
      }),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export type ComplaintSla = { severity: Severity; resolveHours: number }[];

export function useComplaintSla() {
  return useQuery({
    queryKey: [...keys.all, 'sla'],
    queryFn: () => api.get<ComplaintSla>('/api/complaints/sla'),
  });
}

/** Changes one severity's hours; complaints already open keep their due time. */
export function useSetComplaintSla() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { severity: Severity; resolveHours: number }) =>
      api.put<ComplaintSla>(`/api/complaints/sla/${input.severity}`, {
        resolveHours: input.resolveHours,
      }),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: [...keys.all, 'sla'] }),
  });
}
