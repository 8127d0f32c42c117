import type { Actor } from '../../auth/index.ts';
import { dealerInScope } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ValidationError } from '../../lib/errors.ts';
import { findDealerByCode } from '../org/index.ts';

/**
 * The dealer a club event or partner belongs to. A named dealer must be one of the actor's.
 * Unnamed, it is club-wide for group and brand staff, and the actor's own dealer for everyone
 * else; `ownDealerRequired` refuses a dealer-level user who has no dealer of his own.
 */
export async function clubDealerId(
  db: Db,
  actor: Actor,
  dealerCode: string | null | undefined,
  options: { ownDealerRequired: boolean },
): Promise<string | null> {
  if (dealerCode) {
    const dealer = await findDealerByCode(db, dealerCode);
    if (!dealer || !dealerInScope(actor, dealer.id))
      throw new ValidationError([
        { path: 'dealerCode', message: 'not one of your dealers', code: 'unknown' },
      ]);
    return dealer.id;
  }
  if (actor.scope.level === 'group' || actor.scope.level === 'brand') return null;
  if (!actor.dealerId && options.ownDealerRequired)
    throw new ValidationError([
      { path: 'dealerCode', message: 'say which dealer', code: 'required' },
    ]);
  return actor.dealerId;
}
