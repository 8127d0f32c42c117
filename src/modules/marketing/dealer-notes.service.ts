import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { dealerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { requireDealerInScope } from '../org/index.ts';
import { variantsOf, visibleTo } from './campaigns.service.ts';
import { mayWriteDealerTexts } from './dealer-signature.service.ts';
import { keptTexts, templatesUseDealerNote, type DealerTexts } from './dealer-texts.ts';
import { ownerScope } from './owner-scope.ts';
import type { CampaignStatus, OwnerLevel } from './schema.ts';
import { requireMarketing } from './segments.service.ts';

/**
 * A dealer's own paragraph in a group or brand campaign (0273), `{{dealer.note}}` in the
 * messages that go out with that dealer's data: its service offer, its opening hours. Each
 * dealer writes its own while the campaign is unsent and sees only its own; the owner above
 * sees which dealers wrote one.
 */
type NoteCampaign = {
  id: string;
  owner_level: OwnerLevel;
  dealer_id: string | null;
  brand_id: string | null;
  status: CampaignStatus;
  /** a first recipient is written: the send has begun (the status follows after the pages) */
  started: boolean;
};

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
 * The campaign, for someone who sees it or works at one of the dealers it reaches (a brand
 * campaign is not shown to its dealers' staff otherwise, yet they write its notes); else 404.
 */
async function noteCampaign(
  db: Db,
  actor: Actor,
  id: string,
): Promise<{ row: NoteCampaign; dealers: Set<string> | null }> {
  const row = await db
    .selectFrom('marketing_campaigns as m')
    .select([
      'm.id',
      'm.owner_level',
      'm.dealer_id',
      'm.brand_id',
      'm.status',
      sql<boolean>`exists (select 1 from marketing_campaign_recipients r
        where r.campaign_id = m.id)`.as('started'),
    ])
    .where('m.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Campaign');
  const dealers = await campaignDealers(db, row);
  const ownDealers = actor.scope.level === 'group' ? [] : actor.scope.dealerIds;
  if (!visibleTo(actor, row) && !ownDealers.some((dealerId) => reaches(dealers, dealerId))) {
    throw new NotFoundError('Campaign');
  }
  return { row, dealers };
}

const isOpen = (row: NoteCampaign) =>
  (row.status === 'draft' || row.status === 'scheduled') && !row.started;

export async function listDealerNotes(
  db: Db,
  actor: Actor,
  campaignId: string,
): Promise<DealerNotesView> {
  requireMarketing(actor);
  const { row, dealers } = await noteCampaign(db, actor, campaignId);
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
    open: isOpen(row),
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
  const { row, dealers } = await noteCampaign(db, actor, campaignId);
  const dealer = await requireDealerInScope(db, actor, dealerId);
  if (!mayWriteDealerTexts(actor, dealer.id)) {
    throw new ForbiddenError(`Dealer ${dealer.code} is outside your scope`).because(
      'dealer_out_of_scope',
      { dealer: dealer.code },
    );
  }
  if (!reaches(dealers, dealer.id)) {
    throw new ValidationError([
      {
        path: 'dealerId',
        message: `the campaign does not reach dealer ${dealer.code}'s customers`,
        code: 'invalid_choice',
      },
    ]);
  }
  if (!isOpen(row)) {
    throw new ConflictError('The campaign has started sending; its notes stay as sent').because(
      'campaign_sending_started',
    );
  }
  const texts = keptTexts(body.texts);
  await withActor(db, actor, async (tx) => {
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
