/**
 * Dates as whole day numbers (days since 1970-01-01, UTC): cheap to draw and compare, and
 * turned into text only when a row is written. Millions of rows go through here, so the
 * text forms are cached per day.
 */
const dayMs = 86_400_000;
/** day number + this = index into the cache (covers 1860 to 2190) */
const cacheOffset = 40_000;
const dayText: (string | undefined)[] = new Array(120_000);

export function dayOf(date: Date | string): number {
  const ms =
    typeof date === 'string' ? Date.parse(`${date.slice(0, 10)}T00:00:00Z`) : date.getTime();
  return Math.floor(ms / dayMs);
}

/** 'YYYY-MM-DD' of a day number. */
export function isoDay(day: number): string {
  let text = dayText[day + cacheOffset];
  if (text === undefined) {
    text = new Date(day * dayMs).toISOString().slice(0, 10);
    if (day + cacheOffset >= 0 && day + cacheOffset < dayText.length)
      dayText[day + cacheOffset] = text;
  }
  return text;
}

export function yearOf(day: number): number {
  return Number(isoDay(day).slice(0, 4));
}

export function dayOfYearStart(year: number): number {
  return Math.floor(Date.UTC(year, 0, 1) / dayMs);
}

const two = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/**
 * An ISO timestamp (UTC) for a local wall-clock time on a day; `utcOffset` is the local
 * zone's offset in hours (Moscow 3, Shanghai 8; neither has summer time).
 */
export function isoTime(day: number, hour: number, minute: number, utcOffset: number): string {
  let utcHour = hour - utcOffset;
  let utcDay = day;
  if (utcHour < 0) {
    utcHour += 24;
    utcDay -= 1;
  }
  return `${isoDay(utcDay)}T${two[utcHour]}:${two[minute]}:00Z`;
}

/** Milliseconds of a local wall-clock time, for ordering and comparisons. */
export function timeMs(day: number, hour: number, minute: number, utcOffset: number): number {
  return day * dayMs + ((hour - utcOffset) * 60 + minute) * 60_000;
}
