import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import { splitAmount } from '../../lib/split-amount.ts';

/** One dealer cost row named for no brand, and one brand's part of it. */
export type BrandShare = {
  id: string;
  sourceKey: string;
  currency: string;
  amountMinor: number;
  /** how many brands the dealer sells: with one, the part is the whole row */
  brands: number;
};

/**
 * The brand's part of the dealer costs named for no brand (rows of lead_source_costs aliased `c`
 * passing `conditions`), of dealers selling it. Each such row is split over every brand its
 * dealer sells in proportion to the dealer's new leads of that source and brand in the row's
 * month (created_at, as the channel analysis counts new prospects; UTC months); with none,
 * evenly. The split of a row does not depend on who asks or on the filter, so the brands' parts
 * always add up to the row (splitAmount). Used by the brand filter of the totals and for what a
 * brand-level actor is shown of such a row.
 */
export async function brandShares(
  db: Db,
  conditions: RawBuilder<unknown>[],
  brandId: string,
): Promise<BrandShare[]> {
  const rows = await sql<{
    id: string;
    source_key: string;
    currency: string;
    amount_minor: string;
    brand_id: string;
    leads: number;
  }>`
    select c.id, c.source_key, c.currency, c.amount_minor::text as amount_minor, b.brand_id,
           (select count(*)::int from leads l
             where l.dealer_id = c.dealer_id and l.brand_id = b.brand_id
               and l.source_key = c.source_key
               and l.created_at >= c.month::timestamp at time zone 'UTC'
               and l.created_at < (c.month + interval '1 month') at time zone 'UTC') as leads
      from lead_source_costs c
      join dealer_brands b on b.dealer_id = c.dealer_id
     where ${sql.join(conditions, sql` and `)}
       and c.owner_level = 'dealer' and c.brand_id is null
       and exists (select 1 from dealer_brands sb
                    where sb.dealer_id = c.dealer_id and sb.brand_id = ${brandId})
     order by c.id, b.brand_id`.execute(db);
  const costs = new Map<string, { share: BrandShare; weights: [string, number][] }>();
  for (const row of rows.rows) {
    const cost = costs.get(row.id) ?? {
      share: {
        id: row.id,
        sourceKey: row.source_key,
        currency: row.currency,
        amountMinor: Number(row.amount_minor),
        brands: 0,
      },
      weights: [],
    };
    cost.weights.push([row.brand_id, Number(row.leads)]);
    costs.set(row.id, cost);
  }
  return [...costs.values()].map(({ share, weights }) => ({
    ...share,
    brands: weights.length,
    amountMinor: splitAmount(share.amountMinor, weights).get(brandId) ?? 0,
  }));
}
