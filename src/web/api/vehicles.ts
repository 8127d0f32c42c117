import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { VehicleView } from './types.ts';

export function useVehicle(id: string) {
  return useQuery({
    queryKey: queryKeys.vehicle(id),
    queryFn: () => api.get<VehicleView>(`/api/vehicles/${id}`),
  });
}
