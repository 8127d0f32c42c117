import type { ComparisonKey } from './comparisons.ts';
import type { PreparedRecord } from './record.ts';

/**
 * A blocking rule gives each record zero or more keys; only records sharing a key are
 * compared. Several rules together catch pairs one rule misses (a new phone, a typo in
 * the surname, a missing birth date), while no rule compares everyone with everyone.
 */
export type BlockingRule = {
  name: string;
  keys: (record: PreparedRecord) => string[];
  /** the comparisons the key is made of: the rule's pairs say nothing about how they vary */
  fields: readonly ComparisonKey[];
  /**
   * A weak key (a surname sound, a city): one held by more records than this is dropped, not
   * windowed. So common a value says nothing, and at a million records a window over its
   * blocks would add a few million pairs per rule; rare values still block corrupted files.
   */
  dropKeysAbove?: number;
};

function year(record: PreparedRecord): string | undefined {
  return record.birth?.slice(0, 4);
}

function givenKeys(record: PreparedRecord): string[] {
  if (!record.first) return [];
  return record.first.roots.length > 0
    ? [...record.first.roots, ...record.first.keys]
    : record.first.keys;
}

/**
 * Weak rules keep blocks of up to this many records: the historical figures file has people
 * written up to 21 times, while 30 (the all-pairs limit) cost 2.6 million more pairs than 20 on
 * a million generated records for 0.002 of F1 on that file.
 */
const weakBlock = 20;

export const blockingRules: readonly BlockingRule[] = [
  { name: 'phone', keys: (r) => r.phones, fields: ['phone'] },
  { name: 'email', keys: (r) => (r.email ? [r.email] : []), fields: ['email'] },
  { name: 'vin', keys: (r) => (r.vin ? [r.vin] : []), fields: ['vin'] },
  {
    name: 'national id',
    keys: (r) => (r.nationalId ? [r.nationalId] : []),
    fields: ['nationalId'],
  },
  {
    name: 'given name (or its full form) + surname',
    keys: (r) =>
      r.last ? givenKeys(r).flatMap((given) => r.last!.keys.map((last) => `${given}|${last}`)) : [],
    fields: ['firstName', 'lastName'],
  },
  {
    // Sorted, so "Wang Wei" and "Wei Wang" share the key.
    name: 'name sounds + birth year',
    keys: (r) => {
      const y = year(r);
      if (!y || !r.first || !r.last) return [];
      return [`${[r.first.sound, r.last.sound].sort().join('|')}|${y}`];
    },
    fields: ['firstName', 'lastName', 'birthDate'],
  },
  {
    name: 'surname + birth year',
    keys: (r) => {
      const y = year(r);
      return y && r.last ? r.last.keys.map((key) => `${key}|${y}`) : [];
    },
    fields: ['lastName', 'birthDate'],
  },
  { name: 'birth date', keys: (r) => (r.birth ? [r.birth] : []), fields: ['birthDate'] },
  {
    name: 'mailbox name',
    keys: (r) => {
      const local = r.email?.slice(0, r.email.lastIndexOf('@'));
      return local && local.length >= 4 ? [local] : [];
    },
    fields: ['email'],
  },
  {
    name: 'postcode + surname sound',
    keys: (r) => (r.postcode && r.last ? [`${r.postcode}|${r.last.sound}`] : []),
    fields: ['postcode', 'lastName'],
  },
  {
    name: 'address + given-name sound',
    keys: (r) => (r.address && r.first ? [`${r.address}|${r.first.sound}`] : []),
    fields: ['address', 'firstName'],
  },
  // Weak rules, for records where every stronger key is missing or mistyped at once (a missing
  // first name, a mistyped surname and a changed birth date): each keys on one field or a part
  // of one, so a typo elsewhere leaves it intact.
  {
    name: 'surname + city',
    keys: (r) => (r.last && r.city ? r.last.keys.map((key) => `${key}|${r.city}`) : []),
    fields: ['lastName', 'city'],
    dropKeysAbove: weakBlock,
  },
  {
    name: 'given name + city',
    keys: (r) => (r.first && r.city ? givenKeys(r).map((key) => `${key}|${r.city}`) : []),
    fields: ['firstName', 'city'],
    dropKeysAbove: weakBlock,
  },
  {
    // A whole postcode is a few streets in most countries, a district in some: weak.
    name: 'postcode',
    keys: (r) => (r.postcode ? [r.postcode] : []),
    fields: ['postcode'],
    dropKeysAbove: weakBlock,
  },
  {
    // Soundex survives most surname typos; the initial survives most given-name typos and Tom/Thomas.
    name: 'surname sound + given initial',
    keys: (r) => (r.last && r.first ? [`${r.last.sound}|${r.first.main[0]}`] : []),
    fields: ['lastName', 'firstName'],
    dropKeysAbove: weakBlock,
  },
  {
    // Sorted and without a date: swapped names whose birth dates also differ.
    name: 'name sounds',
    keys: (r) => (r.first && r.last ? [[r.first.sound, r.last.sound].sort().join('|')] : []),
    fields: ['firstName', 'lastName'],
    dropKeysAbove: weakBlock,
  },
  {
    // For a missing or mistyped surname when the birth year survived.
    name: 'given-name sound + birth year',
    keys: (r) => {
      const y = year(r);
      return y && r.first ? [`${r.first.sound}|${y}`] : [];
    },
    fields: ['firstName', 'birthDate'],
    dropKeysAbove: weakBlock,
  },
  {
    // A name in either box + city: a surname typed as the given name, or the names swapped,
    // when the other record lacks or mistypes the other name and the birth date.
    name: 'any name + city',
    keys: (r) =>
      r.city ? [...givenKeys(r), ...(r.last?.keys ?? [])].map((key) => `${key}|${r.city}`) : [],
    fields: ['firstName', 'lastName', 'city'],
    dropKeysAbove: weakBlock,
  },
];

