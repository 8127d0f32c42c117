import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, dealerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { clubVisible, memberVisible } from './club-scope.ts';
import type { EventInput, EventListQuery } from './club.schemas.ts';
import { clubDealerId } from './club-dealer.ts';
import { getClub } from './clubs.service.ts';
import { addMonths } from './dates.ts';
import type { EventKind } from './schema.ts';

export type EventView = {
  id: string;
  clubId: string;
  clubCode: string;
  dealerCode: string | null;
  title: string;
  kind: EventKind;
  venue: string;
  startsAt: string;
  endsAt: string | null;
  capacity: number;
  points: number;
  status: 'planned' | 'cancelled';
  description: string | null;
  registered: number;
  attended: number;
};

export type RegistrationView = {
  memberId: string;
  memberNumber: string;
  displayName: string;
  tierCode: string;
  status: 'registered' | 'cancelled';
  attended: boolean;
  registeredAt: string;
};

function eventRows(db: Db, actor: Actor) {
  return db
    .selectFrom('club_events as e')
    .innerJoin('clubs as c', 'c.id', 'e.club_id')
    .leftJoin('dealers as d', 'd.id', 'e.dealer_id')
    .select([
      'e.id',
      'e.club_id',
      'c.code as club_code',
      'd.code as dealer_code',
      'e.title',
      'e.kind',
      'e.venue',
      'e.starts_at',
      'e.ends_at',
      'e.capacity',
      sql<number>`coalesce(e.points, c.event_points)`.as('points'),
      'e.status',
      'e.description',
      sql<string>`(select count(*) from club_event_registrations r
                    where r.event_id = e.id and r.status = 'registered')`.as('registered'),
      sql<string>`(select count(*) from club_event_registrations r
                    where r.event_id = e.id and r.attended)`.as('attended'),
    ])
    .where(() => clubVisible(actor, 'c'))
    .where((eb) =>
      eb.or([eb('e.dealer_id', 'is', null), dealerVisible(actor, eb.ref('e.dealer_id'))]),
    );
}

type EventRow = Awaited<ReturnType<ReturnType<typeof eventRows>['executeTakeFirstOrThrow']>>;

function toView(row: EventRow): EventView {
  return {
    id: row.id,
    clubId: row.club_id,
    clubCode: row.club_code,
    dealerCode: row.dealer_code,
    title: row.title,
    kind: row.kind,
    venue: row.venue,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at?.toISOString() ?? null,
    capacity: row.capacity,
    points: row.points,
    status: row.status,
    description: row.description,
    registered: Number(row.registered),
    attended: Number(row.attended),
  };
}

