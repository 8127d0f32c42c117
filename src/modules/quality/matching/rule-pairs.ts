import type { RuleKeys } from './blocking.ts';

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
  const blocks = new Map<number, number[]>();
  for (let i = 0; i < records; i++) {
    for (let x = keys.offsets[i]!; x < keys.offsets[i + 1]!; x++) {
      const members = blocks.get(keys.hashes[x]!);
      if (!members) blocks.set(keys.hashes[x]!, [i]);
      else if (members.at(-1) !== i) members.push(i);
    }
  }
  const shared: number[][] = [];
  // Cumulative pair counts: a pair drawn uniformly is a block drawn by its share of pairs.
  const ends: number[] = [];
  let total = 0;
  for (const members of blocks.values()) {
    if (members.length < 2) continue;
    total += (members.length * (members.length - 1)) / 2;
    shared.push(members);
    ends.push(total);
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
    for (const members of shared)
      for (let a = 0; a < members.length; a++)
        for (let b = a + 1; b < members.length; b++) add(members[a]!, members[b]!);
    return out;
  }
  // Draws that fall on a same-source pair are retried, but not for ever (one-sided blocks).
  for (let draw = 0; draw < limit * 4 && out.count < limit; draw++) {
    const target = random() * total;
    let low = 0;
    let high = ends.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (ends[middle]! > target) high = middle;
      else low = middle + 1;
    }
    const members = shared[low]!;
    const a = Math.floor(random() * members.length);
    let b = Math.floor(random() * (members.length - 1));
    if (b >= a) b++;
    add(members[a]!, members[b]!);
  }
  return out;
}
