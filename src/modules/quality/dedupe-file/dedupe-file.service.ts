import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { dedupeRecords, explainPair, type DedupeStage } from '../matching/index.ts';
import { readPersonFile, type Encoding } from './person-file-reader.ts';

export type DedupeFileOptions = {
  out: string;
  pairs?: string | undefined;
  map?: string | undefined;
  encoding?: Encoding | undefined;
  /** country for phone numbers written without their code */
  country?: string | undefined;
  threshold?: number | undefined;
  /** two groups join only when their records match this well on average (0: no such check) */
  groupThreshold?: number | undefined;
  /** pairs at or above this probability go to the pairs file (the review band starts here) */
  pairsThreshold?: number | undefined;
  /** where progress goes (stderr in the CLI) */
  log?: (line: string) => void;
  /** redraw a one-line progress bar in place (a terminal) instead of printing stage lines */
  bar?: boolean;
};

export type DedupeFileReport = {
  records: number;
  clusters: number;
  duplicates: number;
  candidatePairs: number;
  pairsWritten: number;
  encoding: Encoding;
  seconds: number;
};

const stageNames: Record<DedupeStage, string> = {
  prepare: 'normalising',
  block: 'comparing candidate pairs',
  estimate: 'estimating m and u',
  score: 'scoring',
  cluster: 'clustering',
};

function progressPrinter(log: (line: string) => void, bar: boolean) {
  let lastStage = '';
  let lastDraw = 0;
  return (stage: DedupeStage, done: number, total: number) => {
    const now = Date.now();
    if (bar) {
      if (now - lastDraw < 200 && done !== total) return;
      lastDraw = now;
      const share = total > 0 ? Math.min(done / total, 1) : 0;
      const filled = Math.round(share * 30);
      const amount = total > 0 ? `${Math.round(share * 100)}%` : `${done.toLocaleString('en')}`;
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${' '.repeat(30 - filled)}] ${amount} ${stageNames[stage]}`.padEnd(
          80,
        ),
      );
      if (stage === 'cluster') process.stderr.write('\n');
      return;
    }
    if (stage !== lastStage) {
      lastStage = stage;
      log(`${stageNames[stage]} ...`);
    }
  };
}

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  for (const line of lines) {
    if (!stream.write(line)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
}

/** CSV cell: quoted when it holds a separator, quote or line break. */
function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The data steward's batch run: read INPUT, find the duplicates, write `record_id,cluster_id`
 * for every row (a cluster is named after its first record) and, when asked, the scored
 * pairs with each field's contribution. Nothing is written when the input is at fault.
 */
export async function dedupeFile(
  input: string,
  options: DedupeFileOptions,
): Promise<DedupeFileReport> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const file = await readPersonFile(input, { map: options.map, encoding: options.encoding });
  const used = file.headers
    .map((header, column) => (file.plan[column] ? `${header}→${file.plan[column]}` : undefined))
    .filter(Boolean);
  log(
    `${file.records.length.toLocaleString('en')} records, ${file.encoding}; columns: ${used.join(', ')}`,
  );
  if (file.encoding !== 'utf-8')
    log(`note: the file is not UTF-8; it was read as ${file.encoding}`);
  const result = dedupeRecords(file.records, {
    country: options.country ?? 'RU',
    threshold: options.threshold ?? 0.9,
    groupThreshold: options.groupThreshold ?? 0.5,
    onProgress: progressPrinter(log, options.bar ?? false),
  });
  const ids = file.records.map((record) => record.id);
  await writeLines(
    options.out,
    (function* () {
      yield 'record_id,cluster_id\n';
      for (let i = 0; i < ids.length; i++)
        yield `${cell(ids[i]!)},${cell(ids[result.cluster[i]!]!)}\n`;
    })(),
  );
  let pairsWritten = 0;
  if (options.pairs) {
    const floor = options.pairsThreshold ?? 0.5;
    await writeLines(
      options.pairs,
      (function* () {
        yield 'record_id_l,record_id_r,match_probability,match_weight,household,same_cluster,explanation\n';
        for (let p = 0; p < result.pairs.count; p++) {
          if (result.probability[p]! < floor) continue;
          const left = result.pairs.left[p]!;
          const right = result.pairs.right[p]!;
          const explanation = explainPair(
            result.model,
            result.records[left]!,
            result.records[right]!,
          )
            .contributions.map(
              (c) =>
                `${c.field}=${c.level} ${c.weight >= 0 ? '+' : ''}${c.weight.toFixed(1)}${c.discounted ? ' (household, not counted)' : ''}`,
            )
            .join('; ');
          pairsWritten++;
          yield `${cell(ids[left]!)},${cell(ids[right]!)},${result.probability[p]!.toFixed(6)},${result.weight[p]!.toFixed(2)},${result.household[p] ? 1 : 0},${result.cluster[left] === result.cluster[right] ? 1 : 0},${cell(explanation)}\n`;
        }
      })(),
    );
  }
  const clusters = new Set(result.cluster).size;
  log(
    `check against chaining: ${result.cohesion.refused.toLocaleString('en')} merges refused ` +
      `after scoring ${result.cohesion.crossPairs.toLocaleString('en')} record pairs ` +
      `(clustering ${result.cohesion.seconds.toFixed(1)} s)`,
  );
  const report: DedupeFileReport = {
    records: file.records.length,
    clusters,
    duplicates: file.records.length - clusters,
    candidatePairs: result.pairs.count,
    pairsWritten,
    encoding: file.encoding,
    seconds: (performance.now() - started) / 1000,
  };
  log(
    `${report.records.toLocaleString('en')} records in ${report.clusters.toLocaleString('en')} clusters ` +
      `(${report.duplicates.toLocaleString('en')} duplicates) in ${report.seconds.toFixed(1)} s; wrote ${options.out}` +
      (options.pairs ? ` and ${pairsWritten.toLocaleString('en')} pairs to ${options.pairs}` : ''),
  );
  return report;
}
