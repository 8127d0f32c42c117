/**
 * When an event's care messages fall due, in the dealer's time zone. Pure: the job hands in
 * the event and its zone. Local hours become instants through the zone's rules (Intl), so a
 * reminder "the same morning" is 08:00 on the clock of the showroom, whatever the server's zone.
 */
import { localDateTime, zonedInstant } from '../../lib/zoned-time.ts';

export type CareSettings = {
  startsAt: Date;
  /** hours before the start; null: no reminder */
  reminderHours: number | null;
  morningReminder: boolean;
  feedback: boolean;
};

export type CareTimes = {
  reminder: Date | null;
  morning: Date | null;
  feedback: Date | null;
};

/** local hour of the same-morning reminder and of the next day's feedback request */
export const morningHour = 8;
export const feedbackHour = 10;
/** a feedback request older than this is stale: the job stops catching up */
export const feedbackCatchUpMs = 7 * 86_400_000;

/** The instant of `hour`:00 local, `days` after the local day of `at`. */
export function localDayAt(at: Date, timeZone: string, days: number, hour: number): Date {
  const today = localDateTime(at, timeZone);
  const day = new Date(Date.UTC(today.year, today.month - 1, today.day + days));
  return zonedInstant(
    {
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
      hour,
      minute: 0,
      second: 0,
    },
    timeZone,
  );
}

export function careTimes(settings: CareSettings, timeZone: string): CareTimes {
  const start = settings.startsAt.getTime();
  const reminder =
    settings.reminderHours === null ? null : new Date(start - settings.reminderHours * 3_600_000);
  let morning: Date | null = settings.morningReminder
    ? localDayAt(settings.startsAt, timeZone, 0, morningHour)
    : null;
  // no morning reminder at or after the start, nor after a reminder that is already that day
  if (morning && (morning.getTime() >= start || (reminder && reminder >= morning))) morning = null;
  return {
    reminder,
    morning,
    feedback: settings.feedback ? localDayAt(settings.startsAt, timeZone, 1, feedbackHour) : null,
  };
}

/**
 * The start as the invitee reads it: his language, the showroom's clock. With an end, the
 * range as his language writes it ("18:00–20:00" on one day, both dates over two).
 */
export function startsLocal(
  startsAt: Date,
  timeZone: string,
  language: string,
  endsAt: Date | null = null,
): string {
  const format = (zone: string) => {
    const f = new Intl.DateTimeFormat(language, {
      dateStyle: 'full',
      timeStyle: 'short',
      timeZone: zone,
    });
    return endsAt ? f.formatRange(startsAt, endsAt) : f.format(startsAt);
  };
  try {
    return format(timeZone);
  } catch {
    return `${format('UTC')} UTC`;
  }
}
