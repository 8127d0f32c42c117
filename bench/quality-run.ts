/**
 * A group-wide quality run timed: every customer scored chunk by chunk and the run's figures
 * per set of dealers recorded, as `POST /api/quality/runs` does for a group data steward and the
 * scheduled run does for the system. `--chunk N` customers per chunk (default 5,000, the
 * server's; a number above the base size scores it in one transaction, as before 0271). It
 * writes customer_quality and quality_runs (nothing else), so run it on a benchmark database.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:56216/bench1m npx tsx bench/quality-run.ts [--runs 2] [--chunk 5000]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { systemActor } from '../src/auth/index.ts';
import { openDatabase } from '../src/db/database.ts';
import { defaultChunkSize, runQualityScoring } from '../src/modules/quality/scores/chunked-run.ts';
import { databaseTarget } from '../src/server/config.ts';

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '2' },
    chunk: { type: 'string', default: String(defaultChunkSize) },
  },
});
const database = await openDatabase(databaseTarget(), { command: 'bench/quality-run.ts' });
try {
  for (let i = 1; i <= Number(options.runs); i++) {
    const load = os.loadavg().map((value) => value.toFixed(2));
    const start = performance.now();
    const run = await runQualityScoring(database.db, systemActor('cli'), {
      chunkSize: Number(options.chunk),
    });
    const seconds = (performance.now() - start) / 1000;
    const problems = Object.entries(run.problems)
      .filter(([, count]) => count > 0)
      .map(([code, count]) => `${code} ${count}`)
      .join(', ');
    console.log(
      `run ${i} (chunks of ${options.chunk}): ${seconds.toFixed(1)} s, ${run.customers} customers, average ${run.averageScore}` +
        ` (load average before ${load.join(' ')}; after ${os
          .loadavg()
          .map((value) => value.toFixed(2))
          .join(' ')})\n  ${problems}`,
    );
  }
} finally {
  await database.close();
}
