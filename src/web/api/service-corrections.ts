import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LineKind, Payer, VisitType } from '../../modules/service/schema.ts';
import { api } from './client.ts';
import { useRefreshService } from './service.ts';

/** A line of the corrected repair order: with `lineNo` the recorded line, without a new one. */
export type CorrectedLine = {
  lineNo?: number;
  kind: LineKind;
  code: string | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
};

export type VisitCorrection = {
  visitDate?: string;
  mileageKm?: number | null;
  visitType?: VisitType;
  paidBy?: Payer;
  description?: string | null;
  lines?: CorrectedLine[];
  totalMinor?: number;
};

export type CancelledVisit = {
  id: string;
  vehicleId: string | null;
  customerId: string;
  dealerCode: string;
  visitDate: string;
  mileageKm: number | null;
  visitType: VisitType;
  orderNumber: string | null;
  totalMinor: number;
  currency: string;
  reason: string;
  cancelledAt: string;
  cancelledBy: string | null;
};

const cancelledKey = ['service-cancelled-visits'] as const;

/** A corrected or cancelled visit changes what a recorded one does, and the cancelled list. */
function useRefresh() {
  const client = useQueryClient();
  const refreshService = useRefreshService();
  return () =>
    Promise.all([refreshService(), client.invalidateQueries({ queryKey: cancelledKey })]);
}

export function useCorrectVisit() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { visitId: string; changes: VisitCorrection }) =>
      api.patch<undefined>(`/api/service/visits/${input.visitId}`, input.changes),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useCancelVisit() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { visitId: string; reason: string }) =>
      api.post<undefined>(`/api/service/visits/${input.visitId}/cancel`, {
        reason: input.reason,
      }),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

/** The car's cancelled visits, read only when the user asks to see them. */
export function useCancelledVisits(vehicleId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...cancelledKey, vehicleId] as const,
    queryFn: () =>
      api.get<{ items: CancelledVisit[] }>('/api/service/visits/cancelled', { vehicleId }),
    enabled,
  });
}
