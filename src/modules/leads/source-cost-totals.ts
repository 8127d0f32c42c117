import { sql, type RawBuilder } from 'kysely';
import { scopeBrandId, type Actor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { brandShares } from './source-cost-shares.ts';
import { sourceCostVisible } from './source-costs.service.ts';

/** Which costs a report counts: its period and the part of the group it looks at. */
export type SourceCostScope = {
  /** first and last day of the period (ISO dates); every month they touch counts whole */
  from: string;
  to: string;
  brandId?: string;
  regionId?: string;
  dealerId?: string;
};

/** One source's known cost in one currency (currencies are never added together). */
export type SourceCostTotal = { sourceKey: string; currency: string; amountMinor: number };

/**
 * The costs per source and currency that a report for the actor and scope counts. Only rows
 * the actor may see count (a dealer's view: his dealer's rows; the group view: every level). A
 * dealer or region filter narrows to the costs of the dealers in it; the group's costs count
 * only when nothing narrows the view. A brand filter counts the brand's own costs, a dealer's
 * costs named for that brand, and the brand's share of a dealer's costs named for no brand
 * (brandShares), so the brands of a dealer add up to its costs and nothing counts twice.
 * A brand-level actor (brand manager, brand analyst) always has his brand as the brand filter:
 * his dealers may sell other brands, whose costs or parts are not his; asking for another
 * brand counts nothing.
 */
export async function sourceCostTotals(
  db: Db,
  actor: Actor,
  scope: SourceCostScope,
): Promise<SourceCostTotal[]> {
  const ownBrand = scopeBrandId(actor);
  if (ownBrand && scope.brandId && scope.brandId !== ownBrand) return [];
  const brandId = scope.brandId ?? ownBrand;
  const conditions = [
    sourceCostVisible(actor),
    sql`c.month >= date_trunc('month', ${scope.from}::date)::date`,
    sql`c.month <= ${scope.to}::date`,
  ];
  if (scope.dealerId) {
    conditions.push(sql`c.dealer_id = ${scope.dealerId}`);
  }
  if (scope.regionId) {
    conditions.push(sql`exists (select 1 from dealers cd
      where cd.id = c.dealer_id and cd.region_id = ${scope.regionId})`);
  }
  if (!brandId) return sumOf(db, conditions);
  const [whole, shared] = await Promise.all([
    sumOf(db, [...conditions, sql`c.brand_id = ${brandId}`]),
    brandShares(db, conditions, brandId),
  ]);
  const sums = new Map<string, SourceCostTotal>();
  for (const { sourceKey, currency, amountMinor } of [...whole, ...shared]) {
    const key = `${sourceKey} ${currency}`;
    const sum = sums.get(key) ?? { sourceKey, currency, amountMinor: 0 };
    sum.amountMinor += amountMinor;
    sums.set(key, sum);
  }
  return [...sums.values()].sort(
    (a, b) => a.sourceKey.localeCompare(b.sourceKey) || a.currency.localeCompare(b.currency),
  );
}

async function sumOf(db: Db, conditions: RawBuilder<unknown>[]): Promise<SourceCostTotal[]> {
  const rows = await sql<{ source_key: string; currency: string; amount_minor: string }>`
    select c.source_key, c.currency, sum(c.amount_minor)::text as amount_minor
      from lead_source_costs c
     where ${sql.join(conditions, sql` and `)}
     group by c.source_key, c.currency
     order by c.source_key, c.currency`.execute(db);
  return rows.rows.map((row) => ({
    sourceKey: row.source_key,
    currency: row.currency,
    amountMinor: Number(row.amount_minor),
  }));
}
