import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Definition,
  Goal,
  JourneyBody,
  Step,
  Trigger,
} from '../../modules/journeys/journey.schemas.ts';
import type { JourneyTotals, StepStats } from '../../modules/journeys/journeys.service.ts';
import { api } from './client.ts';

// The journey as the API answers it: the server's own types, dates as ISO text.
export type { Definition, Goal, Step, StepStats, Trigger };
/** What the editor holds and saves: a journey's settings and steps, defaults filled in. */
export type JourneyInput = JourneyBody;

export type JourneySummary = {
  id: string;
  name: string;
  description: string | null;
  ownerLevel: 'group' | 'brand' | 'dealer';
  brandId: string | null;
  dealerId: string | null;
  templateKey: string | null;
  trigger: Trigger;
  reentry: 'once' | 'every';
  reentryDays: number | null;
  goal: Goal | null;
  defaultLanguage: 'en' | 'ru' | 'zh';
  enabled: boolean;
  enabledAt: string | null;
  createdAt: string;
  updatedAt: string;
  totals: JourneyTotals;
};

export type Journey = JourneySummary & { definition: Definition; steps: StepStats[] };

const keys = {
  all: ['journeys'] as const,
  one: (id: string) => ['journeys', id] as const,
  readyMade: ['journeys', 'ready-made'] as const,
};

export function useJourneys() {
  return useQuery({
    queryKey: keys.all,
    queryFn: async () => (await api.get<{ items: JourneySummary[] }>('/api/journeys')).items,
  });
}

export function useJourney(id: string | undefined) {
  return useQuery({
    queryKey: keys.one(id ?? ''),
    queryFn: () => api.get<Journey>(`/api/journeys/${id}`),
    enabled: !!id,
  });
}

export function useReadyMadeJourneys() {
  return useQuery({
    queryKey: keys.readyMade,
    queryFn: async () =>
      (await api.get<{ items: { key: string; body: JourneyInput }[] }>('/api/journeys/ready-made'))
        .items,
  });
}

export function useSaveJourney(id: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: JourneyInput) =>
      id
        ? api.patch<Journey>(`/api/journeys/${id}`, body)
        : api.post<Journey>('/api/journeys', body),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  });
}

export function useSetJourneyEnabled() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      api.post<Journey>(`/api/journeys/${id}/${enabled ? 'enable' : 'disable'}`, {}),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  });
}

export type EnrollmentStatus = 'active' | 'completed' | 'exited' | 'converted';

export type JourneyPerson = {
  enrollmentId: string;
  customerId: string;
  displayName: string;
  dealerCode: string | null;
  status: EnrollmentStatus;
  stepId: string | null;
  waiting: boolean;
  wakeAt: string | null;
  exitReason: string | null;
  enteredAt: string;
  finishedAt: string | null;
  lastStep: { stepId: string; outcome: string; at: string } | null;
};

/** total: on the first page only */
type PeoplePage = { items: JourneyPerson[]; total: number | null; totalCapped: boolean };

/** The people in a journey, a page of 50 at a time, newest entry first. */
export function useJourneyPeople(
  id: string,
  filter: { status: EnrollmentStatus | null; stepId: string | null },
) {
  return useInfiniteQuery({
    queryKey: [...keys.one(id), 'people', filter] as const,
    initialPageParam: null as JourneyPerson | null,
    queryFn: ({ pageParam }) =>
      api.get<PeoplePage>(`/api/journeys/${id}/people`, {
        status: filter.status ?? undefined,
        stepId: filter.stepId ?? undefined,
        afterEnteredAt: pageParam?.enteredAt,
        afterId: pageParam?.enrollmentId,
        limit: 50,
      }),
    getNextPageParam: (last) => (last.items.length === 50 ? last.items.at(-1)! : null),
  });
}
