import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OfferBody } from '../../modules/marketing/offers.schemas.ts';
import type { OfferView } from '../../modules/marketing/offers.service.ts';
import { api } from './client.ts';

/** An offer of the catalogue as the server answers it (offers.service.ts). */
export type Offer = OfferView;
/** What the offers page sends: the whole offer (POST and PUT). */
export type OfferInput = Omit<OfferBody, 'priority' | 'active'> & {
  priority?: number;
  active?: boolean;
};

const offersKey = ['marketing', 'offers'] as const;

export function useOffers() {
  return useQuery({
    queryKey: offersKey,
    queryFn: async () => (await api.get<{ items: Offer[] }>('/api/marketing/offers')).items,
  });
}

/** Creates an offer, or changes one when an id is given. */
export function useSaveOffer(id: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: OfferInput) =>
      id
        ? api.put<Offer>(`/api/marketing/offers/${id}`, body)
        : api.post<Offer>('/api/marketing/offers', body),
    onSuccess: () => client.invalidateQueries({ queryKey: offersKey }),
  });
}
