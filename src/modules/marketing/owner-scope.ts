import type { Scope, Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { OwnerLevel } from './schema.ts';

/** A campaign's or an offer's owner: the group, a brand or a dealer. */
export type Owner = { ownerLevel: OwnerLevel; dealerId: string | null; brandId: string | null };

/**
 * The owner of what a user makes himself (a campaign, an offer, a journey; the preview's
 * sender): his dealer, else his brand, else the group. The server and the pages share it.
 */
export function ownOwner(user: { dealerId: string | null; brandId: string | null }): Owner {
  if (user.dealerId) return { ownerLevel: 'dealer', dealerId: user.dealerId, brandId: null };
  if (user.brandId) return { ownerLevel: 'brand', dealerId: null, brandId: user.brandId };
  return { ownerLevel: 'group', dealerId: null, brandId: null };
}

/** The customers an owner may reach: its dealer's, its brand's dealers', or all. */
export async function ownerScope(db: Db | Tx, owner: Owner): Promise<Scope> {
  if (owner.ownerLevel === 'dealer') return { level: 'dealer', dealerIds: [owner.dealerId!] };
  if (owner.ownerLevel === 'brand') {
    const rows = await db
      .selectFrom('dealer_brands')
      .select('dealer_id')
      .where('brand_id', '=', owner.brandId!)
      .execute();
    return { level: 'brand', dealerIds: rows.map((row) => row.dealer_id) };
  }
  return { level: 'group' };
}
