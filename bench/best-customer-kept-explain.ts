/**
 * The plan of the best-customer kept list's SELECT (kept-scores.ts keptScoresQuery, what the
 * fit's INSERT writes), for a run that already has its list: to find where the INSERT's minutes
 * go without writing a million rows again.
 *
 *     DATABASE_URL=... npx tsx bench/best-customer-kept-explain.ts RUN_ID [--analyze]
 *
 * With --analyze the SELECT runs in full (as long as the fit's INSERT, minus the writing) and
 * only a count and the total size of its rows are returned.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { readyKeptList } from '../src/modules/analytics/best-customers/best-customers.service.ts';
import { keptScoresQuery } from '../src/modules/analytics/best-customers/kept-scores.ts';
import { databaseTarget } from '../src/server/config.ts';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: { analyze: { type: 'boolean', default: false } },
});
const runId = positionals[0];
if (!runId) throw new Error('usage: best-customer-kept-explain.ts RUN_ID [--analyze]');

const database = await openDatabase(databaseTarget(), {
  command: 'bench/best-customer-kept-explain.ts',
});
try {
  const params = await readyKeptList(database.db, runId);
  const today = params.scoredOn ?? new Date().toISOString().slice(0, 10);
  const scored = keptScoresQuery(runId, params.series, params.model, params.interestTags, today);
  await database.db.transaction().execute(async (tx) => {
    // as the app's own statements run on a server at the defaults: JIT would add seconds here
    await sql`select set_config('jit', 'off', true)`.execute(tx);
    const plan = options.analyze
      ? await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers)
          select count(*), sum(length(kept::text)) from (${scored}) kept`.execute(tx)
      : await sql<{ 'QUERY PLAN': string }>`explain ${scored}`.execute(tx);
    for (const row of plan.rows) console.log(row['QUERY PLAN']);
  });
} finally {
  await database.close();
}
