import type { RuleKeys } from './blocking.ts';

/** Record pairs as two parallel index arrays. */
export type IndexPairs = { left: Int32Array; right: Int32Array; count: number };

/**
 * The rule's blocks as flat typed arrays (block b holds members[starts[b] .. starts[b + 1])),
 * blocks of one record left out. Typed arrays rather than a Map of arrays: at a million records
 * one Map of arrays per rule is a million small objects for the collector, made 11 times.
 */
function groupBlocks(keys: RuleKeys, records: number) {
  const entries = keys.hashes.length;
  let size = 1;
  while (size < entries * 2) size *= 2;
  // Open addressing: slot -> block id (-1 empty); hashes are already well mixed (FNV-1a).
  const slotHash = new Int32Array(size);
  const slotBlock = new Int32Array(size).fill(-1);
  const blockOf = new Int32Array(entries);
  const counts: number[] = [];
  for (let x = 0; x < entries; x++) {
    const hash = keys.hashes[x]!;
    let slot = hash & (size - 1);
    while (slotBlock[slot] !== -1 && slotHash[slot] !== hash) slot = (slot + 1) & (size - 1);
    if (slotBlock[slot] === -1) {
      slotHash[slot] = hash;
      slotBlock[slot] = counts.length;
      counts.push(0);
    }
    blockOf[x] = slotBlock[slot]!;
    counts[blockOf[x]!]!++;
  }
  // Renumber the blocks of two or more records and place their members (counting sort).
  const kept = new Int32Array(counts.length).fill(-1);
  const startList: number[] = [0];
  for (let b = 0; b < counts.length; b++) {
    if (counts[b]! < 2) continue;
    kept[b] = startList.length - 1;
    startList.push(startList.at(-1)! + counts[b]!);
  }
  const starts = Int32Array.from(startList);
  const fill = starts.slice(0, -1);
  const members = new Int32Array(starts.at(-1)!);
  for (let i = 0; i < records; i++) {
    for (let x = keys.offsets[i]!; x < keys.offsets[i + 1]!; x++) {
      const block = kept[blockOf[x]!]!;
      if (block >= 0) members[fill[block]!++] = i;
    }
  }
  return { starts, members };
}

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
