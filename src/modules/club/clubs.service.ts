import type { Actor, Tx } from '../../auth/index.ts';
import { can, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import { findBrandByCode } from '../org/index.ts';
import { clubVisible } from './club-scope.ts';
import type { CreateClubInput, TierInput, UpdateClubInput } from './club.schemas.ts';

/** Seed 002: "members can be premium, middle and ordinary; the tiers may be named otherwise". */
export const defaultTiers: TierInput[] = [
  { code: 'ordinary', name: 'Ordinary', rank: 0, minPoints: 0, minSpendMinor: null },
  { code: 'middle', name: 'Middle', rank: 1, minPoints: 5_000, minSpendMinor: null },
  { code: 'premium', name: 'Premium', rank: 2, minPoints: 20_000, minSpendMinor: null },
];

export type TierView = {
  id: string;
  code: string;
  name: string;
  rank: number;
  minPoints: number;
  minSpendMinor: number | null;
};

export type ClubView = {
  id: string;
  code: string;
  name: string;
  brandCode: string | null;
  currency: string;
  purchasePointsPer100: number;
  servicePointsPer100: number;
  eventPoints: number;
  referralPoints: number;
  pointsValidMonths: number;
  tierWindowMonths: number;
  earnFrom: string;
  tiers: TierView[];
};

/** Clubs are set up by the group or, for his brand's club, by a brand user. */
function assertMayConfigure(actor: Actor, brandId: string | null): void {
  if (!can(actor, 'club:manage')) throw new ForbiddenError('You may not set up clubs');
  if (actor.scope.level === 'group') return;
  if (actor.scope.level === 'brand' && brandId !== null && actor.brandId === brandId) return;
  throw new ForbiddenError('Clubs are set up by the group or by the brand');
}

function checkTiers(tiers: TierInput[], path: string): void {
  const problems: FieldProblem[] = [];
  const codes = new Set<string>();
  const ranks = new Set<number>();
  tiers.forEach((tier, index) => {
    if (codes.has(tier.code))
      problems.push({ path: `${path}.${index}.code`, message: 'used twice', code: 'duplicate' });
    if (ranks.has(tier.rank))
      problems.push({ path: `${path}.${index}.rank`, message: 'used twice', code: 'duplicate' });
    codes.add(tier.code);
    ranks.add(tier.rank);
  });
  const sorted = [...tiers].sort((a, b) => a.rank - b.rank);
  if (sorted[0] && sorted[0].minPoints !== 0)
    problems.push({
      path: `${path}.${tiers.indexOf(sorted[0])}.minPoints`,
      message: 'the entry tier (lowest rank) must start at 0 points',
    });
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.minPoints <= sorted[i - 1]!.minPoints)
      problems.push({
        path: `${path}.${tiers.indexOf(sorted[i]!)}.minPoints`,
        message: 'a higher tier needs more points than the tier below',
      });
  }
  if (problems.length) throw new ValidationError(problems);
}

