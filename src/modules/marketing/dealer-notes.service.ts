import { sql } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { dealerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, ValidationError } from '../../lib/errors.ts';
import { requireDealerInScope } from '../org/index.ts';
import { loadRow, variantsOf, type LoadedCampaign } from './campaigns.service.ts';
import { mayWriteDealerTexts, requireDealerTextsWriter } from './dealer-signature.service.ts';
import { keptTexts, templatesUseDealerNote, type DealerTexts } from './dealer-texts.ts';
import { ownerScope } from './owner-scope.ts';
import { requireMarketing } from './segments.service.ts';

/**
 * A dealer's own paragraph in a group or brand campaign (0273), `{{dealer.note}}` in the
 * messages that go out with that dealer's data: its service offer, its opening hours. Each
 * dealer writes its own while the campaign is unsent and sees only its own; the owner above
 * sees which dealers wrote one.
 */
export type DealerNoteView = {
  dealerId: string;
  dealerCode: string;
  dealerName: string;
  texts: DealerTexts;
  updatedAt: string;
};

export type DealerNotesView = {
  campaignId: string;
  open: boolean;
  usedInTemplate: boolean;
  writableDealerIds: string[];
  items: DealerNoteView[];
};

type NoteCampaign = Pick<LoadedCampaign, 'owner_level' | 'dealer_id' | 'brand_id'>;

const ownerOf = (row: NoteCampaign) => ({
  ownerLevel: row.owner_level,
  dealerId: row.dealer_id,
  brandId: row.brand_id,
});

/** The dealers whose customers the campaign reaches: null for the whole group. */
async function campaignDealers(db: Db, row: NoteCampaign): Promise<Set<string> | null> {
  const scope = await ownerScope(db, ownerOf(row));
  return scope.level === 'group' ? null : new Set(scope.dealerIds);
}

const reaches = (dealers: Set<string> | null, dealerId: string) =>
  dealers === null || dealers.has(dealerId);

/**
 * Whether the notes may still change: the campaign is unsent and no recipient is written. A
 * statement of its own, so that read after the campaign row's lock it sees a page of
 * recipients committed while the lock was awaited (one statement's snapshot would not).
 */
async function notesOpen(db: Db | Tx, campaignId: string): Promise<boolean> {
  const row = await db
    .selectFrom('marketing_campaigns as m')
    .select([
      'm.status',
      sql<boolean>`exists (select 1 from marketing_campaign_recipients r
        where r.campaign_id = m.id)`.as('started'),
    ])
    .where('m.id', '=', campaignId)
    .executeTakeFirstOrThrow();
  return (row.status === 'draft' || row.status === 'scheduled') && !row.started;
}

export async function listDealerNotes(
  db: Db,
  actor: Actor,
  campaignId: string,
): Promise<DealerNotesView> {
  requireMarketing(actor);
  // whoever sees the campaign (campaign-access.ts): its owner, or a dealer it reaches
  const row = await loadRow(db, actor, campaignId);
  const dealers = await campaignDealers(db, row);
  const items = await db
    .selectFrom('marketing_campaign_dealer_notes as n')
    .innerJoin('dealers as d', 'd.id', 'n.dealer_id')
    .select(['n.dealer_id', 'd.code', 'd.name', 'n.texts', 'n.updated_at'])
    .where('n.campaign_id', '=', campaignId)
    // a dealer reads its own; the group's or brand's marketer every dealer of his scope
    .where((eb) => dealerVisible(actor, eb.ref('n.dealer_id')))
    .orderBy('d.name')
    .execute();
  const own = actor.dealerId;
  return {
    campaignId,
    open: await notesOpen(db, campaignId),
    usedInTemplate: templatesUseDealerNote(await variantsOf(db, campaignId)),
    writableDealerIds: own && reaches(dealers, own) && mayWriteDealerTexts(actor, own) ? [own] : [],
    items: items.map((item) => ({
      dealerId: item.dealer_id,
      dealerCode: item.code,
      dealerName: item.name,
      texts: item.texts as DealerTexts,
      updatedAt: item.updated_at.toISOString(),
    })),
  };
}

/** Writes (or, all languages empty, removes) a dealer's note while the campaign is unsent. */
export async function saveDealerNote(
  db: Db,
  actor: Actor,
  campaignId: string,
  dealerId: string,
  body: { texts: Partial<Record<string, string | null | undefined>> },
): Promise<DealerNotesView> {
  requireMarketing(actor, true);
  const row = await loadRow(db, actor, campaignId);
  const dealers = await campaignDealers(db, row);
  const dealer = await requireDealerInScope(db, actor, dealerId);
  requireDealerTextsWriter(actor, dealer);
  if (!reaches(dealers, dealer.id)) {
    throw new ValidationError([
      {
        path: 'dealerId',
        message: `the campaign does not reach dealer ${dealer.code}'s customers`,
        code: 'invalid_choice',
      },
    ]);
  }
  const texts = keptTexts(body.texts);
  await withActor(db, actor, async (tx) => {
    // the send holds this row's key-share lock while it reads a page's notes and writes the
    // page (campaign-send.ts): a note is saved wholly before the first page or refused after
    await tx
      .selectFrom('marketing_campaigns')
      .select('id')
      .where('id', '=', campaignId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (!(await notesOpen(tx, campaignId))) {
      throw new ConflictError('The campaign has started sending; its notes stay as sent').because(
        'campaign_sending_started',
      );
    }
    const where = { campaign_id: campaignId, dealer_id: dealerId };
    if (Object.keys(texts).length === 0) {
      await tx
        .deleteFrom('marketing_campaign_dealer_notes')
        .where('campaign_id', '=', where.campaign_id)
        .where('dealer_id', '=', where.dealer_id)
        .execute();
      return;
    }
    await tx
      .insertInto('marketing_campaign_dealer_notes')
      .values({ ...where, texts: JSON.stringify(texts), updated_by: actor.userId })
      .onConflict((oc) =>
        oc.columns(['campaign_id', 'dealer_id']).doUpdateSet({
          texts: JSON.stringify(texts),
          updated_by: actor.userId,
          updated_at: sql<Date>`now()`,
        }),
      )
      .execute();
  });
  return listDealerNotes(db, actor, campaignId);
}
