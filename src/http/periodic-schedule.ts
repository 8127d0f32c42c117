const minute = 60_000;
const hour = 60 * minute;

/**
 * The pg-boss cron expression (UTC) for an interval, when cron can say it: whole minutes that
 * divide an hour, or whole hours that divide a day. Other intervals (the outbox's seconds, a
 * test's milliseconds, 90 minutes) have no cron form and are triggered by a timer instead.
 */
export function cronFor(everyMs: number): string | null {
  const minutes = everyMs / minute;
  if (Number.isInteger(minutes) && minutes >= 1 && minutes < 60 && 60 % minutes === 0) {
    return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`;
  }
  const hours = everyMs / hour;
  if (Number.isInteger(hours) && hours >= 1 && 24 % hours === 0) {
    return hours === 1 ? '0 * * * *' : `0 */${hours} * * *`;
  }
  return null;
}

/**
 * How often a worker asks for its queue's next job: a quarter of the interval, between pg-boss's
 * floor of half a second and 15 s, so a minute's job starts within seconds of its tick while an
 * hourly one does not poll the database every two seconds.
 */
export function pollingSecondsFor(everyMs: number): number {
  return Math.min(15, Math.max(0.5, everyMs / 4000));
}

/** The job's pg-boss queue: `autocrm.` and its name in lower case with dashes. */
export function queueNameFor(jobName: string): string {
  const slug = jobName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `autocrm.${slug}`;
}
