import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Payer, VisitType } from '../../modules/service/schema.ts';
import { api } from './client.ts';
import { queryKeys } from './query-keys.ts';

export type VisitCorrection = {
  visitDate?: string;
  mileageKm?: number | null;
  visitType?: VisitType;
  paidBy?: Payer;
  description?: string | null;
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

/** A corrected or cancelled visit changes what a new visit does: the same screens refresh. */
function useRefresh() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['service-visits'] }),
      client.invalidateQueries({ queryKey: ['service-cancelled-visits'] }),
      client.invalidateQueries({ queryKey: ['service-due'] }),
      client.invalidateQueries({ queryKey: ['service-recalls'] }),
      client.invalidateQueries({ queryKey: ['vehicles'] }),
      client.invalidateQueries({ queryKey: queryKeys.customers }),
      client.invalidateQueries({ queryKey: queryKeys.tasks }),
    ]);
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
    queryKey: ['service-cancelled-visits', vehicleId] as const,
    queryFn: () =>
      api.get<{ items: CancelledVisit[] }>('/api/service/visits/cancelled', { vehicleId }),
    enabled,
  });
}
