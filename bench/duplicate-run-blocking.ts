/**
 * Does the matching of a whole-base duplicate run hold up the server? It matches a person file
 * twice: on this thread (as the server did before) and in the run's worker thread
 * (duplicates/match-in-worker.ts), while a 10 ms timer ticks beside it. The timer's longest
 * delay is how long an HTTP request arriving then would have waited to be read. It also checks
 * that both give the same pairs.
 *
 *   npx tsx bench/generate-people.ts --records 100000 --out /tmp/people-100k.csv
 *   npx tsx bench/duplicate-run-blocking.ts /tmp/people-100k.csv
 */
import os from 'node:os';
import { readPersonFile } from '../src/modules/quality/dedupe-file/person-file-reader.ts';
import { MatchWorker } from '../src/modules/quality/duplicates/match-in-worker.ts';
import { reviewPairs, type ReviewPair } from '../src/modules/quality/duplicates/review-pairs.ts';

const path = process.argv[2];
if (!path) throw new Error('usage: npx tsx bench/duplicate-run-blocking.ts PEOPLE.csv');
const file = await readPersonFile(path);
const thresholds = { reviewLower: 0.5, reviewUpper: 0.95 };
const BATCH = 5000;

/** What the main thread is doing, to tell where its longest delays fall. */
let phase = 'start';

async function withTimer<T>(work: () => Promise<T>) {
  let last = performance.now();
  let longest = 0;
  let longestIn = '';
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last - 10 > longest) {
      longest = now - last - 10;
      longestIn = phase;
    }
    last = now;
  }, 10);
  const started = performance.now();
  // let the timer tick once before the work, as a request would already be waiting
  await new Promise((resolve) => setTimeout(resolve, 30));
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  // one more tick: a delay caused by the work is measured when the timer next runs
  await new Promise((resolve) => setTimeout(resolve, 30));
  clearInterval(timer);
  return { result, seconds, longestDelayMs: Math.round(longest), longestIn };
}

const inThread = await withTimer(async () => {
  phase = 'matching on this thread';
  return reviewPairs(file.records, thresholds);
});
const inWorker = await withTimer(async () => {
  phase = 'worker starting';
  const matcher = new MatchWorker(
    (share) => (phase = share < 1 ? 'worker matching' : 'receiving pairs'),
  );
  try {
    phase = 'handing over records';
    for (let start = 0; start < file.records.length; start += BATCH) {
      matcher.add(file.records.slice(start, start + BATCH));
      // the server reads the next batch from the database meanwhile
      await new Promise((resolve) => setImmediate(resolve));
    }
    phase = 'worker starting';
    return await matcher.finish(thresholds);
  } finally {
    await matcher.stop();
  }
});

const key = (pair: ReviewPair) => `${pair.customerA}|${pair.customerB}|${pair.probability}`;
const same =
  inThread.result.length === inWorker.result.length &&
  inThread.result.every((pair, i) => key(pair) === key(inWorker.result[i]!));
console.log(
  JSON.stringify(
    {
      records: file.records.length,
      pairs: inThread.result.length,
      samePairs: same,
      inThread: {
        seconds: inThread.seconds,
        longestTimerDelayMs: inThread.longestDelayMs,
        during: inThread.longestIn,
      },
      inWorker: {
        seconds: inWorker.seconds,
        longestTimerDelayMs: inWorker.longestDelayMs,
        during: inWorker.longestIn,
      },
      loadAverage: os.loadavg().map((n) => n.toFixed(1)),
      cores: os.cpus().length,
    },
    null,
    2,
  ),
);
