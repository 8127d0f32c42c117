/**
 * De-duplication accuracy on public benchmark files (Febrl 1-4, Splink's fake_1000 and
 * historical_figures_50k, in /work/shared/data or DEDUPE_DATA): pairwise precision, recall
 * and F1, time and peak memory. Each dataset runs in its own process so peak memory is its own.
 *
 *   npx tsx bench/dedupe-accuracy.ts [--dataset febrl3] [--threshold 0.9] [--group-threshold 0.5]
 *
 * Prints a markdown table (the one in bench/RESULTS.md).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { clusterScores, dedupeRecords, pairScores } from '../src/modules/quality/matching/index.ts';
import { datasets, loadDataset } from './dedupe-datasets.ts';

const { values: options } = parseArgs({
  options: {
    dataset: { type: 'string' },
    threshold: { type: 'string', default: '0.9' },
    // 0: plain connected components (no check against chaining)
    'group-threshold': { type: 'string', default: '0.5' },
  },
});
const threshold = Number(options.threshold);
const groupThreshold = Number(options['group-threshold']);
const percent = (value: number) => value.toFixed(4);

if (options.dataset) {
  const data = loadDataset(options.dataset);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = dedupeRecords(data.records, {
    threshold,
    groupThreshold,
    sources: data.sources,
    country: 'AU',
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  // CPU time as well as wall time: on a shared machine the wall clock measures the neighbours.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const clusters = clusterScores(result.cluster, data.truth);
  const pairs = pairScores(
    result.pairs.left,
    result.pairs.right,
    result.probability,
    result.pairs.count,
    threshold,
    data.truth,
  );
  // Blocking recall: how many true pairs were compared at all.
  const blocked = pairScores(
    result.pairs.left,
    result.pairs.right,
    result.probability,
    result.pairs.count,
    0,
    data.truth,
  );
  console.log(
    JSON.stringify({
      dataset: options.dataset,
      records: data.records.length,
      candidatePairs: result.pairs.count,
      blockingRecall: blocked.recall,
      lambda: result.model.lambda,
      emIterations: result.emIterations,
      clusters,
      pairs,
      seconds,
      cpuSeconds,
      peakMemoryMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} else {
  console.log(
    `| dataset | records | true pairs | candidate pairs (blocking recall) | precision | recall | F1 | F1 of scored pairs | wall s | CPU s | peak RSS MB |`,
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const name of Object.keys(datasets)) {
    const child = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        '--dataset',
        name,
        '--threshold',
        String(threshold),
        '--group-threshold',
        String(groupThreshold),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    if (child.status !== 0) {
      console.log(`| ${name} | failed: ${child.stderr.trim().split('\n').at(-1)} |`);
      continue;
    }
    const r = JSON.parse(child.stdout.trim().split('\n').at(-1)!);
    console.log(
      `| ${name} | ${r.records} | ${r.clusters.truePairs} | ${r.candidatePairs} (${percent(r.blockingRecall)}) | ${percent(r.clusters.precision)} | ${percent(r.clusters.recall)} | **${percent(r.clusters.f1)}** | ${percent(r.pairs.f1)} | ${r.seconds.toFixed(1)} | ${r.cpuSeconds.toFixed(1)} | ${r.peakMemoryMb} |`,
    );
  }
}
