import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import type { Language } from '../customers/index.ts';
import { requireDealerInScope } from '../org/index.ts';
import { mayOwn } from './campaigns.service.ts';
import { keptTexts, type DealerTexts } from './dealer-texts.ts';
import { requireMarketing } from './segments.service.ts';

/**
 * A dealer's own marketing signature (0273), `{{dealer.signature}}` in every message that goes
 * out with that dealer's data. Whoever may run the dealer's campaigns keeps it: its own
 * marketers, and the brand's or group's above it.
 */
export type SignatureView = {
  dealerId: string;
  texts: DealerTexts;
  updatedAt: string | null;
  mayEdit: boolean;
};

/**
 * Whether the actor may write a dealer's own marketing texts (its signature, its paragraph in a
 * group campaign): marketing:write and running that dealer's campaigns.
 */
export const mayWriteDealerTexts = (actor: Actor, dealerId: string) =>
  can(actor, 'marketing:write') && mayOwn(actor, { ownerLevel: 'dealer', dealerId, brandId: null });

/** mayWriteDealerTexts or a 403 naming the dealer (`dealer_out_of_scope`). */
export function requireDealerTextsWriter(actor: Actor, dealer: { id: string; code: string }) {
  if (!mayWriteDealerTexts(actor, dealer.id)) {
    throw new ForbiddenError(`You may not run dealer ${dealer.code}'s campaigns`).because(
      'dealer_out_of_scope',
      { dealer: dealer.code },
    );
  }
}

export async function getDealerSignature(
  db: Db,
  actor: Actor,
  dealerId: string,
): Promise<SignatureView> {
  requireMarketing(actor);
  await requireDealerInScope(db, actor, dealerId);
  const row = await db
    .selectFrom('marketing_dealer_signatures')
    .select(['texts', 'updated_at'])
    .where('dealer_id', '=', dealerId)
    .executeTakeFirst();
  return {
    dealerId,
    texts: (row?.texts as DealerTexts | undefined) ?? {},
    updatedAt: row?.updated_at.toISOString() ?? null,
    mayEdit: mayWriteDealerTexts(actor, dealerId),
  };
}

/** Stores the whole signature again; every language empty removes it. */
export async function saveDealerSignature(
  db: Db,
  actor: Actor,
  dealerId: string,
  body: { texts: Partial<Record<Language, string | null | undefined>> },
): Promise<SignatureView> {
  requireMarketing(actor, true);
  requireDealerTextsWriter(actor, await requireDealerInScope(db, actor, dealerId));
  const texts = keptTexts(body.texts);
  await withActor(db, actor, async (tx) => {
    if (Object.keys(texts).length === 0) {
      await tx
        .deleteFrom('marketing_dealer_signatures')
        .where('dealer_id', '=', dealerId)
        .execute();
      return;
    }
    await tx
      .insertInto('marketing_dealer_signatures')
      .values({ dealer_id: dealerId, texts: JSON.stringify(texts), updated_by: actor.userId })
      .onConflict((oc) =>
        oc.column('dealer_id').doUpdateSet({
          texts: JSON.stringify(texts),
          updated_by: actor.userId,
          updated_at: sql<Date>`now()`,
        }),
      )
      .execute();
  });
  return getDealerSignature(db, actor, dealerId);
}
