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

type LocalDate = { year: number; month: number; day: number };
type LocalDateTime = LocalDate & { hour: number; minute: number; second: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter of the zone, or of UTC when the zone is not a real one (free text). */
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      formatter = formatterOf('UTC');
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock date and time of an instant in a zone. */
export function localDateTime(at: Date, timeZone: string): LocalDateTime {
  const parts = formatterOf(timeZone).formatToParts(at);
  const value = (type: string) => Number(parts.find((part) => part.type === type)!.value);
  return {
    year: value('year'),
    month: value('month'),
    day: value('day'),
    hour: value('hour'),
    minute: value('minute'),
    second: value('second'),
  };
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(at: Date, timeZone: string): number {
  const local = localDateTime(at, timeZone);
  const asUtc = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
  );
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant a local wall-clock time happens in a zone. A time skipped by the clocks going
 * forward (02:30 on the night of the change) is read with the offset from before the change,
 * which lands it just after the gap; a time that happens twice takes the first.
 */
export function zonedInstant(local: LocalDateTime, timeZone: string): Date {
  const naive = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
  );
  const before = offsetAt(new Date(naive - 86_400_000), timeZone);
  const after = offsetAt(new Date(naive + 86_400_000), timeZone);
  // try the earlier offset first: for a repeated hour it is the first occurrence
  for (const offset of before >= after ? [before, after] : [after, before]) {
    const candidate = new Date(naive - offset);
    const seen = localDateTime(candidate, timeZone);
    if (seen.hour === local.hour && seen.day === local.day && seen.minute === local.minute) {
      return candidate;
    }
  }
  // in the gap: the offset from before the change
  return new Date(naive - before);
}

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
