import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
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
 * The costs per source and currency that a report for the actor and scope counts, in one
 * statement. Only rows the actor may see count (a dealer's view: his dealer's rows; the group
 * view: every level). A dealer, region or brand filter narrows to the costs of that part: the
 * dealers in it, and for a brand also the brand's own costs; the group's costs count only when
 * nothing narrows the view. A dealer selling two brands counts for both (costs carry no brand).
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
  if (scope.brandId) {
    conditions.push(sql`(c.brand_id = ${scope.brandId} or exists (select 1 from dealer_brands cb
      where cb.dealer_id = c.dealer_id and cb.brand_id = ${scope.brandId}))`);
  }
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
