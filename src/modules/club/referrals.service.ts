import type { Actor } from '../../auth/index.ts';
import { can, customerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { assertCustomerVisible } from '../customers/index.ts';
import { memberVisible } from './club-scope.ts';
import { today } from './dates.ts';

export type ReferralView = {
  id: string;
  referred: { id: string; displayName: string };
  referredOn: string;
  status: 'open' | 'rewarded';
  rewardedOn: string | null;
  note: string | null;
};

export type TierChangeView = {
  id: string;
  fromTier: string | null;
  toTier: string | null;
  direction: 'up' | 'down';
  changedOn: string;
  pointsInWindow: number;
  spendInWindowMinor: number;
};

async function visibleMember(db: Db, actor: Actor, memberId: string) {
  const member = await db
    .selectFrom('club_members as m')
    .select(['m.id', 'm.club_id', 'm.customer_id', 'm.status'])
    .where('m.id', '=', memberId)
    .where(() => memberVisible(actor, 'm'))
    .executeTakeFirst();
  if (!member) throw new NotFoundError('Member');
  return member;
}

/** A member brings a person (a prospect or another customer); he earns when that person buys. */
export async function addReferral(
  db: Db,
  actor: Actor,
  memberId: string,
  input: { customerId: string; note?: string | undefined },
): Promise<ReferralView> {
  if (!can(actor, 'club:write')) throw new ForbiddenError('You may not record referrals');
  const member = await visibleMember(db, actor, memberId);
  if (member.status !== 'active')
    throw new ConflictError('A member who left the club cannot refer people').because(
      'left_member_cannot_refer',
    );
  await assertCustomerVisible(db, actor, input.customerId);
  if (input.customerId === member.customer_id)
    throw new ValidationError([
      { path: 'customerId', message: 'the member himself', code: 'self' },
    ]);
  const taken = await db
    .selectFrom('club_referrals')
    .select('id')
    .where('club_id', '=', member.club_id)
    .where('referred_customer_id', '=', input.customerId)
    .executeTakeFirst();
  if (taken)
    throw new ConflictError('Another member brought this person already', [
      { path: 'customerId', message: 'referred already', code: 'taken' },
    ]).because('already_referred');
  const id = await withActor(db, actor, async (tx) => {
    const row = await tx
      .insertInto('club_referrals')
      .values({
        club_id: member.club_id,
        referrer_member_id: member.id,
        customer_id: member.customer_id,
        referred_customer_id: input.customerId,
        referred_on: today(),
        note: input.note ?? null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  const all = await referralsOf(db, actor, memberId);
  return all.find((referral) => referral.id === id)!;
}

/** The people a member brought (those outside the actor's scope are left out). */
export async function referralsOf(db: Db, actor: Actor, memberId: string): Promise<ReferralView[]> {
  if (!can(actor, 'club:read')) throw new ForbiddenError();
  const member = await visibleMember(db, actor, memberId);
  const rows = await db
    .selectFrom('club_referrals as r')
    .innerJoin('customers as c', 'c.id', 'r.referred_customer_id')
    .select([
      'r.id',
      'r.referred_customer_id',
      'c.display_name',
      'r.referred_on',
      'r.status',
      'r.rewarded_on',
      'r.note',
    ])
    .where('r.referrer_member_id', '=', member.id)
    .where((eb) => customerVisible(actor, eb.ref('r.referred_customer_id')))
    .orderBy('r.referred_on', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    referred: { id: row.referred_customer_id, displayName: row.display_name },
    referredOn: row.referred_on,
    status: row.status,
    rewardedOn: row.rewarded_on,
    note: row.note,
  }));
}

/** The member's upgrades and downgrades, newest first. */
export async function tierChangesOf(
  db: Db,
  actor: Actor,
  memberId: string,
): Promise<TierChangeView[]> {
  if (!can(actor, 'club:read')) throw new ForbiddenError();
  const member = await visibleMember(db, actor, memberId);
  const rows = await db
    .selectFrom('club_tier_changes as h')
    .leftJoin('club_tiers as f', 'f.id', 'h.from_tier_id')
    .leftJoin('club_tiers as t', 't.id', 'h.to_tier_id')
    .select([
      'h.id',
      'f.code as from_code',
      't.code as to_code',
      'h.direction',
      'h.changed_on',
      'h.points_in_window',
      'h.spend_in_window_minor',
    ])
    .where('h.member_id', '=', member.id)
    .orderBy('h.changed_on', 'desc')
    .orderBy('h.created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    fromTier: row.from_code,
    toTier: row.to_code,
    direction: row.direction,
    changedOn: row.changed_on,
    pointsInWindow: row.points_in_window,
    spendInWindowMinor: Number(row.spend_in_window_minor),
  }));
}
