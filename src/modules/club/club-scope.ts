import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { customerVisible, dealerVisible } from '../../auth/index.ts';

/**
 * Which clubs an actor works with: every club for the group; for a brand user the club of his
 * brand and the group-wide club; for region and dealer users the clubs of the brands their
 * dealers sell, and the group-wide club.
 */
export function clubVisible(actor: Actor, clubAlias: string): RawBuilder<boolean> {
  const brand = sql.ref(`${clubAlias}.brand_id`);
  if (actor.scope.level === 'group') return sql<boolean>`true`;
  if (actor.scope.level === 'brand' && actor.brandId) {
    return sql<boolean>`(${brand} is null or ${brand} = ${actor.brandId})`;
  }
  return sql<boolean>`(${brand} is null or ${brand} in (
    select db.brand_id from dealer_brands db
     where db.dealer_id = any(${[...actor.scope.dealerIds]}::uuid[])))`;
}

/**
 * A member is visible when his home dealer is one of the actor's dealers, the customer is in
 * the actor's data scope (so a consultant sees only his own customers' cards) and the club is
 * one of the actor's clubs (a brand manager of Y does not see club X at a dealer selling both).
 */
export function memberVisible(actor: Actor, memberAlias: string): RawBuilder<boolean> {
  if (actor.scope.level === 'group') return sql<boolean>`true`;
  const home = sql.ref(`${memberAlias}.home_dealer_id`);
  const customer = sql.ref(`${memberAlias}.customer_id`);
  const club =
    actor.scope.level === 'brand' && actor.brandId
      ? sql`and exists (select 1 from clubs vc where vc.id = ${sql.ref(`${memberAlias}.club_id`)}
                          and (vc.brand_id is null or vc.brand_id = ${actor.brandId}))`
      : sql``;
  return sql<boolean>`(${dealerVisible(actor, home)} and ${customerVisible(actor, customer)} ${club})`;
}
