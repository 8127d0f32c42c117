import { sql } from 'kysely';
import type { Scope } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { CompileOptions } from './segment-compiler.ts';

/**
 * Runs a segment query (the count, the member page) in its own transaction with JIT off for that
 * transaction only. A segment's plan is costed in the millions (one probe per candidate
 * customer), far above PostgreSQL's JIT thresholds, so on a server at the defaults it compiled
 * and optimized 55–62 expression functions with LLVM on every count: 0.4–0.5 s of the owners
 * segment's 1.4–2.4 s in bench/segment-count.ts, for a query that then runs a few hundred
 * milliseconds.
 *
 * (work_mem 32 MB was tried beside it: it kept the owners' distinct ids in memory, but turned the
 * dormant segment's dealer plan into 97,000 summary probes, slower on the loaded bench machine.)
 *
 * With `parallel` (the live count, when segmentCountQuery asks for it), PostgreSQL may also split
 * the query over parallel workers, which the pool turns off for every other query
 * (src/db/database.ts). The member page, which stops at its page's end, keeps the pool's setting.
 *
 * Inside a caller's transaction the settings are left alone, as `set local` would last to its end.
 */
export async function withSegmentQuerySettings<T>(
  db: Db,
  run: (db: Db) => Promise<T>,
  options: { parallel?: boolean } = {},
): Promise<T> {
  if (db.isTransaction) return run(db);
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('jit', 'off', true)`.execute(tx);
    if (options.parallel) {
      await sql`select set_config('max_parallel_workers_per_gather', ${String(countWorkers)}, true)`.execute(
        tx,
      );
    }
    return run(tx);
  });
}

/** parallel workers a count may use beside its own process (PostgreSQL's default) */
const countWorkers = 2;

/**
 * How the count compiles a tree: over the whole group, consent is joined as a set
 * (segment-compiler.ts, consentAsJoin); in a narrower scope it stays a probe per customer. Not
 * for the member page, which walks customers in name order and stops at the page's end.
 */
export function segmentQueryOptions(scope: Scope): Pick<CompileOptions, 'consentAsJoin'> {
  return { consentAsJoin: scope.level === 'group' };
}
