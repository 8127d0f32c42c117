import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, dealerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { clubVisible, memberVisible } from './club-scope.ts';
import type { PartnerInput, PerkInput } from './club.schemas.ts';
import { clubDealerId } from './club-dealer.ts';
import { getClub } from './clubs.service.ts';
import { today } from './dates.ts';
import type { PartnerCategory } from './schema.ts';

export type PerkView = {
  id: string;
  title: string;
  description: string | null;
  minTierCode: string;
  validUntil: string | null;
};

export type PartnerView = {
  id: string;
  clubId: string;
  dealerCode: string | null;
  name: string;
  category: PartnerCategory;
  city: string | null;
  phone: string | null;
  website: string | null;
  active: boolean;
  perks: PerkView[];
};

export type MemberPerkView = PerkView & { partnerName: string; category: PartnerCategory };

/** Seed 002: partner merchants (golf clubs, hotels ...) give members perks by their tier. */
export async function createPartner(
  db: Db,
  actor: Actor,
  clubId: string,
  input: PartnerInput,
): Promise<PartnerView> {
  if (!can(actor, 'club:manage')) throw new ForbiddenError('You may not add partners');
  const club = await getClub(db, actor, clubId);
  const dealerId = await clubDealerId(db, actor, input.dealerCode, { ownDealerRequired: false });
  const id = await withActor(db, actor, async (tx) => {
    const row = await tx
      .insertInto('club_partners')
      .values({
        club_id: club.id,
        dealer_id: dealerId,
        name: input.name,
        category: input.category,
        city: input.city ?? null,
        phone: input.phone ?? null,
        website: input.website ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  const [partner] = await listPartners(db, actor, clubId, id);
  return partner!;
}

export async function listPartners(
  db: Db,
  actor: Actor,
  clubId: string,
  partnerId?: string,
): Promise<PartnerView[]> {
  if (!can(actor, 'club:read')) throw new ForbiddenError();
  let query = db
    .selectFrom('club_partners as p')
    .innerJoin('clubs as c', 'c.id', 'p.club_id')
    .leftJoin('dealers as d', 'd.id', 'p.dealer_id')
    .selectAll('p')
    .select([
      'd.code as dealer_code',
      sql<PerkView[]>`coalesce((select jsonb_agg(jsonb_build_object(
          'id', k.id, 'title', k.title, 'description', k.description, 'minTierCode', t.code,
          'validUntil', k.valid_until) order by t.rank, k.title)
        from club_partner_perks k join club_tiers t on t.id = k.min_tier_id
        where k.partner_id = p.id), '[]'::jsonb)`.as('perks'),
    ])
    .where('p.club_id', '=', clubId)
    .where(() => clubVisible(actor, 'c'))
    .where((eb) =>
      eb.or([eb('p.dealer_id', 'is', null), dealerVisible(actor, eb.ref('p.dealer_id'))]),
    );
  if (partnerId) query = query.where('p.id', '=', partnerId);
  const rows = await query.orderBy('p.name').execute();
  return rows.map((row) => ({
    id: row.id,
    clubId: row.club_id,
    dealerCode: row.dealer_code,
    name: row.name,
    category: row.category,
    city: row.city,
    phone: row.phone,
    website: row.website,
    active: row.active,
    perks: row.perks,
  }));
}

async function visiblePartner(db: Db, actor: Actor, partnerId: string) {
  const row = await db
    .selectFrom('club_partners as p')
    .innerJoin('clubs as c', 'c.id', 'p.club_id')
    .select(['p.id', 'p.club_id'])
    .where('p.id', '=', partnerId)
    .where(() => clubVisible(actor, 'c'))
    .where((eb) =>
      eb.or([eb('p.dealer_id', 'is', null), dealerVisible(actor, eb.ref('p.dealer_id'))]),
    )
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Partner');
  return row;
}

export async function addPerk(
  db: Db,
  actor: Actor,
  partnerId: string,
  input: PerkInput,
): Promise<PartnerView> {
  if (!can(actor, 'club:manage')) throw new ForbiddenError('You may not add perks');
  const partner = await visiblePartner(db, actor, partnerId);
  const tier = await db
    .selectFrom('club_tiers')
    .select('id')
    .where('club_id', '=', partner.club_id)
    .where('code', '=', input.minTierCode)
    .executeTakeFirst();
  if (!tier)
    throw new ValidationError([
      { path: 'minTierCode', message: 'no such tier in this club', code: 'unknown' },
    ]);
  await withActor(db, actor, (tx) =>
    tx
      .insertInto('club_partner_perks')
      .values({
        partner_id: partner.id,
        min_tier_id: tier.id,
        title: input.title,
        description: input.description ?? null,
        valid_until: input.validUntil ?? null,
      })
      .execute(),
  );
  const [view] = await listPartners(db, actor, partner.club_id, partner.id);
  return view!;
}

export async function setPartnerActive(
  db: Db,
  actor: Actor,
  partnerId: string,
  active: boolean,
): Promise<PartnerView> {
  if (!can(actor, 'club:manage')) throw new ForbiddenError();
  const partner = await visiblePartner(db, actor, partnerId);
  await withActor(db, actor, (tx) =>
    tx.updateTable('club_partners').set({ active }).where('id', '=', partner.id).execute(),
  );
  const [view] = await listPartners(db, actor, partner.club_id, partner.id);
  return view!;
}

/**
 * The perks a member enjoys today: active partners of his club (the club's own and his home
 * dealer's), perks whose tier is his or below and that have not run out.
 */
export async function perksOfMember(
  db: Db,
  actor: Actor,
  memberId: string,
): Promise<MemberPerkView[]> {
  if (!can(actor, 'club:read')) throw new ForbiddenError();
  const member = await db
    .selectFrom('club_members as m')
    .innerJoin('club_tiers as t', 't.id', 'm.tier_id')
    .select(['m.id', 'm.club_id', 'm.home_dealer_id', 'm.status', 't.rank'])
    .where('m.id', '=', memberId)
    .where(() => memberVisible(actor, 'm'))
    .executeTakeFirst();
  if (!member) throw new NotFoundError('Member');
  if (member.status !== 'active') return [];
  const rows = await db
    .selectFrom('club_partner_perks as k')
    .innerJoin('club_partners as p', 'p.id', 'k.partner_id')
    .innerJoin('club_tiers as t', 't.id', 'k.min_tier_id')
    .select([
      'k.id',
      'k.title',
      'k.description',
      't.code as tier_code',
      'k.valid_until',
      'p.name as partner_name',
      'p.category',
    ])
    .where('p.club_id', '=', member.club_id)
    .where('p.active', '=', true)
    .where((eb) =>
      eb.or([eb('p.dealer_id', 'is', null), eb('p.dealer_id', '=', member.home_dealer_id)]),
    )
    .where('t.rank', '<=', member.rank)
    .where((eb) => eb.or([eb('k.valid_until', 'is', null), eb('k.valid_until', '>=', today())]))
    .orderBy('p.name')
    .orderBy('k.title')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    description: row.description,
    minTierCode: row.tier_code,
    validUntil: row.valid_until,
    partnerName: row.partner_name,
    category: row.category,
  }));
}
