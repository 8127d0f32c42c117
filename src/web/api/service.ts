import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LineKind, Payer, ReceptionCheck, VisitType } from '../../modules/service/schema.ts';
import { api } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { CustomerVerification } from './types.ts';

export type VisitLine = {
  lineNo: number;
  kind: LineKind;
  code: string | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  amountMinor: number;
};

export type ServiceVisit = {
  id: string;
  vehicle: { id: string; vin: string | null; makeName: string; modelName: string | null };
  customer: { id: string; displayName: string };
  dealerCode: string;
  visitDate: string;
  mileageKm: number | null;
  visitType: VisitType;
  paidBy: Payer;
  orderNumber: string | null;
  advisor: { id: string; name: string } | null;
  totalMinor: number;
  labourMinor: number;
  partsMinor: number;
  currency: string;
  description: string | null;
  lines: VisitLine[];
  followUp: {
    taskId: string | null;
    dueAt: string;
    csiScore: number | null;
    comment: string | null;
    completedAt: string | null;
  } | null;
};

export type NewVisitLine = {
  kind: LineKind;
  code?: string | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
};

export type NewVisit = {
  vehicleId: string;
  dealerCode?: string;
  visitDate: string;
  mileageKm?: number | null;
  visitType: VisitType;
  paidBy?: Payer;
  orderNumber?: string | null;
  description?: string | null;
  lines: NewVisitLine[];
  totalMinor?: number;
  recallCampaignId?: string | null;
  dataConfirmed?: boolean;
  confirmedChecks?: ReceptionCheck[];
};

/** The car's owner at the reception desk and his last data verification. */
export type ReceptionOwner = {
  customerId: string | null;
  verification: CustomerVerification | null;
};

export type ServiceDue = {
  vehicleId: string;
  intervalKm: number;
  intervalMonths: number;
  base: { kind: 'maintenance' | 'purchase' | 'registration'; date: string; km: number | null };
  lastReading: { date: string; km: number } | null;
  readingCount: number;
  dailyKm: number;
  dailyKmSource: 'readings' | 'default';
  dueByKm: string | null;
  dueByTime: string;
  dueDate: string;
  dueBy: 'km' | 'time';
  overdue: boolean;
};

const keys = {
  visits: ['service-visits'] as const,
  vehicleVisits: (vehicleId: string) => ['service-visits', 'vehicle', vehicleId] as const,
  due: (vehicleId: string) => ['service-due', vehicleId] as const,
  owner: (vehicleId: string) => ['service-owner-verification', vehicleId] as const,
};

export function useVehicleVisits(vehicleId: string) {
  return useQuery({
    queryKey: keys.vehicleVisits(vehicleId),
    queryFn: () =>
      api.get<{ items: ServiceVisit[]; total: number }>('/api/service/visits', {
        vehicleId,
        limit: 200,
      }),
  });
}

export type VisitListQuery = {
  dealerCode?: string | null;
  visitType?: VisitType | null;
  from?: string | null;
  to?: string | null;
  limit: number;
  offset: number;
};

export type VisitList = {
  items: ServiceVisit[];
  total: number;
  /** the follow-up calls' CSI of every matching visit, not only of the page */
  csi: { scored: number; average: number | null };
};

/** The repair orders of the user's dealers, newest first, filtered. */
export function useVisitList(query: VisitListQuery) {
  return useQuery({
    queryKey: [...keys.visits, 'list', query],
    queryFn: () => api.get<VisitList>('/api/service/visits', query),
  });
}

export function useServiceDue(vehicleId: string) {
  return useQuery({
    queryKey: keys.due(vehicleId),
    queryFn: () => api.get<ServiceDue | null>(`/api/service/vehicles/${vehicleId}/due`),
  });
}

export function useReceptionOwner(vehicleId: string) {
  return useQuery({
    queryKey: keys.owner(vehicleId),
    queryFn: () => api.get<ReceptionOwner>(`/api/service/vehicles/${vehicleId}/owner-verification`),
  });
}

/** A visit changes the vehicle page, the due date, the 360 view and the advisor's tasks. */
export function useRefreshService() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: keys.visits }),
      client.invalidateQueries({ queryKey: ['service-due'] }),
      client.invalidateQueries({ queryKey: ['service-recalls'] }),
      client.invalidateQueries({ queryKey: ['service-owner-verification'] }),
      client.invalidateQueries({ queryKey: ['vehicles'] }),
      client.invalidateQueries({ queryKey: queryKeys.customers }),
      client.invalidateQueries({ queryKey: queryKeys.tasks }),
    ]);
}

