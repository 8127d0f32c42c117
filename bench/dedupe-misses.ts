/**
 * Why true pairs are missed and false pairs merged on a public benchmark file (the datasets
 * of bench/dedupe-accuracy.ts): every true pair whose records end in two clusters is put in
 * one class (never compared; compared and a household, by which conflict; compared, not a
 * household, below the threshold; above it but refused by the check against chaining), with
 * the commonest name or date patterns of each class.
 *
 *   npx tsx bench/dedupe-misses.ts --dataset historical_figures_50k [--top 25]
 */
import { parseArgs } from 'node:util';
import {
  comparisons,
  dedupeRecords,
  explainPair,
  type PreparedRecord,
} from '../src/modules/quality/matching/index.ts';
import { loadDataset } from './dedupe-datasets.ts';

const { values: options } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'historical_figures_50k' },
    threshold: { type: 'string', default: '0.9' },
    top: { type: 'string', default: '25' },
  },
});
const threshold = Number(options.threshold);
const top = Number(options.top);
const data = loadDataset(options.dataset!);
const result = dedupeRecords(data.records, { threshold, sources: data.sources, country: 'AU' });
const { records, pairs, probability, cluster, model } = result;

const compared = new Map<string, number>();
for (let p = 0; p < pairs.count; p++) {
  const i = pairs.left[p]!;
  const j = pairs.right[p]!;
  compared.set(i < j ? `${i}:${j}` : `${j}:${i}`, p);
}

const byTruth = new Map<string, number[]>();
data.truth.forEach((t, i) => byTruth.set(t, [...(byTruth.get(t) ?? []), i]));

const classes = new Map<string, number>();
const examples = new Map<string, Map<string, number>>();
const count = (name: string, example: string) => {
  classes.set(name, (classes.get(name) ?? 0) + 1);
  const seen = examples.get(name) ?? new Map<string, number>();
  seen.set(example, (seen.get(example) ?? 0) + 1);
  examples.set(name, seen);
};
const levelOf = (e: ReturnType<typeof explainPair>, key: string) =>
  e.contributions.find((c) => c.field === key)?.level ?? 'missing';
const show = (r: PreparedRecord) =>
  `${r.first?.text ?? '-'} ${r.last?.text ?? '-'} ${r.birth ?? '-'} ${r.city ?? '-'}`;

let truePairs = 0;
for (const members of byTruth.values()) {
  if (members.length > 500) continue;
  for (let x = 0; x < members.length; x++) {
    for (let y = x + 1; y < members.length; y++) {
      const i = members[x]!;
      const j = members[y]!;
      if (data.sources && data.sources[i] === data.sources[j]) continue;
      truePairs++;
      if (cluster[i] === cluster[j]) continue;
      const a = records[i]!;
      const b = records[j]!;
      const p = compared.get(i < j ? `${i}:${j}` : `${j}:${i}`);
      const e = explainPair(model, a, b);
      const first = levelOf(e, 'firstName');
      const birth = levelOf(e, 'birthDate');
      const names = `${a.first?.text ?? '-'} / ${b.first?.text ?? '-'}`;
      const where = p === undefined ? 'not compared' : 'compared';
      if (e.household) {
        const why =
          first === 'different'
            ? 'first name different'
            : birth === 'different'
              ? 'birth date different'
              : levelOf(e, 'patronymic') === 'different'
                ? 'patronymic different'
                : 'near date, similar first name';
        count(
          `${where}, household: ${why}`,
          why === 'first name different' ? names : `${show(a)} | ${show(b)}`,
        );
      } else if (p === undefined) {
        count(
          `not compared, would score ${e.probability >= threshold ? '≥' : '<'} threshold`,
          `${show(a)} | ${show(b)}`,
        );
      } else if (probability[p]! < threshold) {
        const levels = comparisons
          .map((c) => `${c.key}=${levelOf(e, c.key)}`)
          .filter((s) => !s.endsWith('=missing'))
          .join(' ');
        count('compared, below the threshold', levels);
      } else {
        count(
          'compared, above the threshold, refused by the chaining check',
          `${show(a)} | ${show(b)}`,
        );
      }
    }
  }
}

let falsePairs = 0;
const members = new Map<number, number[]>();
cluster.forEach((c, i) => members.set(c, [...(members.get(c) ?? []), i]));
const falseExamples = new Map<string, number>();
for (const group of members.values()) {
  for (let x = 0; x < group.length; x++) {
    for (let y = x + 1; y < group.length; y++) {
      const i = group[x]!;
      const j = group[y]!;
      if (data.truth[i] === data.truth[j]) continue;
      if (data.sources && data.sources[i] === data.sources[j]) continue;
      falsePairs++;
      const key = `${show(records[i]!)} | ${show(records[j]!)}`;
      falseExamples.set(key, (falseExamples.get(key) ?? 0) + 1);
    }
  }
}

console.log(`${options.dataset}: ${truePairs} true pairs, missed by class:`);
for (const [name, n] of [...classes].sort((p, q) => q[1] - p[1])) {
  console.log(`\n${n}\t${name}`);
  const list = [...examples.get(name)!].sort((p, q) => q[1] - p[1]).slice(0, top);
  for (const [example, k] of list) console.log(`\t${k}\t${example}`);
}
console.log(`\n${falsePairs} false pairs merged, e.g.:`);
for (const [example, k] of [...falseExamples].sort((p, q) => q[1] - p[1]).slice(0, top))
  console.log(`\t${k}\t${example}`);
