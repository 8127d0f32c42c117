/**
 * Pairwise precision, recall and F1 of an `autocrm dedupe` output against the truth column of
 * a file made by generate-people.ts (its `person` column), plus the sizes of the largest
 * predicted clusters (chaining shows there first).
 *
 *   npx tsx bench/score-clusters.ts --input /tmp/people.csv --clusters /tmp/people-out.csv
 */
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import { clusterScores } from '../src/modules/quality/matching/index.ts';

const { values: options } = parseArgs({
  options: {
    input: { type: 'string' },
    clusters: { type: 'string' },
    truth: { type: 'string', default: 'person' },
  },
});
if (!options.input || !options.clusters) throw new Error('--input and --clusters are needed');

/** Two columns of a CSV, streamed: a million rows as objects would not be needed at all. */
async function columns(path: string, key: string, value: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let keyAt = -1;
  let valueAt = -1;
  for await (const row of createReadStream(path).pipe(parse({ relax_column_count: true }))) {
    const cells = row as string[];
    if (keyAt < 0) {
      keyAt = cells.indexOf(key);
      valueAt = cells.indexOf(value);
      if (keyAt < 0 || valueAt < 0) throw new Error(`${path} has no ${key} or ${value} column`);
      continue;
    }
    out.set(cells[keyAt]!, cells[valueAt]!);
  }
  return out;
}

const truthById = await columns(options.input, 'id', options.truth);
const clusterById = await columns(options.clusters, 'record_id', 'cluster_id');
const truth: string[] = [];
const predicted: number[] = [];
const clusterNumbers = new Map<string, number>();
for (const [id, person] of truthById) {
  const cluster = clusterById.get(id);
  if (cluster === undefined) throw new Error(`record ${id} has no cluster`);
  let number = clusterNumbers.get(cluster);
  if (number === undefined) clusterNumbers.set(cluster, (number = clusterNumbers.size));
  truth.push(person);
  predicted.push(number);
}
const sizes = new Map<number, number>();
for (const cluster of predicted) sizes.set(cluster, (sizes.get(cluster) ?? 0) + 1);
const largest = [...sizes.values()].sort((a, b) => b - a).slice(0, 5);
const scores = clusterScores(predicted, truth);
console.log(
  JSON.stringify({
    records: truth.length,
    people: new Set(truth).size,
    clusters: sizes.size,
    largestClusters: largest,
    ...scores,
  }),
);
