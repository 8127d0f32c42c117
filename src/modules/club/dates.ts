/** Today as an ISO calendar date (UTC, as the server's jobs count days). */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The ISO date `months` calendar months after `date`, clamped to the month's last day
 *  (31 January + 1 month = 28 or 29 February), as PostgreSQL's date + interval does. */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}
