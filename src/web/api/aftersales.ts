import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LapsedTasksAnswer } from '../../modules/service/lapsed-tasks.service.ts';
import type { LapsedOwner, Retention } from '../../modules/service/retention.service.ts';
import type {
  NewServiceCall,
  ServiceCallView,
} from '../../modules/service/service-calls.schemas.ts';
import type { LifecycleEventType } from '../../modules/service/schema.ts';
import { api, withQuery } from './client.ts';
import { queryKeys } from './query-keys.ts';

export type { LapsedOwner, LapsedTasksAnswer, Retention, ServiceCallView, LifecycleEventType };
/** The form's input: the server fills the defaults (channel, time of the call). */
export type ServiceCallInput = Omit<NewServiceCall, 'channel'> & {
  channel?: NewServiceCall['channel'];
};

export type LifecycleEvent = {
  id: string;
  type: LifecycleEventType;
  customerId: string;
  customerName: string | null;
  vehicleId: string | null;
  dealerId: string | null;
  dueDate: string;
  payload: Record<string, unknown>;
  emittedAt: string | null;
  skippedReason: string | null;
  taskId: string | null;
};

export type UpcomingCareEvent = {
  type: LifecycleEventType;
  vehicleId: string | null;
  vehicleName: string | null;
  dueDate: string;
  payload: Record<string, unknown>;
  planned: boolean;
};

export type LifecycleRule = {
  eventType: LifecycleEventType;
  enabled: boolean;
  assigneeRole: string;
  taskKind: string;
  priority: string;
  title: string;
};

export type LapsedQuery = { asOf?: string; dealerCode?: string; limit: number; offset: number };

const keys = {
  lapsed: (query: LapsedQuery) => ['lapsed-owners', query] as const,
  retention: (asOf: string | undefined) => ['service-retention', asOf] as const,
  calls: (customerId: string) => ['service-calls', customerId] as const,
  events: (query: object) => ['lifecycle-events', query] as const,
  upcoming: (customerId: string) => ['lifecycle-events', 'upcoming', customerId] as const,
  rules: ['lifecycle-rules'] as const,
};

export function useLapsedOwners(query: LapsedQuery) {
  return useQuery({
    queryKey: keys.lapsed(query),
    queryFn: () =>
      api.get<{ items: LapsedOwner[]; total: number }>('/api/service/lapsed-owners', query),
  });
}

export function useRetention(asOf: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: keys.retention(asOf),
    queryFn: () => api.get<Retention>('/api/service/retention', { asOf }),
    enabled,
  });
}

/** The per-dealer retention figures as a file (the figures the page shows: every dealer). */
export function retentionExportUrl(asOf: string | undefined, format: 'csv' | 'xlsx'): string {
  return withQuery('/api/service/retention/export', { asOf, format });
}

/** The whole lapsed-owner worklist as a file, with the page's filters. */
export function lapsedOwnersExportUrl(
  query: { asOf?: string | undefined; dealerCode?: string | undefined },
  format: 'csv' | 'xlsx',
): string {
  return withQuery('/api/service/lapsed-owners/export', { ...query, format });
}

export function useCreateLapsedTasks() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      customerIds: string[];
      dueAt: string;
      assigneeUserId?: string;
      asOf?: string;
    }) => api.post<LapsedTasksAnswer>('/api/service/lapsed-owners/tasks', input),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.tasks }),
  });
}

export function useServiceCalls(customerId: string) {
  return useQuery({
    queryKey: keys.calls(customerId),
    queryFn: () =>
      api.get<{ items: ServiceCallView[] }>('/api/service/calls', { customerId, limit: 50 }),
    select: (answer) => answer.items,
  });
}

/** A call shows in the calls card, the 360 timeline and (through its event) the care card. */
export function useLogServiceCall() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ServiceCallInput) =>
      api.post<{ id: string; eventId: string | null }>('/api/service/calls', input),
    meta: { handlesErrors: true },
    onSuccess: (_answer, input) =>
      Promise.all([
        client.invalidateQueries({ queryKey: keys.calls(input.customerId) }),
        client.invalidateQueries({ queryKey: queryKeys.customer(input.customerId) }),
        client.invalidateQueries({ queryKey: ['lifecycle-events'] }),
      ]),
  });
}

export function useLifecycleEvents(query: {
  type?: LifecycleEventType | undefined;
  limit: number;
  offset: number;
}) {
  return useQuery({
    queryKey: keys.events(query),
    queryFn: () => api.get<{ items: LifecycleEvent[] }>('/api/lifecycle/events', query),
  });
}

export function useUpcomingCareEvents(customerId: string) {
  return useQuery({
    queryKey: keys.upcoming(customerId),
    queryFn: () =>
      api.get<{ items: UpcomingCareEvent[] }>(`/api/customers/${customerId}/care-events`),
    select: (answer) => answer.items,
  });
}

export function useLifecycleRules() {
  return useQuery({
    queryKey: keys.rules,
    queryFn: () => api.get<LifecycleRule[]>('/api/lifecycle/rules'),
    staleTime: 10 * 60_000,
  });
}

export function useRunLifecycle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.post<{ planned: number; emitted: number; skipped: number }>('/api/lifecycle/run', {}),
    meta: { handlesErrors: true },
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['lifecycle-events'] }),
        client.invalidateQueries({ queryKey: queryKeys.tasks }),
      ]),
  });
}
