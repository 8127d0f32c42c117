import type { Actor } from '../../auth/index.ts';
import { can, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { memberVisible } from './club-scope.ts';
import { addMonths, today } from './dates.ts';
import type { PointSource } from './schema.ts';

export type LedgerEntry = {
  id: string;
  source: PointSource;
  sourceId: string | null;
  points: number;
  reason: string | null;
  occurredOn: string;
  expiresOn: string | null;
  amountMinor: number | null;
  currency: string | null;
  correctsEntryId: string | null;
  createdBy: string | null;
  createdAt: string;
};

export type PointsView = { balance: number; items: LedgerEntry[]; total: number };

type MemberRef = { id: string; customer_id: string; club_id: string; points_valid_months: number };

async function visibleMember(db: Db, actor: Actor, memberId: string): Promise<MemberRef> {
  const row = await db
    .selectFrom('club_members as m')
    .innerJoin('clubs as c', 'c.id', 'm.club_id')
    .select(['m.id', 'm.customer_id', 'm.club_id', 'c.points_valid_months'])
    .where('m.id', '=', memberId)
    .where(() => memberVisible(actor, 'm'))
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Member');
  return row;
}

export async function balanceOf(db: Db, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('club_point_balances')
    .select('balance')
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row?.balance ?? 0;
}

/** The member's ledger, newest first, with his balance. */
export async function memberPoints(
  db: Db,
  actor: Actor,
  memberId: string,
  page: { limit: number; offset: number },
): Promise<PointsView> {
  if (!can(actor, 'club:read')) throw new ForbiddenError();
  const member = await visibleMember(db, actor, memberId);
  const base = db.selectFrom('club_points_ledger as l').where('l.member_id', '=', member.id);
  const [rows, count, balance] = await Promise.all([
    base
      .leftJoin('users as u', 'u.id', 'l.created_by')
      .selectAll('l')
      .select('u.display_name as created_by_name')
      .orderBy('l.occurred_on', 'desc')
      .orderBy('l.created_at', 'desc')
      .orderBy('l.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    balanceOf(db, member.id),
  ]);
  return {
    balance,
    total: Number(count.n),
    items: rows.map((row) => ({
      id: row.id,
      source: row.source,
      sourceId: row.source_id,
      points: row.points,
      reason: row.reason,
      occurredOn: row.occurred_on,
      expiresOn: row.expires_on,
      amountMinor: row.amount_minor === null ? null : Number(row.amount_minor),
      currency: row.currency?.trim() ?? null,
      correctsEntryId: row.corrects_entry_id,
      createdBy: row.created_by_name,
      createdAt: row.created_at.toISOString(),
    })),
  };
}

function isBalanceCheck(error: unknown): boolean {
  const pgError = error as { code?: string; constraint?: string; message?: string };
  return (
    pgError.code === '23514' &&
    (pgError.constraint === 'club_point_balances_balance_check' ||
      (pgError.message ?? '').includes('club_point_balances_balance_check'))
  );
}

/**
 * Writes ledger rows on behalf of the actor; the balance trigger refuses an overdraft, which is
 * answered as a conflict naming the points field and the balance left.
 */
async function appendEntry(
  db: Db,
  actor: Actor,
  member: MemberRef,
  entry: {
    source: PointSource;
    points: number;
    reason: string;
    sourceId?: string | null;
    expiresOn?: string | null;
    correctsEntryId?: string | null;
  },
): Promise<{ entryId: string; balance: number }> {
  try {
    return await withActor(db, actor, async (tx) => {
      const row = await tx
        .insertInto('club_points_ledger')
        .values({
          member_id: member.id,
          customer_id: member.customer_id,
          club_id: member.club_id,
          source: entry.source,
          source_id: entry.sourceId ?? null,
          points: entry.points,
          reason: entry.reason,
          occurred_on: today(),
          expires_on: entry.expiresOn ?? null,
          corrects_entry_id: entry.correctsEntryId ?? null,
          created_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const balance = await tx
        .selectFrom('club_point_balances')
        .select('balance')
        .where('member_id', '=', member.id)
        .executeTakeFirstOrThrow();
      return { entryId: row.id, balance: balance.balance };
    });
  } catch (error) {
    if (!isBalanceCheck(error)) throw error;
    const balance = await balanceOf(db, member.id);
    throw new ConflictError(`Not enough points: the balance is ${balance}`, [
      {
        path: 'points',
        message: `more than the balance (${balance})`,
        code: 'insufficient_points',
        params: { balance },
      },
    ]).because('insufficient_points', { balance });
  }
}

/** Spend points (a gift, a service discount); never more than the balance, even when two
 *  redemptions arrive at once. */
export async function redeemPoints(
  db: Db,
  actor: Actor,
  memberId: string,
  input: { points: number; reason: string },
): Promise<{ entryId: string; balance: number }> {
  if (!can(actor, 'club:write')) throw new ForbiddenError('You may not redeem points');
  const member = await visibleMember(db, actor, memberId);
  return appendEntry(db, actor, member, {
    source: 'redemption',
    points: -input.points,
    reason: input.reason,
  });
}

/** Points granted by hand, with the reason (a goodwill gesture, a club task). */
export async function grantPoints(
  db: Db,
  actor: Actor,
  memberId: string,
  input: { points: number; reason: string },
): Promise<{ entryId: string; balance: number }> {
  if (!can(actor, 'club:manage')) throw new ForbiddenError('You may not grant points');
  const member = await visibleMember(db, actor, memberId);
  return appendEntry(db, actor, member, {
    source: 'manual',
    points: input.points,
    reason: input.reason,
    expiresOn: addMonths(today(), member.points_valid_months),
  });
}

/** A correction of an earlier entry of the same member: a new row, the old one stays. */
export async function correctEntry(
  db: Db,
  actor: Actor,
  memberId: string,
  input: { entryId: string; points: number; reason: string },
): Promise<{ entryId: string; balance: number }> {
  if (!can(actor, 'club:manage')) throw new ForbiddenError('You may not correct points');
  const member = await visibleMember(db, actor, memberId);
  const original = await db
    .selectFrom('club_points_ledger')
    .select(['id', 'expires_on'])
    .where('id', '=', input.entryId)
    .where('member_id', '=', member.id)
    .executeTakeFirst();
  if (!original)
    throw new ValidationError([
      { path: 'entryId', message: 'no such entry of this member', code: 'unknown' },
    ]);
  return appendEntry(db, actor, member, {
    source: 'correction',
    points: input.points,
    reason: input.reason,
    correctsEntryId: original.id,
    expiresOn: input.points > 0 ? original.expires_on : null,
  });
}
