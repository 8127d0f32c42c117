import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CostOwnerLevel } from '../../modules/leads/schema.ts';
import { api, request } from './client.ts';

/** One lead source's cost for a month and owner (GET /api/lead-source-costs). */
export type SourceCost = {
  id: string;
  sourceKey: string;
  month: string;
  ownerLevel: CostOwnerLevel;
  brandCode: string | null;
  dealerCode: string | null;
  amountMinor: number;
  /** a multi-brand dealer's cost for all its brands: amountMinor is the reader's brand's part */
  brandPart: boolean;
  currency: string;
  note: string | null;
  enteredBy: string | null;
  enteredAt: string;
};

export type SourceCostOwner = {
  ownerLevel: CostOwnerLevel;
  brandCode?: string;
  dealerCode?: string;
};

export type SourceCostInput = SourceCostOwner & {
  sourceKey: string;
  month: string;
  amountMinor: number;
  currency: string;
  note?: string;
};

const all = ['lead-source-costs'] as const;

/** The owner's costs of one calendar year. */
export function useSourceCosts(year: number, owner: SourceCostOwner | null) {
  return useQuery({
    queryKey: [...all, year, owner],
    queryFn: () =>
      api.get<{ items: SourceCost[] }>('/api/lead-source-costs', {
        from: `${year}-01-01`,
        to: `${year}-12-01`,
        ...owner,
      }),
    enabled: owner !== null,
    select: (answer) => answer.items,
  });
}

export function useSaveSourceCost() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SourceCostInput) => api.put<SourceCost>('/api/lead-source-costs', input),
    onSettled: () => client.invalidateQueries({ queryKey: all }),
  });
}

export function useDeleteSourceCost() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request<undefined>('DELETE', `/api/lead-source-costs/${id}`),
    onSettled: () => client.invalidateQueries({ queryKey: all }),
  });
}