export async function createClub(db: Db, actor: Actor, input: CreateClubInput): Promise<ClubView> {
  let brandId: string | null = null;
  if (input.brandCode) {
    const brand = await findBrandByCode(db, input.brandCode);
    if (!brand) throw new ValidationError([{ path: 'brandCode', message: 'no such brand' }]);
    brandId = brand.id;
  }
  assertMayConfigure(actor, brandId);
  const tiers = input.tiers ?? defaultTiers;
  checkTiers(tiers, 'tiers');
  const existing = await db
    .selectFrom('clubs')
    .select(['code', 'brand_id'])
    .where((eb) =>
      eb.or([
        eb('code', '=', input.code),
        brandId === null ? eb('brand_id', 'is', null) : eb('brand_id', '=', brandId),
      ]),
    )
    .executeTakeFirst();
  if (existing) {
    throw existing.code === input.code
      ? new ConflictError('A club with this code exists', [
          { path: 'code', message: 'taken', code: 'taken' },
        ]).because('club_code_taken')
      : new ConflictError('This brand has its club already', [
          { path: 'brandCode', message: 'has a club', code: 'taken' },
        ]).because('brand_has_club');
  }
  const id = await withActor(db, actor, async (tx) => {
    const club = await tx
      .insertInto('clubs')
      .values({
        code: input.code,
        name: input.name,
        brand_id: brandId,
        currency: input.currency,
        ...(input.purchasePointsPer100 !== undefined && {
          purchase_points_per_100: input.purchasePointsPer100,
        }),
        ...(input.servicePointsPer100 !== undefined && {
          service_points_per_100: input.servicePointsPer100,
        }),
        ...(input.eventPoints !== undefined && { event_points: input.eventPoints }),
        ...(input.referralPoints !== undefined && { referral_points: input.referralPoints }),
        ...(input.pointsValidMonths !== undefined && {
          points_valid_months: input.pointsValidMonths,
        }),
        ...(input.tierWindowMonths !== undefined && { tier_window_months: input.tierWindowMonths }),
        ...(input.earnFrom !== undefined && { earn_from: input.earnFrom }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertTiers(tx, club.id, tiers);
    return club.id;
  });
  return getClub(db, actor, id);
}

async function insertTiers(tx: Tx, clubId: string, tiers: TierInput[]): Promise<void> {
  await tx
    .insertInto('club_tiers')
    .values(
      tiers.map((tier) => ({
        club_id: clubId,
        code: tier.code,
        name: tier.name,
        rank: tier.rank,
        min_points: tier.minPoints,
        min_spend_minor: tier.minSpendMinor ?? null,
      })),
    )
    .execute();
}

export async function listClubs(db: Db, actor: Actor): Promise<ClubView[]> {
  if (!can(actor, 'club:read')) throw new ForbiddenError();
  const rows = await db
    .selectFrom('clubs as c')
    .select('c.id')
    .where(() => clubVisible(actor, 'c'))
    .orderBy('c.code')
    .execute();
  return Promise.all(rows.map((row) => getClub(db, actor, row.id)));
}

export async function getClub(db: Db | Tx, actor: Actor, clubId: string): Promise<ClubView> {
  const club = await db
    .selectFrom('clubs as c')
    .leftJoin('brands as b', 'b.id', 'c.brand_id')
    .selectAll('c')
    .select('b.code as brand_code')
    .where('c.id', '=', clubId)
    .where(() => clubVisible(actor, 'c'))
    .executeTakeFirst();
  if (!club) throw new NotFoundError('Club');
  const tiers = await db
    .selectFrom('club_tiers')
    .selectAll()
    .where('club_id', '=', clubId)
    .orderBy('rank')
    .execute();
  return {
    id: club.id,
    code: club.code,
    name: club.name,
    brandCode: club.brand_code,
    currency: club.currency.trim(),
    purchasePointsPer100: club.purchase_points_per_100,
    servicePointsPer100: club.service_points_per_100,
    eventPoints: club.event_points,
    referralPoints: club.referral_points,
    pointsValidMonths: club.points_valid_months,
    tierWindowMonths: club.tier_window_months,
    earnFrom: club.earn_from,
    tiers: tiers.map((tier) => ({
      id: tier.id,
      code: tier.code,
      name: tier.name,
      rank: tier.rank,
      minPoints: tier.min_points,
      minSpendMinor: tier.min_spend_minor === null ? null : Number(tier.min_spend_minor),
    })),
  };
}

export async function updateClub(
  db: Db,
  actor: Actor,
  clubId: string,
  input: UpdateClubInput,
): Promise<ClubView> {
  const club = await getClub(db, actor, clubId);
  const brandId = await brandIdOf(db, clubId);
  assertMayConfigure(actor, brandId);
  await withActor(db, actor, (tx) =>
    tx
      .updateTable('clubs')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.purchasePointsPer100 !== undefined && {
          purchase_points_per_100: input.purchasePointsPer100,
        }),
        ...(input.servicePointsPer100 !== undefined && {
          service_points_per_100: input.servicePointsPer100,
        }),
        ...(input.eventPoints !== undefined && { event_points: input.eventPoints }),
        ...(input.referralPoints !== undefined && { referral_points: input.referralPoints }),
        ...(input.pointsValidMonths !== undefined && {
          points_valid_months: input.pointsValidMonths,
        }),
        ...(input.tierWindowMonths !== undefined && { tier_window_months: input.tierWindowMonths }),
        ...(input.earnFrom !== undefined && { earn_from: input.earnFrom }),
      })
      .where('id', '=', club.id)
      .execute(),
  );
  return getClub(db, actor, clubId);
}

async function brandIdOf(db: Db, clubId: string): Promise<string | null> {
  const row = await db
    .selectFrom('clubs')
    .select('brand_id')
    .where('id', '=', clubId)
    .executeTakeFirstOrThrow();
  return row.brand_id;
}

/**
 * Replaces the club's tiers: tiers are matched by code (kept, renamed, re-ranked), new codes
 * are added, and a dropped code is refused while members are in it.
 */
export async function replaceTiers(
  db: Db,
  actor: Actor,
  clubId: string,
  tiers: TierInput[],
): Promise<ClubView> {
  const club = await getClub(db, actor, clubId);
  assertMayConfigure(actor, await brandIdOf(db, clubId));
  checkTiers(tiers, 'tiers');
  const wanted = new Set(tiers.map((tier) => tier.code));
  const dropped = club.tiers.filter((tier) => !wanted.has(tier.code));
  await withActor(db, actor, async (tx) => {
    if (dropped.length) {
      const used = await tx
        .selectFrom('club_members')
        .select('tier_id')
        .where(
          'tier_id',
          'in',
          dropped.map((tier) => tier.id),
        )
        .limit(1)
        .executeTakeFirst();
      if (used) {
        const code = dropped.find((tier) => tier.id === used.tier_id)?.code ?? '';
        throw new ConflictError(`Members are in the tier ${code}; keep it or move them first`, [
          { path: 'tiers', message: `tier ${code} has members`, code: 'in_use' },
        ]).because('tier_in_use', { tier: code });
      }
      await tx
        .deleteFrom('club_tiers')
        .where(
          'id',
          'in',
          dropped.map((tier) => tier.id),
        )
        .execute();
    }
    // (club_id, rank) is checked at commit, so ranks may be swapped here
    const kept = club.tiers.filter((tier) => wanted.has(tier.code));
    for (const tier of tiers) {
      const current = kept.find((old) => old.code === tier.code);
      if (current) {
        await tx
          .updateTable('club_tiers')
          .set({
            name: tier.name,
            rank: tier.rank,
            min_points: tier.minPoints,
            min_spend_minor: tier.minSpendMinor ?? null,
          })
          .where('id', '=', current.id)
          .execute();
      } else {
        await insertTiers(tx, clubId, [tier]);
      }
    }
  });
  return getClub(db, actor, clubId);
}
