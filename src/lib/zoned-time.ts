/**
 * Wall-clock time in a named time zone (IANA, through Intl): what a local date and hour are at
 * an instant, and which instant a local date and hour are. Shared by the modules that schedule
 * for a person's or a showroom's clock (journeys, event reminders).
 */
export type LocalDate = { year: number; month: number; day: number };
export type LocalDateTime = LocalDate & { hour: number; minute: number; second: number };

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

/** The calendar day (YYYY-MM-DD) an instant falls on in a zone. */
export function localDate(at: Date, timeZone: string): string {
  const { year, month, day } = localDateTime(at, timeZone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The latest calendar day anywhere on Earth now (UTC+14, the Line Islands): a date with no
 * place to it (a birth date) lies in the future only once it is after this one.
 */
export function latestDateOnEarth(at: Date = new Date()): string {
  return localDate(at, 'Etc/GMT-14');
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

/** An ISO calendar date ('2026-11-23') moved by whole days (as UTC midnights: no DST shifts). */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}
