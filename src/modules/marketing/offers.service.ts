import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError, NotFoundError } from '../../lib/errors.ts';
import type { Language } from '../customers/index.ts';
import { mayOwn } from './campaigns.service.ts';
import type { OfferBody } from './offers.schemas.ts';
import type { OwnerLevel } from './schema.ts';
import type { Condition } from './segment.schemas.ts';
import { findSegment, requireMarketing } from './segments.service.ts';

/**
 * The offer catalogue (0268): group, brand and dealer offers with their validity, texts per
 * language and target. A dealer sees his own offers and those of his brands and the group
 * (visibleOffers), and changes only his own (the campaigns' owner rule, mayOwn).
 */
type OfferRow = {
  id: string;
  name: string;
  owner_level: OwnerLevel;
  brand_id: string | null;
  dealer_id: string | null;
  valid_from: string;
  valid_to: string;
  priority: number;
  active: boolean;
  texts: unknown;
  segment_id: string | null;
  condition: unknown;
  created_at: Date;
};

export type OfferTexts = Partial<Record<Language, { title: string; text: string }>>;

const selectOffers = (db: Db) =>
  db.selectFrom('marketing_offers').select([
    'id',
    'name',
    'owner_level',
    'brand_id',
    'dealer_id',
    // a calendar day as written, whatever the driver makes of a date
    sql<string>`valid_from::text`.as('valid_from'),
    sql<string>`valid_to::text`.as('valid_to'),
    'priority',
    'active',
    'texts',
    'segment_id',
    'condition',
    'created_at',
  ]);

/**
 * The offers a user sees: the group's; his dealers' own; a brand's when he is that brand's, or,
 * below the brand level, when one of his dealers sells it: its offers go out in his dealers'
 * letters, so he may read them (changing stays the owner's, mayEdit). A brand's user does not
 * see other brands' offers, whatever his dealers also sell.
 */
function visibleOffers(actor: Actor, query: ReturnType<typeof selectOffers>) {
  if (actor.scope.level === 'group') return query;
  const dealerIds = [...actor.scope.dealerIds];
  const brandLevel = actor.scope.level === 'brand';
  return query.where((eb) => {
    const seen = [eb('owner_level', '=', 'group')];
    if (dealerIds.length > 0) seen.push(eb('dealer_id', 'in', dealerIds));
    if (actor.brandId) seen.push(eb('brand_id', '=', actor.brandId));
    if (!brandLevel && dealerIds.length > 0) {
      seen.push(
        eb(
          'brand_id',
          'in',
          eb.selectFrom('dealer_brands').select('brand_id').where('dealer_id', 'in', dealerIds),
        ),
      );
    }
    return eb.or(seen);
  });
}

const ownerOf = (body: OfferBody) => ({
  ownerLevel: body.ownerLevel,
  dealerId: body.dealerId ?? null,
  brandId: body.brandId ?? null,
});
const rowOwner = (row: OfferRow) => ({
  ownerLevel: row.owner_level,
  dealerId: row.dealer_id,
  brandId: row.brand_id,
});

const mayEdit = (actor: Actor, row: OfferRow) =>
  can(actor, 'marketing:write') && mayOwn(actor, rowOwner(row));

function view(actor: Actor, row: OfferRow) {
  return {
    id: row.id,
    name: row.name,
    ownerLevel: row.owner_level,
    brandId: row.brand_id,
    dealerId: row.dealer_id,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    priority: row.priority,
    active: row.active,
    texts: row.texts as OfferTexts,
    segmentId: row.segment_id,
    condition: row.condition,
    mayEdit: mayEdit(actor, row),
    createdAt: row.created_at.toISOString(),
  };
}
export type OfferView = ReturnType<typeof view>;

async function loadOffer(db: Db, actor: Actor, id: string): Promise<OfferRow> {
  const row = (await visibleOffers(actor, selectOffers(db))
    .where('id', '=', id)
    .executeTakeFirst()) as OfferRow | undefined;
  if (!row) throw new NotFoundError('Offer');
  return row;
}

async function checkBody(db: Db, actor: Actor, body: OfferBody): Promise<void> {
  if (!mayOwn(actor, ownerOf(body))) {
    throw new ForbiddenError(`You may not keep a ${body.ownerLevel} offer for this owner`);
  }
  if (body.segmentId) await findSegment(db, actor, body.segmentId);
}

const rowValues = (body: OfferBody) => ({
  name: body.name,
  owner_level: body.ownerLevel,
  brand_id: body.ownerLevel === 'brand' ? body.brandId! : null,
  dealer_id: body.ownerLevel === 'dealer' ? body.dealerId! : null,
  valid_from: body.validFrom,
  valid_to: body.validTo,
  priority: body.priority,
  active: body.active,
  texts: JSON.stringify(body.texts),
  segment_id: body.segmentId ?? null,
  condition: body.condition ? JSON.stringify(body.condition) : null,
});

export async function listOffers(db: Db, actor: Actor): Promise<OfferView[]> {
  requireMarketing(actor);
  const rows = (await visibleOffers(actor, selectOffers(db))
    .orderBy('valid_to', 'desc')
    .orderBy('name')
    .limit(500)
    .execute()) as OfferRow[];
  return rows.map((row) => view(actor, row));
}

export async function getOffer(db: Db, actor: Actor, id: string): Promise<OfferView> {
  requireMarketing(actor);
  return view(actor, await loadOffer(db, actor, id));
}

export async function createOffer(db: Db, actor: Actor, body: OfferBody): Promise<OfferView> {
  requireMarketing(actor, true);
  await checkBody(db, actor, body);
  const id = await withActor(db, actor, async (tx) => {
    const row = await tx
      .insertInto('marketing_offers')
      .values({ ...rowValues(body), created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  return getOffer(db, actor, id);
}

/** The whole offer again, by someone who may keep offers for its present owner and the new one. */
export async function updateOffer(
  db: Db,
  actor: Actor,
  id: string,
  body: OfferBody,
): Promise<OfferView> {
  requireMarketing(actor, true);
  const row = await loadOffer(db, actor, id);
  // seeing the group's offer is not keeping it
  if (!mayOwn(actor, rowOwner(row))) {
    throw new ForbiddenError(`You may not change a ${row.owner_level} offer`);
  }
  await checkBody(db, actor, body);
  await withActor(db, actor, (tx) =>
    tx
      .updateTable('marketing_offers')
      .set({ ...rowValues(body), updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute(),
  );
  return getOffer(db, actor, id);
}

/** An offer valid on the send's day, ready to be matched: its target as a condition tree. */
export type ActiveOffer = {
  id: string;
  ownerLevel: OwnerLevel;
  dealerId: string | null;
  brandId: string | null;
  priority: number;
  validTo: string;
  texts: OfferTexts;
  target: Condition;
};
