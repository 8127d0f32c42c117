import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { StockArrivalInput } from '../../modules/sales/stock-arrival.schemas.ts';
import { api } from './client.ts';

/** A car that arrived in a dealer's stock; it starts the "model arrived" journeys. */
export type StockArrival = {
  id: string;
  dealerCode: string;
  make: string;
  model: string;
  trim: string | null;
  vin: string | null;
  arrivedAt: string;
  createdAt: string;
};

const keys = { arrivals: ['stock-arrivals'] as const };

export function useStockArrivals() {
  return useQuery({
    queryKey: keys.arrivals,
    queryFn: () => api.get<{ items: StockArrival[] }>('/api/stock-arrivals', { limit: 100 }),
  });
}

export function useRecordStockArrival() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: StockArrivalInput) => api.post<StockArrival>('/api/stock-arrivals', input),
    meta: { handlesErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: keys.arrivals }),
  });
}
