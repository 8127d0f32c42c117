import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../auth/index.ts';

/**
 * How a user sees a campaign. The one rule for the campaign list, a campaign's page and every
 * route under it (they load it through `loadRow`), the dealers' paragraphs and the ROI report.
 *
 * - `owner`: his scope takes in everything the campaign can reach — the group's staff see all,
 *   a dealer's users their dealer's campaigns, a brand's staff their brand's. Full figures.
 * - `reached`: a group or brand campaign that reaches customers of one of his dealers (a
 *   dealer's CRM manager under a brand campaign of a brand his dealer sells; a region's staff
 *   under a group campaign). He sees it read-only so that he can write his dealer's paragraph
 *   in it; every figure counts his own customers only, and the owner's money is not shown.
 * - null: none of his business (404).
 *
 * Whether he may change it is `mayChange` (campaigns.service.ts): never for `reached`.
 */
export type CampaignAccess = 'owner' | 'reached';

/** SQL: the actor's access to the campaign row under `alias` (CampaignAccess, or null). */
export function campaignAccess(actor: Actor, alias: string): RawBuilder<CampaignAccess | null> {
  if (actor.scope.level === 'group') return sql<CampaignAccess>`'owner'`;
  const c = (column: string) => sql.ref(`${alias}.${column}`);
  const dealers = sql`${[...actor.scope.dealerIds]}::uuid[]`;
  // a brand's staff run their brand's campaigns (mayOwn): those they see whole
  const ownBrand = actor.brandId
    ? sql`when ${c('owner_level')} = 'brand' and ${c('brand_id')} = ${actor.brandId} then 'owner'`
    : sql``;
  return sql<CampaignAccess | null>`(case
    when ${c('dealer_id')} is not null then
      case when ${c('dealer_id')} = any(${dealers}) then 'owner' end
    ${ownBrand}
    when ${c('owner_level')} = 'brand' then
      case when exists (select 1 from dealer_brands access_brand
                         where access_brand.brand_id = ${c('brand_id')}
                           and access_brand.dealer_id = any(${dealers})) then 'reached' end
    when cardinality(${dealers}) > 0 then 'reached'
  end)`;
}
