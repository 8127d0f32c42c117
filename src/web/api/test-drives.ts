import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BookingStatus, BuyingIntent } from '../../modules/test-drives/schema.ts';
import { api } from './client.ts';
import { queryKeys } from './query-keys.ts';

export type FleetVehicle = {
  id: string;
  dealerCode: string;
  brandCode: string | null;
  model: string;
  vin: string;
  plate: string | null;
  active: boolean;
};

export type TestDriveBooking = {
  id: string;
  dealerCode: string;
  vehicle: { id: string; model: string; plate: string | null };
  consultant: { id: string; name: string };
  customer: { id: string; displayName: string } | null;
  leadId: string | null;
  startsAt: string;
  endsAt: string;
  status: BookingStatus;
  licence: { number: string; category: string | null; expiresOn: string | null } | null;
  note: string | null;
  cancelReason: string | null;
  feedback: {
    rating: number;
    liked: string | null;
    concerns: string | null;
    intentToBuy: BuyingIntent;
  } | null;
};

export type NewBooking = {
  customerId: string;
  leadId?: string;
  vehicleId: string;
  consultantUserId?: string;
  startsAt: string;
  endsAt: string;
  licence?: { number: string; category: string; expiresOn: string } | null;
  note?: string | null;
};

export type InvitationResult = {
  channel: 'email' | 'sms';
  messageId: string;
  status: 'queued' | 'blocked';
  reason: 'no_consent' | 'no_recipient' | 'invalid_recipient' | null;
};

export type TestDriveFeedback = {
  rating: number;
  liked?: string | null;
  concerns?: string | null;
  intentToBuy: BuyingIntent;
};

const keys = {
  all: ['test-drives'] as const,
  fleet: (dealerCode: string | null) => ['test-drives', 'fleet', dealerCode] as const,
  calendar: (dealerCode: string | null, from: string, to: string) =>
    ['test-drives', 'calendar', dealerCode, from, to] as const,
  ofCustomer: (customerId: string) => ['test-drives', 'customer', customerId] as const,
};

export function useFleet(dealerCode: string | null, enabled = true) {
  return useQuery({
    queryKey: keys.fleet(dealerCode),
    queryFn: () => api.get<{ items: FleetVehicle[] }>('/api/test-drives/fleet', { dealerCode }),
    enabled,
    select: (answer) => answer.items,
  });
}

export function useTestDriveCalendar(dealerCode: string | null, from: string, to: string) {
  return useQuery({
    queryKey: keys.calendar(dealerCode, from, to),
    queryFn: () =>
      api.get<{ vehicles: FleetVehicle[]; bookings: TestDriveBooking[] }>(
        '/api/test-drives/calendar',
        { dealerCode, from, to },
      ),
    // a group or region user names the dealer; until the dealers are loaded there is none to ask for
    enabled: dealerCode !== null,
  });
}

export function useCustomerTestDrives(customerId: string) {
  return useQuery({
    queryKey: keys.ofCustomer(customerId),
    queryFn: () =>
      api.get<{ items: TestDriveBooking[] }>('/api/test-drives/bookings', { customerId }),
    select: (answer) => answer.items,
  });
}

/** Any booking change shows in calendars, the 360 card and (follow-ups) the task lists. */
function useRefresh() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: keys.all }),
      client.invalidateQueries({ queryKey: queryKeys.tasks }),
      client.invalidateQueries({ queryKey: queryKeys.customers }),
      client.invalidateQueries({ queryKey: queryKeys.leads }),
    ]);
}

export function useAddFleetVehicle() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: {
      dealerCode?: string;
      brandCode: string;
      model: string;
      vin: string;
      plate?: string | null;
    }) => api.post<{ id: string }>('/api/test-drives/fleet', input),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useBookTestDrive() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: NewBooking) => api.post<{ id: string }>('/api/test-drives/bookings', input),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useRecordAttendance() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, status }: { id: string; status: 'came' | 'no_show' }) =>
      api.post<{ taskId: string }>(`/api/test-drives/bookings/${id}/attendance`, { status }),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useRecordFeedback() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, ...feedback }: TestDriveFeedback & { id: string }) =>
      api.post<undefined>(`/api/test-drives/bookings/${id}/feedback`, feedback),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useInviteToTestDrive() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, channels }: { id: string; channels: ('email' | 'sms')[] }) =>
      api.post<{ items: InvitationResult[] }>(`/api/test-drives/bookings/${id}/invitations`, {
        channels,
      }),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useCancelTestDrive() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api.post<undefined>(`/api/test-drives/bookings/${id}/cancel`, { reason }),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useRescheduleTestDrive() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, ...times }: { id: string; startsAt: string; endsAt: string }) =>
      api.post<undefined>(`/api/test-drives/bookings/${id}/reschedule`, times),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export type TestDriveReport = {
  from: string;
  to: string;
  dealerCode: string;
  testDrivers: number;
  buyers: number;
  share: number;
};

/** Share of test-drivers who bought within 30 days; only for analytics readers. */
export function useTestDriveReport(
  dealerCode: string | null,
  from: string,
  to: string,
  enabled: boolean,
) {
  return useQuery({
    queryKey: [...keys.all, 'report', dealerCode, from, to],
    queryFn: () => api.get<TestDriveReport>('/api/test-drives/report', { dealerCode, from, to }),
    enabled: enabled && dealerCode !== null,
  });
}
