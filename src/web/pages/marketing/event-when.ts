import type { Formatters } from '../../i18n/format.ts';

/**
 * An event's time as the staff pages show it: the start alone (events before 0226 have no
 * end), or "5 Dec 2026, 18:00 – 20:00", with the end's date only when it is another day.
 */
export function eventWhen(format: Formatters, startsAt: string, endsAt: string | null): string {
  if (!endsAt) return format.dateTime(startsAt);
  const sameDay = format.date(startsAt) === format.date(endsAt);
  return `${format.dateTime(startsAt)} – ${sameDay ? format.time(endsAt) : format.dateTime(endsAt)}`;
}
