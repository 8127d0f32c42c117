import { sql, type SelectQueryBuilder } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { can, dealerInScope, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { Schema } from '../../db/schema.ts';
import { localDate } from '../../lib/zoned-time.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { assertCustomerVisible, recordConsents } from '../customers/index.ts';
import { findDealerByCode, findDealerById } from '../org/index.ts';
import { clubVisible, memberVisible } from './club-scope.ts';
import { today } from './dates.ts';
import { dormantCutoff, isDormant, lastActivity } from './dormancy.ts';
import type { EnrolInput, MemberListQuery, UpdateMemberInput } from './club.schemas.ts';
import { getClub } from './clubs.service.ts';
import type { MemberStatus } from './schema.ts';

export type MemberView = {
  id: string;
  club: { id: string; code: string; name: string };
  memberNumber: string;
  customer: { id: string; displayName: string };
  joinedOn: string;
  homeDealerCode: string;
  tier: { code: string; name: string; rank: number };
  tierSince: string;
  status: MemberStatus;
  leftOn: string | null;
  tags: string[];
  referredBy: { memberNumber: string; displayName: string } | null;
  note: string | null;
  balance: number;
  lastActivityOn: string;
  /** no purchase, points, event or service in 6 months */
  dormant: boolean;
};

/** Tags in one spelling: kind in lower case, no repeats, sorted. */
export function normalizeTags(tags: readonly string[]): string[] {
  const clean = tags.map((tag) => {
    const at = tag.indexOf(':');
    return `${tag.slice(0, at).toLowerCase()}:${tag.slice(at + 1).trim()}`;
  });
  return [...new Set(clean)].sort();
}

function memberRows(db: Db | Tx) {
  return db
    .selectFrom('club_members as m')
    .innerJoin('clubs as c', 'c.id', 'm.club_id')
    .innerJoin('customers as cu', 'cu.id', 'm.customer_id')
    .innerJoin('dealers as d', 'd.id', 'm.home_dealer_id')
    .innerJoin('club_tiers as t', 't.id', 'm.tier_id')
    .leftJoin('club_point_balances as pb', 'pb.member_id', 'm.id')
    .leftJoin('club_members as rm', 'rm.id', 'm.referred_by_member_id')
    .leftJoin('customers as rc', 'rc.id', 'rm.customer_id')
    .select([
      'm.id',
      'm.club_id',
      'c.code as club_code',
      'c.name as club_name',
      'm.member_number',
      'm.customer_id',
      'cu.display_name',
      'm.joined_on',
      'd.code as dealer_code',
      't.code as tier_code',
      't.name as tier_name',
      't.rank as tier_rank',
      'm.tier_since',
      'm.status',
      'm.left_on',
      'm.tags',
      'rm.member_number as referrer_number',
      'rc.display_name as referrer_name',
      'm.note',
      'pb.balance',
      lastActivity('m').as('last_activity_on'),
    ]);
}

type MemberRow =
  ReturnType<typeof memberRows> extends SelectQueryBuilder<Schema, never, infer R> ? R : never;

function toView(row: MemberRow): MemberView {
  return {
    id: row.id,
    club: { id: row.club_id, code: row.club_code, name: row.club_name },
    memberNumber: row.member_number,
    customer: { id: row.customer_id, displayName: row.display_name },
    joinedOn: row.joined_on,
    homeDealerCode: row.dealer_code,
    tier: { code: row.tier_code, name: row.tier_name, rank: row.tier_rank },
    tierSince: row.tier_since,
    status: row.status,
    leftOn: row.left_on,
    tags: row.tags,
    referredBy:
      row.referrer_number && row.referrer_name
        ? { memberNumber: row.referrer_number, displayName: row.referrer_name }
        : null,
    note: row.note,
    balance: row.balance ?? 0,
    lastActivityOn: row.last_activity_on,
    dormant: row.status === 'active' && row.last_activity_on <= dormantCutoff(today()),
  };
}

/** The home dealer must be one the customer deals with (and one of the actor's). */
async function resolveHomeDealer(
  db: Db | Tx,
  actor: Actor,
  customerId: string,
  code: string | undefined,
  path: string,
): Promise<string> {
  const links = await db
    .selectFrom('customer_dealers as cd')
    .innerJoin('dealers as d', 'd.id', 'cd.dealer_id')
    .select(['d.id', 'd.code'])
    .where('cd.customer_id', '=', customerId)
    .execute();
  const mine = links.filter((link) => dealerInScope(actor, link.id));
  if (code) {
    const dealer = await findDealerByCode(db, code);
    if (!dealer || !dealerInScope(actor, dealer.id))
      throw new ValidationError([{ path, message: 'not one of your dealers', code: 'unknown' }]);
    if (!links.some((link) => link.id === dealer.id))
      throw new ValidationError([
        { path, message: 'the customer does not deal with this dealer', code: 'not_linked' },
      ]);
    return dealer.id;
  }
  const own = actor.dealerId ? mine.find((link) => link.id === actor.dealerId) : undefined;
  if (own) return own.id;
  if (mine.length === 1) return mine[0]!.id;
  throw new ValidationError([
    { path, message: 'say which dealer is the member’s home dealer', code: 'required' },
  ]);
}

export async function enrolMember(
  db: Db,
  actor: Actor,
  clubId: string,
  input: EnrolInput,
): Promise<MemberView> {
  if (!can(actor, 'club:write')) throw new ForbiddenError('You may not enrol club members');
  const club = await getClub(db, actor, clubId);
  await assertCustomerVisible(db, actor, input.customerId);
  const homeDealerId = await resolveHomeDealer(
    db,
    actor,
    input.customerId,
    input.homeDealerCode,
    'homeDealerCode',
  );
  if (club.tiers.length === 0)
    throw new ConflictError('The club has no tiers').because('club_without_tiers');
  // the home dealer's today: east of UTC the day starts before UTC's does
  const homeDealer = await findDealerById(db, homeDealerId);
  const dealerToday = homeDealer ? localDate(new Date(), homeDealer.timezone) : today();
  const joinedOn = input.joinedOn ?? dealerToday;
  if (joinedOn > dealerToday)
    throw new ValidationError([
      { path: 'joinedOn', message: 'lies in the future', code: 'in_future' },
    ]);
  let referrerId: string | null = null;
  let referrerCustomerId: string | null = null;
  if (input.referredByMemberNumber) {
    const referrer = await db
      .selectFrom('club_members')
      .select(['id', 'customer_id'])
      .where('club_id', '=', clubId)
      .where('member_number', '=', input.referredByMemberNumber)
      .executeTakeFirst();
    if (!referrer || referrer.customer_id === input.customerId)
      throw new ValidationError([
        { path: 'referredByMemberNumber', message: 'no such member of this club', code: 'unknown' },
      ]);
    referrerId = referrer.id;
    referrerCustomerId = referrer.customer_id;
  }
  const entryTier = club.tiers[0]!;
  const id = await withActor(db, actor, async (tx) => {
    const existing = await tx
      .selectFrom('club_members')
      .select('member_number')
      .where('club_id', '=', clubId)
      .where('customer_id', '=', input.customerId)
      .executeTakeFirst();
    if (existing)
      throw new ConflictError(`Already a member (${existing.member_number})`, [
        { path: 'customerId', message: 'already a member', code: 'taken' },
      ]).because('already_member', { number: existing.member_number });
    const number = await drawMemberNumber(tx, clubId, club.code);
    const member = await tx
      .insertInto('club_members')
      .values({
        club_id: clubId,
        customer_id: input.customerId,
        member_number: number,
        joined_on: joinedOn,
        home_dealer_id: homeDealerId,
        tier_id: entryTier.id,
        tier_since: joinedOn,
        tags: normalizeTags(input.tags),
        referred_by_member_id: referrerId,
        note: input.note ?? null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (referrerId) {
      // the referrer earns when the person he brought buys (see earning.ts)
      await tx
        .insertInto('club_referrals')
        .values({
          club_id: clubId,
          referrer_member_id: referrerId,
          customer_id: referrerCustomerId!,
          referred_customer_id: input.customerId,
          referred_on: joinedOn,
          created_by: actor.userId,
        })
        .onConflict((oc) => oc.columns(['club_id', 'referred_customer_id']).doNothing())
        .execute();
    }
    if (input.consents.length) {
      await recordConsents(
        tx,
        actor,
        input.customerId,
        input.consents.map((consent) => ({
          channel: consent.channel,
          status: 'granted' as const,
          purpose: 'marketing' as const,
          method: consent.method,
          evidence: consent.evidence ?? `owners club ${club.code} enrolment`,
          note: `club communications (${club.code})`,
        })),
        homeDealerId,
      );
    }
    return member.id;
  });
  return getMember(db, actor, id);
}

/** The next member number of the club, under the counter row's lock (no two alike). */
async function drawMemberNumber(tx: Tx, clubId: string, clubCode: string): Promise<string> {
  const row = await sql<{ seq: number }>`
    insert into club_number_counters (club_id, next_seq) values (${clubId}, 2)
    on conflict (club_id) do update set next_seq = club_number_counters.next_seq + 1
    returning next_seq - 1 as seq`.execute(tx);
  return `${clubCode}-${String(row.rows[0]!.seq).padStart(6, '0')}`;
}

export async function getMember(db: Db | Tx, actor: Actor, memberId: string): Promise<MemberView> {
  if (!can(actor, 'club:read')) throw new ForbiddenError();
  const row = await memberRows(db)
    .where('m.id', '=', memberId)
    .where(() => memberVisible(actor, 'm'))
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Member');
  return toView(row);
}

/** The customer's memberships (for his 360 page); empty when he is outside the scope. */
export async function membershipsOfCustomer(
  db: Db,
  actor: Actor,
  customerId: string,
): Promise<MemberView[]> {
  if (!can(actor, 'club:read')) throw new ForbiddenError();
  await assertCustomerVisible(db, actor, customerId);
  const rows = await memberRows(db)
    .where('m.customer_id', '=', customerId)
    .where(() => memberVisible(actor, 'm'))
    .orderBy('c.code')
    .execute();
  return rows.map(toView);
}

export async function listMembers(
  db: Db,
  actor: Actor,
  query: MemberListQuery,
): Promise<{ items: MemberView[]; total: number }> {
  if (!can(actor, 'club:read')) throw new ForbiddenError();
  let base = memberRows(db)
    .where(() => memberVisible(actor, 'm'))
    .where(() => clubVisible(actor, 'c'))
    .where('m.status', '=', query.status);
  if (query.clubId) base = base.where('m.club_id', '=', query.clubId);
  if (query.dealerCode) base = base.where('d.code', '=', query.dealerCode);
  if (query.tier) base = base.where('t.code', '=', query.tier);
  if (query.tag) {
    const tag = normalizeTags([query.tag])[0]!;
    base = base.where(sql<boolean>`m.tags @> array[${tag}]::text[]`);
  }
  if (query.dormant !== undefined) {
    const dormant = isDormant('m', today());
    base = base.where(query.dormant ? dormant : sql<boolean>`not ${dormant}`);
  }
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) =>
      eb.or([eb('m.member_number', 'ilike', like), eb('cu.display_name', 'ilike', like)]),
    );
  }
  const [rows, count] = await Promise.all([
    base
      .orderBy('m.joined_on', 'desc')
      .orderBy('m.id')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toView), total: Number(count.n) };
}

export async function updateMember(
  db: Db,
  actor: Actor,
  memberId: string,
  input: UpdateMemberInput,
): Promise<MemberView> {
  if (!can(actor, 'club:write')) throw new ForbiddenError('You may not change club members');
  const current = await getMember(db, actor, memberId);
  const homeDealerId = input.homeDealerCode
    ? await resolveHomeDealer(
        db,
        actor,
        current.customer.id,
        input.homeDealerCode,
        'homeDealerCode',
      )
    : undefined;
  await withActor(db, actor, (tx) =>
    tx
      .updateTable('club_members')
      .set({
        ...(input.tags !== undefined && { tags: normalizeTags(input.tags) }),
        ...(homeDealerId !== undefined && { home_dealer_id: homeDealerId }),
        ...(input.note !== undefined && { note: input.note }),
        ...(input.status !== undefined &&
          input.status !== current.status && {
            status: input.status,
            left_on: input.status === 'left' ? today() : null,
          }),
      })
      .where('id', '=', memberId)
      .execute(),
  );
  return getMember(db, actor, memberId);
}
