/**
 * A group-wide quality run timed: every customer scored in one statement and the run's figures
 * per dealer recorded, as `POST /api/quality/runs` does for a group data steward. It writes
 * customer_quality and quality_runs (nothing else), so run it on a benchmark database.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:56216/bench1m npx tsx bench/quality-run.ts [--runs 2]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { systemActor } from '../src/auth/index.ts';
import { openDatabase } from '../src/db/database.ts';
import { runQualityScoring } from '../src/modules/quality/scores/chunked-run.ts';
import { databaseTarget } from '../src/server/config.ts';

const { values: options } = parseArgs({ options: { runs: { type: 'string', default: '2' } } });
const database = await openDatabase(databaseTarget(), { command: 'bench/quality-run.ts' });
try {
  for (let i = 1; i <= Number(options.runs); i++) {
    const load = os.loadavg().map((value) => value.toFixed(2));
    const start = performance.now();
    const run = await runQualityScoring(database.db, systemActor('cli'));
    const seconds = (performance.now() - start) / 1000;
    const problems = Object.entries(run.problems)
      .filter(([, count]) => count > 0)
      .map(([code, count]) => `${code} ${count}`)
      .join(', ');
    console.log(
      `run ${i}: ${seconds.toFixed(1)} s, ${run.customers} customers, average ${run.averageScore}` +
        ` (load average before ${load.join(' ')}; after ${os
          .loadavg()
          .map((value) => value.toFixed(2))
          .join(' ')})\n  ${problems}`,
    );
  }
} finally {
  await database.close();
}
