import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * Runs a segment count in its own transaction with two planner settings of that transaction only:
 *
 * - jit off: a segment's plan is costed in the millions (one probe per candidate customer), far
 *   above PostgreSQL's JIT thresholds, so it compiled and optimized 55–62 expression functions
 *   with LLVM on every count, 0.4–0.5 s of the owners segment's 1.4–2.4 s in
 *   bench/segment-count.ts, for a query that then runs a few hundred milliseconds.
 * - work_mem 32 MB: the distinct owners of a common make (220,000 ids at 1.14 M customers) and
 *   their hash join spilled to disk in two batches at the default 4 MB.
 *
 * Inside a caller's transaction the settings are left alone, as `set local` would last to its end.
 */
export async function withSegmentQuerySettings<T>(db: Db, run: (db: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return run(db);
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('jit', 'off', true), set_config('work_mem', '32MB', true)`.execute(
      tx,
    );
    return run(tx);
  });
}
