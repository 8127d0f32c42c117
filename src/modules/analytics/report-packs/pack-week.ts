/**
 * Calendar arithmetic of the weekly pack. A week is Monday to Sunday, named by its Monday
 * ('2026-11-23'). Packs go out on Monday from 07:00 local time and report the week that ended
 * the evening before, so "due" is about the wall clock in the recipient's time zone.
 */
import { addDays } from '../../../lib/zoned-time.ts';

export const sendHour = 7;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** The Monday of the week a calendar date lies in. */
export function mondayOf(date: string): string {
  if (!isoDate.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new RangeError(`not a date: ${date}`);
  }
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/** The wall clock in a time zone: its calendar date and hour. */
export function localClock(now: Date, timeZone: string): { date: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')) };
}

/**
 * The week whose pack is due at `now` in the time zone: the week before the latest Monday
 * 07:00 that has passed. A server that was down on Monday still gets this week on Tuesday
 * (catch-up); from the next Monday 07:00 on, the following week replaces it.
 */
export function dueWeek(now: Date, timeZone: string): string {
  const clock = localClock(now, timeZone);
  const monday = mondayOf(clock.date);
  const sendMonday = clock.date === monday && clock.hour < sendHour ? addDays(monday, -7) : monday;
  return addDays(sendMonday, -7);
}

/** The week a pack reports on and the one it is compared with, as dashboard periods. */
export function packPeriods(weekStart: string) {
  return {
    current: { from: weekStart, to: addDays(weekStart, 6) },
    previous: { from: addDays(weekStart, -7), to: addDays(weekStart, -1) },
  };
}