export function useRecordVisit() {
  const refresh = useRefreshService();
  return useMutation({
    mutationFn: (input: NewVisit) =>
      api.post<{ id: string; followUpTaskId: string | null }>('/api/service/visits', input),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useCompleteFollowUp() {
  const refresh = useRefreshService();
  return useMutation({
    mutationFn: (input: { visitId: string; csiScore: number; comment: string | null }) =>
      api.post<undefined>(`/api/service/visits/${input.visitId}/follow-up`, {
        csiScore: input.csiScore,
        comment: input.comment,
      }),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export type VehicleRecall = {
  campaignId: string;
  code: string;
  title: string;
  description: string | null;
  startsOn: string;
  status: 'open' | 'done';
  closedAt: string | null;
  closedVisitId: string | null;
};

export type RecallCampaign = {
  id: string;
  code: string;
  title: string;
  description: string | null;
  startsOn: string;
  status: 'active' | 'closed';
  vehicles: number;
  open: number;
  done: number;
};

export type VinReport = {
  added: number;
  alreadyListed: number;
  rejected: { line: number; value: string; reason: string }[];
};

export function useVehicleRecalls(vehicleId: string) {
  return useQuery({
    queryKey: ['service-recalls', vehicleId],
    queryFn: () => api.get<VehicleRecall[]>(`/api/service/vehicles/${vehicleId}/recalls`),
  });
}

export function useRecallCampaigns() {
  return useQuery({
    queryKey: ['recalls'],
    queryFn: () => api.get<RecallCampaign[]>('/api/recalls'),
  });
}

export function useCreateRecall() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      code: string;
      title: string;
      description: string | null;
      startsOn: string;
    }) => api.post<{ id: string }>('/api/recalls', input),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: ['recalls'] }),
  });
}

export function useUploadRecallVins() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { campaignId: string; fileName: string; contentBase64: string }) =>
      api.post<VinReport>(`/api/recalls/${input.campaignId}/vins`, {
        fileName: input.fileName,
        contentBase64: input.contentBase64,
      }),
    meta: { handlesErrors: true },
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['recalls'] }),
        client.invalidateQueries({ queryKey: ['service-recalls'] }),
      ]),
  });
}

/** The after-service call behind a task: the task's completion form then asks for the CSI. */
export function useFollowUpOfTask(taskId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['service-follow-up-of-task', taskId] as const,
    queryFn: () =>
      api.get<{ items: { visitId: string; csiScore: number | null }[] }>(
        '/api/service/follow-ups',
        { taskId },
      ),
    enabled,
    select: (answer) => answer.items[0] ?? null,
  });
}

export type ServiceIntervalRow = {
  modelId: string | null;
  makeName: string | null;
  modelName: string | null;
  intervalKm: number;
  intervalMonths: number;
};

export function useServiceIntervals() {
  return useQuery({
    queryKey: ['service-intervals'] as const,
    queryFn: () => api.get<ServiceIntervalRow[]>('/api/service/intervals'),
  });
}

/** Sets a model's interval ("default" for models not listed); due dates follow at once. */
export function useSetServiceInterval() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { modelId: string | null; intervalKm: number; intervalMonths: number }) =>
      api.put<undefined>(`/api/service/intervals/${input.modelId ?? 'default'}`, {
        intervalKm: input.intervalKm,
        intervalMonths: input.intervalMonths,
      }),
    meta: { handlesErrors: true },
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['service-intervals'] }),
        client.invalidateQueries({ queryKey: ['service-due'] }),
      ]),
  });
}

/** Group-wide after-sales settings (GET for everyone, PATCH for service:manage). */
export type ServiceSettings = {
  followUpDelayDays: number;
  defaultDailyKm: number;
  reminderLeadDays: number;
};

export function useServiceSettings() {
  return useQuery({
    queryKey: ['service-settings'],
    queryFn: () => api.get<ServiceSettings>('/api/service/settings'),
  });
}

export function useUpdateServiceSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<ServiceSettings>) =>
      api.patch<ServiceSettings>('/api/service/settings', input),
    meta: { handlesErrors: true },
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['service-settings'] }),
        // the default km per day moves the due dates of cars without readings
        client.invalidateQueries({ queryKey: ['service-due'] }),
      ]),
  });
}
