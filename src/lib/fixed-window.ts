import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Schema } from '../db/schema.ts';

/**
 * A fixed-window rate-limit counter kept in a module's own table: its key columns, a
 * `window_start` timestamp and a `hits` integer, unique on the key and `window_start`. The
 * table stays its module's; this only counts in it. One upsert, so concurrent requests of
 * several processes count exactly; a key's first hit in a window deletes the table's rows
 * older than the window before it (they are of no use any more): the first such delete of a
 * window removes them, the later ones find nothing (keep an index on `window_start`). `at`
 * stands in for the database's clock (tests of a window's edge); the clock of every caller is
 * the database's.
 */
export async function countFixedWindowHit(
  db: Db,
  table: keyof Schema & string,
  key: Record<string, string>,
  windowSeconds: number,
  at?: Date,
): Promise<{ hits: number; windowEnd: Date }> {
  const columns = Object.keys(key).map((column) => sql.ref(column));
  const values = Object.values(key).map((value) => sql`${value}`);
  const now = sql`coalesce(${at?.toISOString() ?? null}::timestamptz, now())`;
  const counted = await sql<{ hits: number; window_end: Date | string }>`
    insert into ${sql.table(table)} (${sql.join(columns)}, window_start)
    values (${sql.join(values)},
            to_timestamp(floor(extract(epoch from ${now}) / ${windowSeconds}) * ${windowSeconds}))
    on conflict (${sql.join(columns)}, window_start) do update
      set hits = ${sql.table(table)}.hits + 1
    returning hits, window_start + make_interval(secs => ${windowSeconds}) as window_end`.execute(
    db,
  );
  const row = counted.rows[0]!;
  if (row.hits === 1) {
    await sql`delete from ${sql.table(table)}
      where window_start < ${now} - make_interval(secs => ${windowSeconds * 2})`.execute(db);
  }
  return { hits: row.hits, windowEnd: new Date(row.window_end) };
}
