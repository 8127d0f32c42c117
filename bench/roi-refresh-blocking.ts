/**
 * Does the daily full rebuild of the ROI credits (marketing/roi-credits.ts, one transaction)
 * hold up the rest of the app? On the embedded database (PGlite) the app has one connection, so
 * every other query waits until that transaction ends. This times the full rebuild and an
 * incremental pass while a probe — a small read as a page would make, every 100 ms — runs beside
 * them, and prints how long the probes waited.
 *
 *   DATA_DIR=/tmp/roi-demo npx autocrm demo --customers 2000     # the demo the server loads
 *   DATA_DIR=/tmp/roi-demo npx tsx bench/roi-refresh-blocking.ts --seed
 *
 * --seed first adds bench/roi-seed.ts's campaigns (the demo has none) by running that script.
 * Works on PostgreSQL too (DATABASE_URL), where the pool lets the probes pass.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { refreshRoiCredits, type RoiRefreshResult } from '../src/modules/marketing/roi-credits.ts';
import { databaseTarget, describeTarget } from '../src/server/config.ts';

const { values: options } = parseArgs({
  options: { seed: { type: 'boolean', default: false }, runs: { type: 'string', default: '3' } },
});

if (options.seed) {
  execFileSync('npx', ['tsx', 'bench/roi-seed.ts', '--reset'], { stdio: 'inherit' });
}

const target = databaseTarget();
const database = await openDatabase(target, { command: 'bench/roi-refresh-blocking.ts' });
const db = database.db;

const counts = await sql<{ customers: number; campaigns: number; recipients: number }>`
  select (select count(*)::int from customers) as customers,
         (select count(*)::int from marketing_campaigns) as campaigns,
         (select count(*)::int from marketing_campaign_recipients) as recipients`.execute(db);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` while a probe reads a page of customers every 50 ms, started before it and
 * stopped after it. On PGlite the database runs inside this process, so a long statement holds
 * up the whole process, not only the connection: besides the probes' gaps this reads the event
 * loop's longest delay (what an HTTP request arriving then would wait before being read).
 */
async function withProbes<T>(
  work: () => Promise<T>,
): Promise<{ result: T; ms: number; longestGapMs: number; eventLoopMaxMs: number }> {
  const done: number[] = [];
  let running = true;
  const probing = (async () => {
    while (running) {
      await sql`select id, last_name from customers order by created_at desc limit 20`.execute(db);
      done.push(performance.now());
      await sleep(50);
    }
  })();
  await sleep(300);
  // a 10 ms tick: how late it comes is how long nothing else in the process could run
  let lastTick = performance.now();
  let eventLoopMaxMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    eventLoopMaxMs = Math.max(eventLoopMaxMs, now - lastTick - 10);
    lastTick = now;
  }, 10);
  const started = performance.now();
  const result = await work();
  const ended = performance.now();
  await sleep(30);
  clearInterval(ticker);
  await sleep(300);
  running = false;
  await probing;
  // the longest time without an answered probe, less the probe's own 50 ms pause
  const gaps = done.slice(1).map((at, index) => at - done[index]! - 50);
  return {
    result,
    ms: ended - started,
    longestGapMs: Math.max(0, ...gaps),
    eventLoopMaxMs,
  };
}

const round = (ms: number) => Math.round(ms);
const rows: Record<string, unknown>[] = [];
for (let run = 0; run < Number(options.runs); run++) {
  for (const full of [true, false]) {
    const { result, ms, longestGapMs, eventLoopMaxMs } = await withProbes(() =>
      refreshRoiCredits(db, { full, wait: true, overlapMs: 0 }),
    );
    const refresh = result as RoiRefreshResult;
    const row = {
      run: run + 1,
      mode: refresh.mode,
      credits: refresh.credits,
      people: refresh.people,
      refreshMs: round(ms),
      longestProbeGapMs: round(longestGapMs),
      eventLoopMaxDelayMs: round(eventLoopMaxMs),
      load: os.loadavg()[0]!.toFixed(1),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}
console.log(
  JSON.stringify({ target: describeTarget(target), ...counts.rows[0], cpus: os.cpus().length }),
);
await database.close();
