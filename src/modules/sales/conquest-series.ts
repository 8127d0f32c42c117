import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { brandRowVisible, scopeBrandId } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';

/**
 * A conquest plan is a dealer's, but its targets are per model series, and a series is a
 * catalogue make's, which names its brand. A brand-level actor (scopeBrandId) plans and reads
 * only his brand's part of a dealer selling several brands: the targets of his brand's series
 * and the deliveries of orders for his brand's cars, as his lead funnel counts only his
 * brand's leads (orderVisible and its modelOfActorBrand follow the same rule for orders).
 */

/** SQL: the series (a target's) is a series of the actor's brand; always true for others. */
export function seriesOfActorBrand(actor: Actor, series: Expression<unknown>): RawBuilder<boolean> {
  if (!scopeBrandId(actor)) return sql<boolean>`true`;
  return sql<boolean>`exists (select 1 from catalog_models plan_model
      join catalog_makes plan_make on plan_make.id = plan_model.make_id
     where lower(plan_model.series) = lower(${series})
       and ${brandRowVisible(actor, sql.ref('plan_make.brand_id'))})`;
}

export type CatalogSeries = { series: string; brandIds: (string | null)[] };

/**
 * The catalogue's series among `names`, keyed by their lower-case name, with the brands of the
 * makes that have them: a target must name a series of the catalogue, spelt as there, or its
 * actual (the orders' series) would stay 0 however many cars are sold.
 */
export async function catalogSeries(
  db: Db | Tx,
  names: readonly string[],
): Promise<Map<string, CatalogSeries>> {
  const found = new Map<string, CatalogSeries>();
  if (!names.length) return found;
  const rows = await db
    .selectFrom('catalog_models as m')
    .innerJoin('catalog_makes as k', 'k.id', 'm.make_id')
    .select(['m.series', 'k.brand_id'])
    .where(
      sql<string>`lower(m.series)`,
      'in',
      names.map((name) => name.toLowerCase()),
    )
    .orderBy('m.series')
    .execute();
  for (const row of rows) {
    if (!row.series) continue;
    const key = row.series.toLowerCase();
    const entry = found.get(key) ?? { series: row.series, brandIds: [] };
    if (!entry.brandIds.includes(row.brand_id)) entry.brandIds.push(row.brand_id);
    found.set(key, entry);
  }
  return found;
}
