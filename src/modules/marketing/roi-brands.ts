import { sql, type Expression, type RawBuilder } from 'kysely';
import { scopeBrandId, type Actor } from '../../auth/index.ts';
import type { ResolvedFilter } from '../analytics/index.ts';

/**
 * The brand the ROI report is confined to: a brand-level actor's own brand (his dealers may sell
 * other brands), else the `brandCode` filter's. `conflict`: a brand-level actor asked for
 * another brand, which counts nothing (as the lead source costs do).
 */
export function reportBrand(
  actor: Actor,
  filter: Pick<ResolvedFilter, 'brandId'>,
): { brandId: string | undefined; conflict: boolean } {
  const own = scopeBrandId(actor);
  return {
    brandId: own ?? filter.brandId,
    conflict: own !== undefined && filter.brandId !== undefined && filter.brandId !== own,
  };
}

/**
 * SQL: a conversion row of brand `brand` counts in the report: always when it is confined to no
 * brand; else only when its brand is the report's (reportBrand), and never on a conflict. A row
 * whose brand is unknown (null) then counts for no brand, exactly as brandRowVisible treats a
 * lead naming none: no brand's figures are inflated by rows nobody can place.
 */
export function rowOfReportBrand(
  actor: Actor,
  filter: Pick<ResolvedFilter, 'brandId'>,
  brand: Expression<unknown>,
): RawBuilder<boolean> {
  const { brandId, conflict } = reportBrand(actor, filter);
  if (conflict) return sql<boolean>`false`;
  return brandId ? sql<boolean>`${brand} = ${brandId}` : sql<boolean>`true`;
}

/**
 * SQL: the brand of a vehicle, its catalogue make's: the make it names, else its model's make
 * (a car delivered on an order carries the order's model), else the catalogue make of the same
 * name (a make typed without picking a model). Null when the make has no brand (one the group
 * does not sell) or the catalogue does not know the name.
 */
export function vehicleBrand(vehicleId: Expression<unknown>): RawBuilder<string | null> {
  return sql<string | null>`(select k.brand_id from vehicles bv
      join catalog_makes k on k.id = coalesce(bv.make_id,
        (select m.make_id from catalog_models m where m.id = bv.model_id),
        (select n.id from catalog_makes n where lower(n.name) = lower(bv.make_name)
          order by n.name limit 1))
     where bv.id = ${vehicleId})`;
}

/**
 * SQL: the brand of a test drive: its booked lead's, else the demo car's own (migration 0269),
 * else, for an older car without one, the brand of its VIN registered as a vehicle.
 */
export function testDriveBrand(
  leadId: Expression<unknown>,
  demoCarId: Expression<unknown>,
): RawBuilder<string | null> {
  return sql<string | null>`coalesce(
    (select tl.brand_id from leads tl where tl.id = ${leadId}),
    (select td.brand_id from test_drive_vehicles td where td.id = ${demoCarId}),
    (select ${vehicleBrand(sql.ref('tv.id'))} from test_drive_vehicles td
       join vehicles tv on tv.vin = td.vin where td.id = ${demoCarId}))`;
}
