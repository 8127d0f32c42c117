import type { Scope, Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { OwnerLevel } from './schema.ts';

/** A campaign's or an offer's owner: the group, a brand or a dealer. */
export type Owner = { ownerLevel: OwnerLevel; dealerId: string | null; brandId: string | null };

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
