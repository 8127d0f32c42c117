import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { splitAmount } from '../../lib/split-amount.ts';
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
 */
export async function sourceCostTotals(
  db: Db,
  actor: Actor,
  scope: SourceCostScope,
): Promise<SourceCostTotal[]> {
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
  if (!scope.brandId) return sumOf(db, conditions);
  const [whole, shared] = await Promise.all([
    sumOf(db, [...conditions, sql`c.brand_id = ${scope.brandId}`]),
    brandShares(db, conditions, scope.brandId),
  ]);
  const sums = new Map<string, SourceCostTotal>();
  for (const part of [...whole, ...shared]) {
    const key = `${part.sourceKey} ${part.currency}`;
    const sum = sums.get(key) ?? { ...part, amountMinor: 0 };
    sum.amountMinor += part.amountMinor;
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

/**
 * The brand's part of the dealer costs named for no brand, of dealers selling it. Each such
 * row is split over every brand its dealer sells in proportion to the dealer's new leads of
 * that source and brand in the row's month (created_at, as the channel analysis counts new
 * prospects; UTC months); with none, evenly. The split of a row does not depend on who asks or
 * on the filter, so the brands' parts always add up to the row (splitAmount).
 */
async function brandShares(
  db: Db,
  conditions: RawBuilder<unknown>[],
  brandId: string,
): Promise<SourceCostTotal[]> {
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
  const costs = new Map<string, { total: SourceCostTotal; weights: [string, number][] }>();
  for (const row of rows.rows) {
    const cost = costs.get(row.id) ?? {
      total: {
        sourceKey: row.source_key,
        currency: row.currency,
        amountMinor: Number(row.amount_minor),
      },
      weights: [],
    };
    cost.weights.push([row.brand_id, Number(row.leads)]);
    costs.set(row.id, cost);
  }
  return [...costs.values()].map(({ total, weights }) => ({
    ...total,
    amountMinor: splitAmount(total.amountMinor, weights).get(brandId) ?? 0,
  }));
}
