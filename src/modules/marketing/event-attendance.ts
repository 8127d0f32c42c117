import { can, type Actor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError } from '../../lib/errors.ts';
import { dealerZone } from '../org/index.ts';
import { localDayAt } from './event-times.ts';
import type { RegistrationStatus } from './schema.ts';

/**
 * Who may mark an event's attendance, and when. One function answers both the registrations
 * list's `attendance` flag (what the page offers) and the attendance route (what it accepts),
 * so the two cannot drift.
 *
 * Marking someone as came is open from the event's day on the showroom's clock: people arrive
 * before the start, but a "came" recorded days ahead is a slip, and it would stop his reminders
 * (event care skips people already there). Taking a "came" back is always allowed to whoever
 * may write: it corrects a mistake at the door.
 */
export type AttendanceBlock = 'read_only' | 'not_yet';

export type AttendanceRule = {
  /** whether people holding a place may be marked as came now */
  mayMark: boolean;
  /** whether a "came" may be taken back */
  mayUndo: boolean;
  /** why marking is closed (null: open) */
  reason: AttendanceBlock | null;
  /** when marking opens: midnight of the event's day in the showroom's zone */
  opensAt: string;
};

/** Only people holding a place can be marked: the waitlist and the cancelled never came. */
export const markableStatus: RegistrationStatus = 'registered';

export function attendanceRule(
  actor: Actor,
  event: { startsAt: Date; timeZone: string },
  now: Date,
): AttendanceRule {
  const opensAt = localDayAt(event.startsAt, event.timeZone, 0, 0);
  const writes = can(actor, 'marketing:write');
  const reason: AttendanceBlock | null = !writes ? 'read_only' : now < opensAt ? 'not_yet' : null;
  return { mayMark: reason === null, mayUndo: writes, reason, opensAt: opensAt.toISOString() };
}

/** The rule for a stored event campaign: its start and its dealer's (else the group's) zone. */
export async function eventAttendanceRule(
  db: Db,
  actor: Actor,
  campaign: { id: string; event_starts_at: Date | null },
  now: Date,
): Promise<AttendanceRule> {
  const { time_zone } = await db
    .selectFrom('marketing_campaigns')
    .select((eb) => dealerZone(eb.ref('dealer_id')).as('time_zone'))
    .where('id', '=', campaign.id)
    .executeTakeFirstOrThrow();
  // an event always has its time (campaign.schemas.ts); the epoch only keeps the type honest
  return attendanceRule(
    actor,
    { startsAt: campaign.event_starts_at ?? new Date(0), timeZone: time_zone },
    now,
  );
}

/** The route's side of the rule: a 409 naming when marking opens. */
export function assertMayMark(rule: AttendanceRule): void {
  if (rule.reason !== 'not_yet') return;
  throw new ConflictError('Attendance can be marked from the event’s day', [
    {
      path: 'attended',
      message: `opens at ${rule.opensAt}`,
      code: 'attendance_not_yet',
      params: { opensAt: rule.opensAt },
    },
  ]).because('attendance_not_yet', { opensAt: rule.opensAt });
}
