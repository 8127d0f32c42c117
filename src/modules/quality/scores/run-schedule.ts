/** The quiet hours of the scheduled quality run: times of day in the server's local time. */
export type RunSchedule = { times: readonly { hour: number; minute: number }[] };

const timePattern = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/**
 * QUALITY_RUN_AT: `HH:MM` (24-hour, server local time), several comma-separated for more than
 * one run a day, or `off`. Null when the schedule is off. A malformed value stops the server at
 * start with this message rather than silently never scoring.
 */
export function parseRunSchedule(value: string): RunSchedule | null {
  const text = value.trim();
  if (text === 'off') return null;
  const times = text.split(',').map((part) => {
    const match = timePattern.exec(part.trim());
    if (!match)
      throw new Error(
        `QUALITY_RUN_AT must be a time of day HH:MM (24-hour, server local time), several separated by commas, or "off"; got "${value}"`,
      );
    return { hour: Number(match[1]), minute: Number(match[2]) };
  });
  return { times };
}

/**
 * The latest time of the schedule at or before `now`: a scheduled run is due when none was
 * started since then. Local dates are built by the calendar, so a daylight-saving change moves
 * the run with the clock on the wall.
 */
export function latestSlot(schedule: RunSchedule, now: Date): Date {
  let latest = -Infinity;
  for (const { hour, minute } of schedule.times) {
    let slot = new Date(now.getFullYear(), now.getMonth(), now.getDate(), hour, minute);
    if (slot > now)
      slot = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1, hour, minute);
    latest = Math.max(latest, slot.getTime());
  }
  return new Date(latest);
}
