import { sql } from 'kysely';
import type { Scope, Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { Language } from '../customers/index.ts';
import { audienceCondition } from './audience.ts';
import type { ActiveOffer, OfferTexts } from './offers.service.ts';
import { ownerScope, type Owner } from './owner-scope.ts';
import type { Condition } from './segment.schemas.ts';

/**
 * Recommended offers for a message (issue 5): up to `offersPerMessage` offers valid today whose
 * target the person is in, the dealer's first, then the brand's, then the group's (higher
 * priority first within a level, then the one ending soonest). Matching is set-based: one
 * query per offer for a whole page of recipients, never one per person and offer, so a send
 * keeps its render-and-queue pace (bench/outbox-send.ts).
 */
export const offersPerMessage = 3;

/** Who sends the message (a campaign's or journey's owner): which offers it may recommend. */
export type OfferSender = Owner;

/** An offer ready for matching: its owner's scope read once per send. */
export type OfferForSend = ActiveOffer & { scope: Scope };

const levelRank = { dealer: 0, brand: 1, group: 2 } as const;

/**
 * The offers a sender may recommend, valid today: the group's always; a brand sender's brand
 * and its dealers'; a dealer sender's dealer and its brands'. Ordered as recommended.
 */
export async function offersFor(db: Db | Tx, sender: OfferSender): Promise<OfferForSend[]> {
  let query = db
    .selectFrom('marketing_offers as o')
    .leftJoin('marketing_segments as s', 's.id', 'o.segment_id')
    .select([
      'o.id',
      'o.owner_level',
      'o.dealer_id',
      'o.brand_id',
      'o.priority',
      sql<string>`o.valid_to::text`.as('valid_to'),
      'o.texts',
      sql<unknown>`coalesce(o.condition, s.definition)`.as('target'),
    ])
    .where('o.active', '=', true)
    .where(sql<boolean>`current_date between o.valid_from and o.valid_to`);
  if (sender.ownerLevel === 'dealer') {
    const dealerId = sender.dealerId!;
    query = query.where((eb) =>
      eb.or([
        eb('o.owner_level', '=', 'group'),
        eb('o.dealer_id', '=', dealerId),
        eb(
          'o.brand_id',
          'in',
          eb.selectFrom('dealer_brands').select('brand_id').where('dealer_id', '=', dealerId),
        ),
      ]),
    );
  } else if (sender.ownerLevel === 'brand') {
    const brandId = sender.brandId!;
    query = query.where((eb) =>
      eb.or([
        eb('o.owner_level', '=', 'group'),
        eb('o.brand_id', '=', brandId),
        eb(
          'o.dealer_id',
          'in',
          eb.selectFrom('dealer_brands').select('dealer_id').where('brand_id', '=', brandId),
        ),
      ]),
    );
  }
  const rows = await query.execute();
  // one scope per owner, not per offer: a brand's offers share its dealers' query
  const scopes = new Map<string, Promise<Scope>>();
  const scopeOf = (owner: Owner) => {
    const key = `${owner.ownerLevel}:${owner.dealerId ?? owner.brandId ?? ''}`;
    let scope = scopes.get(key);
    if (!scope) scopes.set(key, (scope = ownerScope(db, owner)));
    return scope;
  };
  const offers = await Promise.all(
    rows.map(async (row) => {
      const owner = { ownerLevel: row.owner_level, dealerId: row.dealer_id, brandId: row.brand_id };
      return {
        id: row.id,
        ...owner,
        priority: row.priority,
        validTo: row.valid_to,
        texts: row.texts as OfferTexts,
        target: row.target as Condition,
        scope: await scopeOf(owner),
      };
    }),
  );
  return offers.sort(
    (a, b) =>
      levelRank[a.ownerLevel] - levelRank[b.ownerLevel] ||
      b.priority - a.priority ||
      a.validTo.localeCompare(b.validTo) ||
      a.id.localeCompare(b.id),
  );
}

/**
 * Each person's recommended offers, in order, for a page of customers: one query per offer
 * (its owner's customers AND its target, over the page's ids).
 */
export async function matchOffers(
  db: Db | Tx,
  offers: OfferForSend[],
  customerIds: string[],
): Promise<Map<string, OfferForSend[]>> {
  const matched = new Map<string, OfferForSend[]>();
  if (offers.length === 0 || customerIds.length === 0) return matched;
  const hits = await Promise.all(
    offers.map((offer) =>
      db
        .selectFrom('customers as c')
        .select('c.id')
        // one array parameter, not 500: the statement's text and plan stay the same per page
        .where(sql<boolean>`c.id = any(${customerIds}::uuid[])`)
        .where(audienceCondition(offer.scope, offer.target))
        .execute(),
    ),
  );
  // offers are in recommendation order, so each person's list comes out in order too
  offers.forEach((offer, index) => {
    for (const { id } of hits[index]!) {
      const list = matched.get(id) ?? [];
      if (list.length < offersPerMessage) matched.set(id, [...list, offer]);
    }
  });
  return matched;
}

/**
 * Whether any of the texts (a campaign's variants, a journey step's content) lists offers in a
 * Handlebars expression (`{{#each offers}}`, `{{offers.0.title}}`): else a send matches none
 * and makes no query for them. The word in the copy ("our offers") is not a use.
 */
export const templatesUseOffers = (texts: unknown): boolean =>
  /\{\{[^}]*\boffers\b/.test(JSON.stringify(texts));

/** One offer as a template reads it: `{{#each offers}}{{title}} {{text}} {{validTo}}{{/each}}`. */
export type OfferContext = { title: string; text: string; validTo: string };

/** The person's offers in his language, else the message's, else any the offer has. */
export function offerContext(
  offers: OfferForSend[] | undefined,
  language: Language,
  fallback: Language,
): OfferContext[] {
  return (offers ?? []).flatMap((offer) => {
    const texts =
      offer.texts[language] ?? offer.texts[fallback] ?? Object.values(offer.texts)[0] ?? null;
    return texts ? [{ title: texts.title, text: texts.text, validTo: offer.validTo }] : [];
  });
}
