import type { Actor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../lib/errors.ts';
import { assertDealerInScope, listDealers, type DealerView } from '../org/index.ts';
import type { AdfVendor } from './adf-parser.ts';

/**
 * Which dealer an incoming lead goes to, and whether the actor may put it there: a dealer's
 * people import only into their own dealer; group people may leave it to lead routing.
 */
export type DealerDirectory = {
  /** the actor's own dealer, when he has exactly one (a dealer's staff) */
  own: DealerView | undefined;
  byCode(code: string): DealerView | undefined;
  byVendor(vendor: AdfVendor): DealerView | undefined;
};

export async function dealerDirectory(db: Db, actor: Actor): Promise<DealerDirectory> {
  const dealers = await listDealers(db, actor);
  const codes = new Map(dealers.map((dealer) => [dealer.code.toUpperCase(), dealer]));
  const names = new Map(dealers.map((dealer) => [dealer.name.trim().toLowerCase(), dealer]));
  const ownId =
    actor.scope.level !== 'group' && actor.scope.dealerIds.length === 1
      ? actor.scope.dealerIds[0]
      : undefined;
  return {
    own: dealers.find((dealer) => dealer.id === ownId),
    byCode: (code) => codes.get(code.trim().toUpperCase()),
    // Senders put our dealer code in a vendor <id> (any source) or at least the dealer's name.
    byVendor: (vendor) =>
      vendor.ids.map((id) => codes.get(id.value.trim().toUpperCase())).find(Boolean) ??
      (vendor.name ? names.get(vendor.name.trim().toLowerCase()) : undefined),
  };
}

/**
 * The dealer code a lead is captured for: the one named, else the actor's own; refused when
 * it is not the actor's. `what` names the input in the error ("prospect 2", "line 14").
 */
export function targetDealerCode(
  actor: Actor,
  directory: DealerDirectory,
  named: string | undefined,
  what: string,
): string | undefined {
  if (named) {
    const dealer = directory.byCode(named);
    if (!dealer)
      throw new AppError(400, 'unknown_dealer', `${what}: no dealer with code ${named}`, [], {
        dealer: named,
      });
    assertDealerInScope(actor, dealer, what);
    return dealer.code;
  }
  if (actor.scope.level === 'group') return undefined;
  if (directory.own) return directory.own.code;
  throw new AppError(400, 'dealer_required', `${what}: name the dealer the lead is for`);
}
