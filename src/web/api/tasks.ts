import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { MyDay, NewActivity, NewTask, TaskCompletion } from './types.ts';

export function useMyDay() {
  return useQuery({
    queryKey: queryKeys.myDay,
    queryFn: () => api.get<MyDay>('/api/tasks/my-day'),
    refetchInterval: 5 * 60_000,
  });
}

/** After any contact or task change the 360 pages and task lists may all be stale. */
function useRefreshWork() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: queryKeys.customers }),
      client.invalidateQueries({ queryKey: queryKeys.tasks }),
    ]);
}

export function useLogActivity() {
  const refresh = useRefreshWork();
  return useMutation({
    mutationFn: (input: NewActivity) => api.post<{ id: string }>('/api/activities', input),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useCreateTask() {
  const refresh = useRefreshWork();
  return useMutation({
    mutationFn: (input: NewTask) => api.post<{ id: string }>('/api/tasks', input),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useCompleteTask() {
  const refresh = useRefreshWork();
  return useMutation({
    mutationFn: ({ id, ...completion }: TaskCompletion & { id: string }) =>
      api.post<{ nextTaskId: string | null }>(`/api/tasks/${id}/complete`, completion),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}
