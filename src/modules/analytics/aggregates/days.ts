import { sql, type RawBuilder } from 'kysely';

/** Which days a refresh rewrites: all of them (a rebuild) or a set of UTC days. */
export type DaySet = 'all' | string[];

/**
 * A join condition limiting a timestamp column to the given UTC days, written as ranges on the
 * column so its index serves it; `true` for a rebuild.
 */
export function timestampOnDays(column: RawBuilder<unknown>, days: DaySet): RawBuilder<boolean> {
  if (days === 'all') return sql<boolean>`true`;
  return sql<boolean>`exists (select 1 from unnest(${days}::date[]) as refresh_day(day)
    where ${column} >= refresh_day.day::timestamp at time zone 'UTC'
      and ${column} < (refresh_day.day + 1)::timestamp at time zone 'UTC')`;
}

/** The same for a date column. */
export function dateOnDays(column: RawBuilder<unknown>, days: DaySet): RawBuilder<boolean> {
  if (days === 'all') return sql<boolean>`true`;
  return sql<boolean>`${column} = any(${days}::date[])`;
}

/** The UTC day of a timestamp, as SQL. */
export const utcDay = (column: RawBuilder<unknown>) =>
  sql<string>`(${column} at time zone 'UTC')::date`;

/** The first day of an ISO date's month. */
export const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
