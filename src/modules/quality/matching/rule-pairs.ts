import { groupBlocks, type RuleKeys } from './blocking.ts';

/** Record pairs as two parallel index arrays. */
export type IndexPairs = { left: Int32Array; right: Int32Array; count: number };

/**
 * A uniform sample (with replacement) of all the pairs that share a key of one blocking rule:
 * every pair the rule alone would make, also those an earlier rule found first and those a
 * large block's sliding window skips. Training on a rule's own pairs needs exactly these;
 * the deduplicated candidates of a later rule never agree on an earlier rule's field.
 * With `sources`, only pairs of different sources count (linking two files).
 */
export function sampleRulePairs(
  keys: RuleKeys,
  records: number,
  limit: number,
  random: () => number,
  sources?: Uint8Array,
): IndexPairs {
  const { starts, members } = groupBlocks(keys, records);
  const blocks = starts.length - 1;
  // Cumulative pair counts: a pair drawn uniformly is a block drawn by its share of pairs.
  const ends = new Float64Array(blocks);
  let total = 0;
  for (let b = 0; b < blocks; b++) {
    const n = starts[b + 1]! - starts[b]!;
    total += (n * (n - 1)) / 2;
    ends[b] = total;
  }
  const out: IndexPairs = {
    left: new Int32Array(Math.min(limit, total)),
    right: new Int32Array(Math.min(limit, total)),
    count: 0,
  };
  const add = (i: number, j: number) => {
    if (sources && sources[i] === sources[j]) return;
    out.left[out.count] = Math.min(i, j);
    out.right[out.count] = Math.max(i, j);
    out.count++;
  };
  if (total <= limit) {
    for (let b = 0; b < blocks; b++)
      for (let a = starts[b]!; a < starts[b + 1]!; a++)
        for (let c = a + 1; c < starts[b + 1]!; c++) add(members[a]!, members[c]!);
    return out;
  }
  // Draws that fall on a same-source pair are retried, but not for ever (one-sided blocks).
  for (let draw = 0; draw < limit * 4 && out.count < limit; draw++) {
    const target = random() * total;
    let low = 0;
    let high = blocks - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (ends[middle]! > target) high = middle;
      else low = middle + 1;
    }
    const from = starts[low]!;
    const n = starts[low + 1]! - from;
    const a = Math.floor(random() * n);
    let b = Math.floor(random() * (n - 1));
    if (b >= a) b++;
    add(members[from + a]!, members[from + b]!);
  }
  return out;
}