export async function createEvent(
  db: Db,
  actor: Actor,
  clubId: string,
  input: EventInput,
): Promise<EventView> {
  if (!can(actor, 'club:manage')) throw new ForbiddenError('You may not plan club events');
  const club = await getClub(db, actor, clubId);
  // a dealer's people plan their dealer's events; club-wide ones are the brand's
  const dealerId = await clubDealerId(db, actor, input.dealerCode, { ownDealerRequired: true });
  if (input.endsAt && input.endsAt < input.startsAt)
    throw new ValidationError([
      { path: 'endsAt', message: 'before the start', code: 'before_start' },
    ]);
  const id = await withActor(db, actor, async (tx) => {
    const row = await tx
      .insertInto('club_events')
      .values({
        club_id: club.id,
        dealer_id: dealerId,
        title: input.title,
        kind: input.kind,
        venue: input.venue,
        starts_at: new Date(input.startsAt),
        ends_at: input.endsAt ? new Date(input.endsAt) : null,
        capacity: input.capacity,
        points: input.points ?? null,
        description: input.description ?? null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  return getEvent(db, actor, id);
}

export async function getEvent(db: Db, actor: Actor, eventId: string): Promise<EventView> {
  if (!can(actor, 'club:read')) throw new ForbiddenError();
  const row = await eventRows(db, actor).where('e.id', '=', eventId).executeTakeFirst();
  if (!row) throw new NotFoundError('Event');
  return toView(row);
}

export async function listEvents(
  db: Db,
  actor: Actor,
  query: EventListQuery,
): Promise<{ items: EventView[]; total: number }> {
  if (!can(actor, 'club:read')) throw new ForbiddenError();
  let base = eventRows(db, actor);
  if (query.clubId) base = base.where('e.club_id', '=', query.clubId);
  if (query.upcoming) base = base.where('e.starts_at', '>=', new Date());
  const [rows, count] = await Promise.all([
    base
      .orderBy('e.starts_at', query.upcoming ? 'asc' : 'desc')
      .orderBy('e.id')
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

/** The registrations of members the actor may see. */
export async function registrationsOf(
  db: Db,
  actor: Actor,
  eventId: string,
): Promise<RegistrationView[]> {
  await getEvent(db, actor, eventId);
  const rows = await db
    .selectFrom('club_event_registrations as r')
    .innerJoin('club_members as m', 'm.id', 'r.member_id')
    .innerJoin('customers as cu', 'cu.id', 'm.customer_id')
    .innerJoin('club_tiers as t', 't.id', 'm.tier_id')
    .select([
      'r.member_id',
      'm.member_number',
      'cu.display_name',
      't.code as tier_code',
      'r.status',
      'r.attended',
      'r.registered_at',
    ])
    .where('r.event_id', '=', eventId)
    .where(() => memberVisible(actor, 'm'))
    .orderBy('r.registered_at')
    .execute();
  return rows.map((row) => ({
    memberId: row.member_id,
    memberNumber: row.member_number,
    displayName: row.display_name,
    tierCode: row.tier_code,
    status: row.status,
    attended: row.attended,
    registeredAt: row.registered_at.toISOString(),
  }));
}

async function visibleMemberOfClub(db: Db, actor: Actor, memberId: string, clubId: string) {
  const member = await db
    .selectFrom('club_members as m')
    .select(['m.id', 'm.customer_id', 'm.club_id', 'm.status'])
    .where('m.id', '=', memberId)
    .where(() => memberVisible(actor, 'm'))
    .executeTakeFirst();
  if (!member) throw new NotFoundError('Member');
  if (member.club_id !== clubId)
    throw new ValidationError([
      { path: 'memberId', message: 'a member of another club', code: 'other_club' },
    ]);
  if (member.status !== 'active')
    throw new ConflictError('The member has left the club', [
      { path: 'memberId', message: 'left the club', code: 'left' },
    ]).because('member_left_club');
  return member;
}

/**
 * Registers a member; the event row is locked while the seats are counted, so two
 * registrations for the last seat cannot both get it.
 */
export async function registerForEvent(
  db: Db,
  actor: Actor,
  eventId: string,
  memberId: string,
): Promise<EventView> {
  if (!can(actor, 'club:write')) throw new ForbiddenError('You may not register members');
  const event = await getEvent(db, actor, eventId);
  const member = await visibleMemberOfClub(db, actor, memberId, event.clubId);
  await withActor(db, actor, async (tx) => {
    const locked = await tx
      .selectFrom('club_events')
      .select(['capacity', 'status', 'starts_at'])
      .where('id', '=', eventId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (locked.status === 'cancelled')
      throw new ConflictError('The event is cancelled').because('event_cancelled');
    if (locked.starts_at.getTime() < Date.now())
      throw new ConflictError('The event has begun; record attendance instead').because(
        'event_begun_record_attendance',
      );
    const taken = await tx
      .selectFrom('club_event_registrations')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('event_id', '=', eventId)
      .where('status', '=', 'registered')
      .executeTakeFirstOrThrow();
    const existing = await tx
      .selectFrom('club_event_registrations')
      .select(['id', 'status'])
      .where('event_id', '=', eventId)
      .where('member_id', '=', member.id)
      .executeTakeFirst();
    if (existing?.status === 'registered')
      throw new ConflictError('Registered already', [
        { path: 'memberId', message: 'registered already', code: 'taken' },
      ]).because('already_registered');
    if (Number(taken.n) >= locked.capacity)
      throw new ConflictError(`The event is full (${locked.capacity} seats)`, [
        {
          path: 'memberId',
          message: 'no seat left',
          code: 'full',
          params: { capacity: locked.capacity },
        },
      ]).because('event_full', { capacity: locked.capacity });
    if (existing) {
      await tx
        .updateTable('club_event_registrations')
        .set({ status: 'registered', registered_at: new Date() })
        .where('id', '=', existing.id)
        .execute();
    } else {
      await tx
        .insertInto('club_event_registrations')
        .values({
          event_id: eventId,
          member_id: member.id,
          customer_id: member.customer_id,
          created_by: actor.userId,
        })
        .execute();
    }
  });
  return getEvent(db, actor, eventId);
}

export async function cancelRegistration(
  db: Db,
  actor: Actor,
  eventId: string,
  memberId: string,
): Promise<EventView> {
  if (!can(actor, 'club:write')) throw new ForbiddenError();
  const event = await getEvent(db, actor, eventId);
  const member = await visibleMemberOfClub(db, actor, memberId, event.clubId);
  const done = await withActor(db, actor, (tx) =>
    tx
      .updateTable('club_event_registrations')
      .set({ status: 'cancelled' })
      .where('event_id', '=', eventId)
      .where('member_id', '=', member.id)
      .where('attended', '=', false)
      .executeTakeFirst(),
  );
  if (Number(done.numUpdatedRows) === 0) throw new NotFoundError('Registration');
  return getEvent(db, actor, eventId);
}

/**
 * Records who came (walk-ins included) once the event has begun; each attendee earns the
 * event's points once (the ledger's unique source key makes a repeat a no-op).
 */
export async function recordAttendance(
  db: Db,
  actor: Actor,
  eventId: string,
  memberIds: string[],
): Promise<EventView> {
  if (!can(actor, 'club:write')) throw new ForbiddenError('You may not record attendance');
  const event = await getEvent(db, actor, eventId);
  if (event.status === 'cancelled')
    throw new ConflictError('The event is cancelled').because('event_cancelled');
  if (Date.parse(event.startsAt) > Date.now())
    throw new ConflictError('The event has not begun yet', [
      { path: 'memberIds', message: 'the event has not begun', code: 'not_started' },
    ]).because('event_not_begun');
  const members: Awaited<ReturnType<typeof visibleMemberOfClub>>[] = [];
  for (const [index, memberId] of memberIds.entries()) {
    try {
      members.push(await visibleMemberOfClub(db, actor, memberId, event.clubId));
    } catch (error) {
      if (error instanceof NotFoundError)
        throw new ValidationError([
          { path: `memberIds.${index}`, message: 'no such member', code: 'unknown' },
        ]);
      throw error;
    }
  }
  const startsOn = event.startsAt.slice(0, 10);
  const club = await db
    .selectFrom('clubs')
    .select('points_valid_months')
    .where('id', '=', event.clubId)
    .executeTakeFirstOrThrow();
  await withActor(db, actor, async (tx) => {
    await tx
      .insertInto('club_event_registrations')
      .values(
        members.map((member) => ({
          event_id: eventId,
          member_id: member.id,
          customer_id: member.customer_id,
          attended: true,
          attended_at: new Date(),
          created_by: actor.userId,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['event_id', 'member_id']).doUpdateSet({
          status: 'registered',
          attended: true,
          attended_at: sql`coalesce(club_event_registrations.attended_at, now())`,
        }),
      )
      .execute();
    if (event.points > 0) {
      await tx
        .insertInto('club_points_ledger')
        .values(
          members.map((member) => ({
            member_id: member.id,
            customer_id: member.customer_id,
            club_id: event.clubId,
            source: 'event' as const,
            source_id: eventId,
            points: event.points,
            reason: event.title,
            occurred_on: startsOn,
            expires_on: addMonths(startsOn, club.points_valid_months),
            created_by: actor.userId,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['member_id', 'source', 'source_id'])
            .where('source_id', 'is not', null)
            .doNothing(),
        )
        .execute();
    }
  });
  return getEvent(db, actor, eventId);
}

export async function cancelEvent(db: Db, actor: Actor, eventId: string): Promise<EventView> {
  if (!can(actor, 'club:manage')) throw new ForbiddenError();
  const event = await getEvent(db, actor, eventId);
  if (event.attended > 0)
    throw new ConflictError('Members attended this event already').because('event_attended');
  await withActor(db, actor, (tx) =>
    tx.updateTable('club_events').set({ status: 'cancelled' }).where('id', '=', eventId).execute(),
  );
  return getEvent(db, actor, eventId);
}
