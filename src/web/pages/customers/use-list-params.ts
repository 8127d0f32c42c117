import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { customerKinds, lifecycleStages } from '../../../modules/customers/vocabulary.ts';
import type { CustomerListQuery, CustomerSort } from '../../api/types.ts';

export const pageSizes = [25, 50, 100] as const;
const sorts: readonly CustomerSort[] = [
  'name',
  '-name',
  'created',
  '-created',
  'updated',
  '-updated',
];

export type ListParams = {
  q: string;
  kind: CustomerListQuery['kind'];
  stage: CustomerListQuery['stage'];
  dealer: string | undefined;
  mine: boolean;
  sort: CustomerSort | undefined;
  page: number;
  size: number;
};

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((candidate) => candidate === value);
}

/**
 * The list's search, filters, sort and page live in the URL (?q=&stage=&page=...), so a
 * link can be shared and Back returns to the same page.
 */
export function useListParams() {
  const [search, setSearch] = useSearchParams();

  const params: ListParams = useMemo(() => {
    const page = Number(search.get('page'));
    const size = Number(search.get('size'));
    return {
      q: search.get('q') ?? '',
      kind: pick(search.get('kind'), customerKinds),
      stage: pick(search.get('stage'), lifecycleStages),
      dealer: search.get('dealer') || undefined,
      mine: search.get('mine') === '1',
      sort: pick(search.get('sort'), sorts),
      page: Number.isInteger(page) && page > 0 ? page : 1,
      size: pageSizes.find((allowed) => allowed === size) ?? 50,
    };
  }, [search]);

  /** Any change but paging itself starts again from page 1. */
  const update = useCallback(
    (changes: Partial<ListParams>, options: { replace?: boolean } = {}) => {
      setSearch(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === '' || value === false) next.delete(key);
            else next.set(key, value === true ? '1' : String(value));
          }
          if (!('page' in changes)) next.delete('page');
          if (next.get('page') === '1') next.delete('page');
          if (next.get('size') === '50') next.delete('size');
          return next;
        },
        { replace: options.replace ?? false },
      );
    },
    [setSearch],
  );

  const query: CustomerListQuery = useMemo(
    () => ({
      search: params.q.trim() || undefined,
      kind: params.kind,
      stage: params.stage,
      dealerCode: params.dealer,
      assigned: params.mine ? 'me' : undefined,
      sort: params.sort,
      limit: params.size,
      offset: (params.page - 1) * params.size,
    }),
    [params],
  );

  const filtered = Boolean(params.q || params.kind || params.stage || params.dealer || params.mine);
  return { params, query, update, filtered };
}
