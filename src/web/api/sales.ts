import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OrderStatus, PeriodKind } from '../../modules/sales/schema.ts';
import { api } from './client.ts';
import { queryKeys } from './query-keys.ts';

export type Order = {
  id: string;
  status: OrderStatus;
  customer: { id: string; displayName: string; kind: 'person' | 'company' };
  dealerCode: string;
  leadId: string | null;
  consultant: { id: string; name: string } | null;
  model: { id: string; makeName: string; modelName: string; series: string | null };
  trim: { id: string; name: string } | null;
  colour: string | null;
  price: {
    currency: string;
    listMinor: number;
    discountMinor: number;
    agreementDiscountMinor: number;
    finalMinor: number;
  };
  agreementId: string | null;
  tradeIn: {
    vin: string | null;
    make: string;
    model: string | null;
    year: number | null;
    mileageKm: number | null;
    appraisalMinor: number | null;
    vehicleId: string | null;
  } | null;
  plannedDeliveryDate: string | null;
  vehicleId: string | null;
  cancelReason: string | null;
  createdAt: string;
  confirmedAt: string | null;
  deliveredOn: string | null;
  cancelledAt: string | null;
};

export type TradeInInput = {
  vin?: string | null;
  make: string;
  model?: string | null;
  year?: number | null;
  mileageKm?: number | null;
  appraisalMinor?: number | null;
};

export type NewOrder = {
  customerId: string;
  dealerCode?: string;
  modelId: string;
  trimId?: string | null;
  colour?: string | null;
  listPriceMinor?: number;
  discountMinor?: number;
  tradeIn?: TradeInInput | null;
  plannedDeliveryDate?: string | null;
};

export type PriceList = {
  modelId: string;
  makeName: string;
  modelName: string;
  series: string | null;
  trims: { id: string; name: string; basePriceMinor: number | null; currency: string | null }[];
  colours: { code: string; name: string }[];
};

export type CatalogMakes = {
  makes: {
    id: string;
    name: string;
    brandId: string | null;
    models: { id: string; name: string; series: string | null }[];
  }[];
};

export type Tier = { minVehicles: number; discountBp: number };

export type Agreement = {
  id: string;
  company: { id: string; displayName: string; categories: string[] };
  year: number;
  note: string | null;
  tiers: Tier[];
  volume: number;
  currentTier: Tier | null;
  customerStatus: 'new' | 'existing';
};

export type ConquestPlanSummary = {
  id: string;
  dealerCode: string;
  periodKind: PeriodKind;
  periodStart: string;
  periodEnd: string;
  targetUnits: number;
};

export type ConquestPlan = ConquestPlanSummary & {
  today: string;
  historyFrom: string;
  historyTo: string;
  daysInPeriod: number;
  daysElapsed: number;
  noHistory: boolean;
  series: { series: string; targetUnits: number; unitsDueToDate: number; actualUnits: number }[];
  channels: {
    source: string;
    historicalLeads: number;
    historicalDelivered: number;
    conversionRate: number | null;
    expectedUnits: number;
    prospectsNeeded: number | null;
    prospectsDueToDate: number | null;
    actualProspects: number;
  }[];
  totals: {
    targetUnits: number;
    actualUnits: number;
    prospectsNeeded: number;
    actualProspects: number;
  };
};

const keys = {
  orders: ['orders'] as const,
  orderList: (query: Record<string, string | number | undefined>) =>
    ['orders', 'list', query] as const,
  order: (id: string) => ['orders', 'one', id] as const,
  priceList: (modelId: string) => ['price-list', modelId] as const,
  catalog: ['catalog'] as const,
  agreements: ['agreements'] as const,
  plans: ['conquest-plans'] as const,
  plan: (id: string) => ['conquest-plans', id] as const,
};

export function useOrders(query: { customerId?: string; status?: OrderStatus; offset?: number }) {
  return useQuery({
    queryKey: keys.orderList(query),
    queryFn: () => api.get<{ items: Order[]; total: number }>('/api/orders', query),
  });
}

export function useOrder(id: string) {
  return useQuery({
    queryKey: keys.order(id),
    queryFn: () => api.get<Order>(`/api/orders/${id}`),
  });
}

export function useCatalog() {
  return useQuery({
    queryKey: keys.catalog,
    queryFn: () => api.get<CatalogMakes>('/api/catalog'),
    staleTime: 30 * 60_000,
  });
}

export function usePriceList(modelId: string | null) {
  return useQuery({
    queryKey: keys.priceList(modelId ?? ''),
    queryFn: () => api.get<PriceList>('/api/price-list', { modelId }),
    enabled: modelId !== null,
    staleTime: 30 * 60_000,
  });
}

/** An order changes the customer's 360 view too (stage, vehicles, timeline). */
function useRefreshOrders() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: keys.orders }),
      client.invalidateQueries({ queryKey: keys.agreements }),
      client.invalidateQueries({ queryKey: queryKeys.customers }),
    ]);
}

export function useCreateOrder() {
  const refresh = useRefreshOrders();
  return useMutation({
    mutationFn: (input: NewOrder) => api.post<{ id: string }>('/api/orders', input),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useConfirmOrder() {
  const refresh = useRefreshOrders();
  return useMutation({
    mutationFn: (id: string) => api.patch<undefined>(`/api/orders/${id}`, { status: 'confirmed' }),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useDeliverOrder() {
  const refresh = useRefreshOrders();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; vin: string; plate?: string | null }) =>
      api.post<{ vehicleId: string; tradeInVehicleId: string | null; warnings: string[] }>(
        `/api/orders/${id}/deliver`,
        body,
      ),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useCancelOrder() {
  const refresh = useRefreshOrders();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api.post<undefined>(`/api/orders/${id}/cancel`, { reason }),
    meta: { handlesErrors: true },
    onSuccess: refresh,
  });
}

export function useAgreements() {
  return useQuery({
    queryKey: keys.agreements,
    queryFn: () => api.get<{ items: Agreement[] }>('/api/agreements'),
    select: (page) => page.items,
  });
}

export function useSaveAgreement() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { companyId: string; year: number; tiers: Tier[]; note?: string | null }) =>
      api.post<{ id: string }>('/api/agreements', input),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: keys.agreements }),
  });
}

/** The leads module's channel names, to label a plan's channels in the user's language. */
export function useChannelNames() {
  return useQuery({
    queryKey: ['lead-sources'],
    queryFn: () =>
      api.get<{ items: { key: string; names: { en: string; ru: string; zh: string } }[] }>(
        '/api/lead-sources',
      ),
    staleTime: 30 * 60_000,
    select: (page) => new Map(page.items.map((source) => [source.key, source.names])),
  });
}

export function useConquestPlans() {
  return useQuery({
    queryKey: keys.plans,
    queryFn: () => api.get<{ items: ConquestPlanSummary[] }>('/api/conquest-plans'),
    select: (page) => page.items,
  });
}

export function useConquestPlan(id: string) {
  return useQuery({
    queryKey: keys.plan(id),
    queryFn: () => api.get<ConquestPlan>(`/api/conquest-plans/${id}`),
    refetchInterval: 10 * 60_000,
  });
}

export function useSaveConquestPlan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      dealerCode?: string;
      periodKind: PeriodKind;
      periodStart: string;
      targets: { series: string; targetUnits: number }[];
    }) => api.post<{ id: string }>('/api/conquest-plans', input),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: keys.plans }),
  });
}
