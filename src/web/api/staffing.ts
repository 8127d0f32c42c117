import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  StaffingAdvice,
  StaffingBand,
} from '../../modules/analytics/staffing/staffing-guide.ts';
import { api, withQuery } from './client.ts';

export type { StaffingAdvice, StaffingBand };

export function useStaffingGuide(annualTarget: number | null) {
  return useQuery({
    queryKey: ['analytics', 'staffing-guide', annualTarget] as const,
    queryFn: () =>
      api.get<{ bands: StaffingBand[]; advice: StaffingAdvice | null }>(
        withQuery('/api/analytics/staffing-guide', { annualTarget: annualTarget ?? undefined }),
      ),
    placeholderData: keepPreviousData,
    staleTime: 60 * 60_000,
  });
}
