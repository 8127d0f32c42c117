import { localDateTime, zonedInstant, type LocalDate } from '../../lib/zoned-time.ts';
import type { DateField, Step } from './journey.schemas.ts';

/**
 * When a wait step wakes a person, in his own time zone. Pure: the runner hands in "now", the
 * person's zone and his dates. Local times are turned into instants through the zone's rules
 * (Intl), so a wait across a daylight-saving change keeps the local hour: "1 day" from 10:00
 * the day before the clocks go forward is 10:00 the next day, 23 hours later.
 */
export type WaitStep = Extract<Step, { type: 'wait' }>;
export type PersonDates = {
  /** YYYY-MM-DD */
  birthDate?: string | null;
  /** the day of the event that started the journey (delivery, anniversary, service due ...) */
  eventDate?: string | null;
  serviceDueDate?: string | null;
};

function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

function addMonths(date: LocalDate, months: number): LocalDate {
  const first = new Date(Date.UTC(date.year, date.month - 1 + months, 1));
  const year = first.getUTCFullYear();
  const month = first.getUTCMonth() + 1;
  // 31 January + 1 month = the last day of February
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { year, month, day: Math.min(date.day, last) };
}

function parseDate(value: string): LocalDate {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  return { year: year!, month: month!, day: day! };
}

const compare = (a: LocalDate, b: LocalDate) =>
  a.year - b.year || a.month - b.month || a.day - b.day;

/** The next birthday on or after `from` (29 February: the 28th in other years). */
function nextBirthday(birth: LocalDate, from: LocalDate, offsetDays: number): LocalDate {
  for (const year of [from.year - 1, from.year, from.year + 1]) {
    const last = new Date(Date.UTC(year, birth.month, 0)).getUTCDate();
    const day = addDays({ year, month: birth.month, day: Math.min(birth.day, last) }, offsetDays);
    if (compare(day, from) >= 0) return day;
  }
  return addDays(from, 0);
}

function dateOf(field: DateField, step: WaitStep, dates: PersonDates): string | null {
  switch (field) {
    case 'birthday':
      return dates.birthDate ?? null;
    case 'event_date':
      return dates.eventDate ?? null;
    case 'service_due':
      return dates.serviceDueDate ?? null;
    case 'fixed_date':
      return step.mode === 'until' ? (step.date ?? null) : null;
  }
}

/**
 * When the person wakes from the wait. Undefined: the date the step waits for is unknown
 * (no birthday on file), and the person leaves the journey. A time already past wakes at once.
 */
export function wakeTime(
  step: WaitStep,
  now: Date,
  timeZone: string,
  dates: PersonDates,
): Date | undefined {
  const local = localDateTime(now, timeZone);
  if (step.mode === 'duration') {
    if (step.unit === 'minutes') return new Date(now.getTime() + step.amount * 60_000);
    if (step.unit === 'hours') return new Date(now.getTime() + step.amount * 3_600_000);
    const day =
      step.unit === 'months'
        ? addMonths(local, step.amount)
        : addDays(local, step.amount * (step.unit === 'weeks' ? 7 : 1));
    const time =
      step.atHour === undefined
        ? { hour: local.hour, minute: local.minute, second: local.second }
        : { hour: step.atHour, minute: 0, second: 0 };
    return zonedInstant({ ...day, ...time }, timeZone);
  }
  const value = dateOf(step.field, step, dates);
  if (!value) return undefined;
  const day =
    step.field === 'birthday'
      ? nextBirthday(parseDate(value), local, step.offsetDays)
      : addDays(parseDate(value), step.offsetDays);
  const at = zonedInstant({ ...day, hour: step.atHour, minute: 0, second: 0 }, timeZone);
  return at < now ? now : at;
}
