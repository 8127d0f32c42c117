import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QualificationField } from '../../modules/leads/qualification.ts';
import type { LeadChangesInput, NewLeadInput } from '../../modules/leads/leads.schemas.ts';
import type { LeadStage, LostReason, Temperature } from '../../modules/leads/schema.ts';
import { api } from './client.ts';
import type { PossibleDuplicate } from './quality.ts';
import { queryKeys } from './query-keys.ts';

export type Lead = {
  id: string;
  stage: LeadStage;
  temperature: Temperature;
  qualified: boolean;
  missing: QualificationField[];
  customer: { id: string; displayName: string; kind: 'person' | 'company'; phone: string | null };
  dealer: { id: string; code: string } | null;
  brandCode: string | null;
  assignee: { id: string; name: string } | null;
  source: string;
  campaign: string | null;
  utm: {
    source: string | null;
    medium: string | null;
    campaign: string | null;
    term: string | null;
    content: string | null;
  };
  interestType: string | null;
  intendedPurchaseDate: string | null;
  budget: { minor: number; currency: string | null } | null;
  colour: string | null;
  condition: 'new' | 'used' | null;
  promotions: string[];
  competitorModels: string[];
  currentCar: { make: string | null; model: string | null; year: number | null };
  lastContactResult: string | null;
  nextContactPlan: string | null;
  nextContactAt: string | null;
  firstResponseAt: string | null;
  lost: {
    reason: LostReason;
    competitorMake: string | null;
    competitorModel: string | null;
  } | null;
  vehicles: {
    make: string | null;
    model: string | null;
    year: number | null;
    trim: string | null;
    colour: string | null;
    condition: 'new' | 'used' | null;
  }[];
  requestedAt: string;
  stageChangedAt: string;
  createdAt: string;
  updatedAt: string;
};

export type LeadDetail = Lead & {
  history: {
    fromStage: LeadStage | null;
    toStage: LeadStage;
    note: string | null;
    user: string | null;
    at: string;
  }[];
  openTasks: { id: string; title: string; dueAt: string; purpose: string; overdue: boolean }[];
};

export type LeadSource = {
  key: string;
  names: { en: string; ru: string; zh: string };
  active: boolean;
};

export type LeadListQuery = {
  stage?: LeadStage | undefined;
  temperature?: Temperature | undefined;
  source?: string | undefined;
  dealerId?: string | undefined;
  assignee?: string | undefined;
  qualified?: 'true' | 'false' | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  campaign?: string | undefined;
  offset?: number;
  limit?: number;
};

export type BoardQuery = { dealerId?: string | undefined; assignee?: string | undefined };
export type Board = { columns: { stage: LeadStage; total: number; items: Lead[] }[] };

export type CaptureResult = {
  leadId: string;
  customerId: string;
  customerCreated: boolean;
  leadCreated: boolean;
  dealerId: string | null;
  assignedUserId: string | null;
};

export type ShowroomEntry = {
  mode: 'walk-in' | 'phone';
  name: string;
  phone: string;
  model?: string;
  source?: string;
};

/** A consultant's entry of a prospect (`POST /api/leads`): the person and what he wants. */
export type NewLead = NewLeadInput;

export type NewLeadResult = CaptureResult & { possibleDuplicates?: PossibleDuplicate[] };

export type StageMove = {
  stage: LeadStage;
  note?: string;
  lostReason?: LostReason;
  competitorMake?: string;
  competitorModel?: string;
};

export type LeadChanges = LeadChangesInput;

const keys = {
  all: queryKeys.leads,
  list: (query: LeadListQuery) => ['leads', 'list', query] as const,
  board: (query: BoardQuery) => ['leads', 'board', query] as const,
  one: (id: string) => ['leads', 'one', id] as const,
  sources: ['lead-sources'] as const,
};

export function useLeads(query: LeadListQuery) {
  return useQuery({
    queryKey: keys.list(query),
    queryFn: () => api.get<{ items: Lead[]; total: number }>('/api/leads', query),
  });
}

export function useLeadBoard(query: BoardQuery) {
  return useQuery({
    queryKey: keys.board(query),
    queryFn: () => api.get<Board>('/api/leads/board', query),
  });
}

export function useLead(id: string) {
  return useQuery({
    queryKey: keys.one(id),
    queryFn: () => api.get<LeadDetail>(`/api/leads/${id}`),
  });
}

export function useLeadSources() {
  return useQuery({
    queryKey: keys.sources,
    queryFn: () => api.get<{ items: LeadSource[] }>('/api/lead-sources'),
    staleTime: 5 * 60_000,
  });
}

export function useMoveLead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...move }: StageMove & { id: string }) =>
      api.post<LeadDetail>(`/api/leads/${id}/stage`, move),
    onSettled: () => client.invalidateQueries({ queryKey: keys.all }),
  });
}

export function useUpdateLead(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: LeadChanges) => api.patch<LeadDetail>(`/api/leads/${id}`, changes),
    onSuccess: (lead) => client.setQueryData(keys.one(id), lead),
    onSettled: () => client.invalidateQueries({ queryKey: keys.all }),
  });
}

export function useShowroomLog() {
  const client = useQueryClient();
  return useMutation({
    // the showroom log shows its own errors (a toast would say the refusal a second time)
    meta: { handlesErrors: true },
    mutationFn: (entry: ShowroomEntry) => api.post<NewLeadResult>('/api/leads/showroom', entry),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  });
}

export function useCreateLead() {
  const client = useQueryClient();
  return useMutation({
    // the entry form shows its errors (and the claim offer) itself
    meta: { handlesErrors: true },
    mutationFn: (lead: NewLead) => api.post<NewLeadResult>('/api/leads', lead),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  });
}

export type LeadTaskCompletion = {
  result: string;
  nextStep?: { title: string; dueAt: string };
};

export function useCompleteLeadTask(leadId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, ...completion }: LeadTaskCompletion & { taskId: string }) =>
      api.post<LeadDetail>(`/api/leads/${leadId}/tasks/${taskId}/complete`, completion),
    onSuccess: (lead) => client.setQueryData(keys.one(leadId), lead),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.all });
      void client.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}

export type LeadTransfer = { dealerCode: string; reason: string };

/** Hands the lead over to another dealer (audited on the server). */
export function useTransferLead(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (transfer: LeadTransfer) => api.post<null>(`/api/leads/${id}/transfer`, transfer),
    onSettled: () => client.invalidateQueries({ queryKey: keys.all }),
  });
}