export type BlockingOptions = {
  /** blocks larger than this are not compared all-pairs but by a sorted sliding window */
  maxBlockSize?: number;
  window?: number;
  /** when given, only pairs of different sources are made (linking two files) */
  sources?: Uint8Array | undefined;
};

function sortKey(record: PreparedRecord): string {
  return `${record.last?.main ?? ''} ${record.first?.main ?? ''} ${record.birth ?? ''}`;
}

/** A rule's blocks of two or more records (see groupBlocks). */
export type Blocks = { starts: Int32Array; members: Int32Array; hashes: Int32Array };

/**
 * The rule's blocks as flat typed arrays (block b holds members[starts[b] .. starts[b + 1]) in
 * record order, its key's hash in hashes[b]), in the order of the blocks' first members;
 * blocks of one record left out. Typed arrays rather than a Map of arrays: at a million records
 * one Map of arrays per rule is a million small objects for the collector, made once per rule.
 */
export function groupBlocks(keys: RuleKeys, records: number): Blocks {
  const entries = keys.hashes.length;
  let size = 1;
  while (size < entries * 2) size *= 2;
  // Open addressing: slot -> block id (-1 empty); hashes are already well mixed (FNV-1a).
  const slotHash = new Int32Array(size);
  const slotBlock = new Int32Array(size).fill(-1);
  const blockOf = new Int32Array(entries);
  const counts: number[] = [];
  const blockHash: number[] = [];
  for (let x = 0; x < entries; x++) {
    const hash = keys.hashes[x]!;
    let slot = hash & (size - 1);
    while (slotBlock[slot] !== -1 && slotHash[slot] !== hash) slot = (slot + 1) & (size - 1);
    if (slotBlock[slot] === -1) {
      slotHash[slot] = hash;
      slotBlock[slot] = counts.length;
      counts.push(0);
      blockHash.push(hash);
    }
    blockOf[x] = slotBlock[slot]!;
    counts[blockOf[x]!]!++;
  }
  // Renumber the blocks of two or more records and place their members (counting sort).
  const kept = new Int32Array(counts.length).fill(-1);
  const startList: number[] = [0];
  const keptHashes: number[] = [];
  for (let b = 0; b < counts.length; b++) {
    if (counts[b]! < 2) continue;
    kept[b] = startList.length - 1;
    startList.push(startList.at(-1)! + counts[b]!);
    keptHashes.push(blockHash[b]!);
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
  return { starts, members, hashes: Int32Array.from(keptHashes) };
}

/** 32-bit FNV-1a of a key: blocks and the "found before" test work on numbers, not strings. */
function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** Every record's key hashes for one rule, flat: record i owns hashes[offsets[i] .. offsets[i+1]). */
export type RuleKeys = { hashes: Int32Array; offsets: Int32Array };

export function ruleKeys(records: readonly PreparedRecord[], rule: BlockingRule): RuleKeys {
  const offsets = new Int32Array(records.length + 1);
  let hashes = new Int32Array(records.length * 2);
  let size = 0;
  records.forEach((record, i) => {
    offsets[i] = size;
    const seen = size;
    for (const key of rule.keys(record)) {
      const hash = hashKey(key);
      let repeated = false;
      for (let k = seen; k < size; k++) if (hashes[k] === hash) repeated = true;
      if (repeated) continue;
      if (size === hashes.length) {
        const grown = new Int32Array(hashes.length * 2);
        grown.set(hashes);
        hashes = grown;
      }
      hashes[size++] = hash;
    }
  });
  offsets[records.length] = size;
  const keys = { hashes: hashes.slice(0, size), offsets };
  return rule.dropKeysAbove === undefined
    ? keys
    : dropCommonKeys(keys, records.length, rule.dropKeysAbove);
}

/**
 * The keys without those held by more than `limit` records. Dropped from the keys rather than
 * skipped as blocks, so that a later rule still makes a pair that shares only such a key here
 * (a pair is made by the first rule it shares a key in) and training samples only the blocks
 * the rule compares.
 */
function dropCommonKeys(keys: RuleKeys, records: number, limit: number): RuleKeys {
  const blocks = groupBlocks(keys, records);
  const common = new Set<number>();
  for (let b = 0; b < blocks.hashes.length; b++) {
    if (blocks.starts[b + 1]! - blocks.starts[b]! > limit) common.add(blocks.hashes[b]!);
  }
  if (common.size === 0) return keys;
  const offsets = new Int32Array(records + 1);
  const hashes = new Int32Array(keys.hashes.length);
  let size = 0;
  for (let i = 0; i < records; i++) {
    offsets[i] = size;
    for (let x = keys.offsets[i]!; x < keys.offsets[i + 1]!; x++) {
      if (!common.has(keys.hashes[x]!)) hashes[size++] = keys.hashes[x]!;
    }
  }
  offsets[records] = size;
  return { hashes: hashes.slice(0, size), offsets };
}

/**
 * Where each key entry sits in its block's sorted window order (keys.hashes' index -> rank), or
 * -1 when its block is small enough to be compared all-pairs; undefined when the rule has no
 * block above `maxBlockSize`. Lets the "which rule makes this pair" test know whether a large
 * block's window actually reaches the pair.
 */
function windowRanks(
  records: readonly PreparedRecord[],
  keys: RuleKeys,
  blocks: Blocks,
  maxBlockSize: number,
): Int32Array | undefined {
  let ranks: Int32Array | undefined;
  for (let block = 0; block < blocks.hashes.length; block++) {
    const from = blocks.starts[block]!;
    const to = blocks.starts[block + 1]!;
    if (to - from <= maxBlockSize) continue;
    ranks ??= new Int32Array(keys.hashes.length).fill(-1);
    const hash = blocks.hashes[block]!;
    const members = Array.from(blocks.members.subarray(from, to));
    const sortKeys = new Map(members.map((member) => [member, sortKey(records[member]!)]));
    members.sort((x, y) => (sortKeys.get(x)! < sortKeys.get(y)! ? -1 : 1));
    members.forEach((member, rank) => {
      for (let x = keys.offsets[member]!; x < keys.offsets[member + 1]!; x++) {
        if (keys.hashes[x] === hash) ranks![x] = rank;
      }
    });
  }
  return ranks;
}

/**
 * Calls `emit(i, j)` once for every candidate pair (i < j). A pair found by several rules or
 * several keys is emitted only by the first rule and key that actually compares it, so nothing
 * needs a set of the pairs seen (which would not fit in memory at millions of records). A pair
 * that shares a large block's key but falls outside its sliding window is not compared there,
 * so it stays eligible for a later rule or key that shares a smaller block with it. Keys are
 * compared as 32-bit hashes: a collision only puts two unrelated records in one block, which
 * the comparison then scores as the non-match it is.
 */
export function generateCandidatePairs(
  records: readonly PreparedRecord[],
  emit: (i: number, j: number, rule: number) => void,
  options: BlockingOptions = {},
  rules: readonly BlockingRule[] = blockingRules,
  // Given by a caller that also samples the rules' pairs for training: worked out once.
  keys: readonly RuleKeys[] = rules.map((rule) => ruleKeys(records, rule)),
): { rule: string; pairs: number; largestBlock: number }[] {
  const { maxBlockSize = 30, window = 8, sources } = options;
  // Each rule's window ranks, worked out at its turn from the blocks it then walks: the test
  // below looks only at that rule and the earlier ones (it stops at the rule being walked).
  const ranks: (Int32Array | undefined)[] = [];
  let sharedHash = 0;
  /**
   * The first rule that compares the two records (-1: none), the key's hash in sharedHash: the
   * first key they share whose block is compared all-pairs or whose window holds both.
   */
  const firstShared = (i: number, j: number): number => {
    for (let r = 0; r < keys.length; r++) {
      const { hashes, offsets } = keys[r]!;
      const rank = ranks[r];
      const jFrom = offsets[j]!;
      const jTo = offsets[j + 1]!;
      if (jFrom === jTo) continue;
      for (let x = offsets[i]!; x < offsets[i + 1]!; x++) {
        for (let y = jFrom; y < jTo; y++) {
          if (hashes[x] !== hashes[y]) continue;
          if (rank && rank[x] !== -1 && Math.abs(rank[x]! - rank[y]!) > window) continue;
          sharedHash = hashes[x]!;
          return r;
        }
      }
    }
    return -1;
  };
  const report: { rule: string; pairs: number; largestBlock: number }[] = [];
  rules.forEach((rule, r) => {
    const { hashes, offsets } = keys[r]!;
    const blocks = groupBlocks(keys[r]!, records.length);
    const rank = windowRanks(records, keys[r]!, blocks, maxBlockSize);
    ranks.push(rank);
    let pairs = 0;
    let largestBlock = 0;
    const consider = (i: number, j: number, key: number) => {
      const low = i < j ? i : j;
      const high = i < j ? j : i;
      if (sources && sources[low] === sources[high]) return;
      if (firstShared(low, high) !== r || sharedHash !== key) return;
      pairs++;
      emit(low, high, r);
    };
    for (let block = 0; block < blocks.hashes.length; block++) {
      const key = blocks.hashes[block]!;
      const members = blocks.members.subarray(blocks.starts[block]!, blocks.starts[block + 1]!);
      largestBlock = Math.max(largestBlock, members.length);
      if (members.length <= maxBlockSize) {
        for (let a = 0; a < members.length; a++)
          for (let b = a + 1; b < members.length; b++) consider(members[a]!, members[b]!, key);
        continue;
      }
      // The window order was worked out with the ranks: put the members back in it.
      const sorted = new Int32Array(members.length);
      for (const member of members) {
        for (let x = offsets[member]!; x < offsets[member + 1]!; x++) {
          if (hashes[x] === key) sorted[rank![x]!] = member;
        }
      }
      for (let a = 0; a < sorted.length; a++)
        for (let b = a + 1; b <= a + window && b < sorted.length; b++)
          consider(sorted[a]!, sorted[b]!, key);
    }
    report.push({ rule: rule.name, pairs, largestBlock });
  });
  return report;
}
