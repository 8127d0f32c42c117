import type { PreparedRecord } from './record.ts';

/**
 * A blocking rule gives each record zero or more keys; only records sharing a key are
 * compared. Several rules together catch pairs one rule misses (a new phone, a typo in
 * the surname, a missing birth date), while no rule compares everyone with everyone.
 */
export type BlockingRule = { name: string; keys: (record: PreparedRecord) => string[] };

function year(record: PreparedRecord): string | undefined {
  return record.birth?.slice(0, 4);
}

function givenKeys(record: PreparedRecord): string[] {
  if (!record.first) return [];
  return record.first.roots.length > 0
    ? [...record.first.roots, ...record.first.keys]
    : record.first.keys;
}

export const blockingRules: readonly BlockingRule[] = [
  { name: 'phone', keys: (r) => r.phones },
  { name: 'email', keys: (r) => (r.email ? [r.email] : []) },
  { name: 'vin', keys: (r) => (r.vin ? [r.vin] : []) },
  { name: 'national id', keys: (r) => (r.nationalId ? [r.nationalId] : []) },
  {
    name: 'given name (or its full form) + surname',
    keys: (r) =>
      r.last ? givenKeys(r).flatMap((given) => r.last!.keys.map((last) => `${given}|${last}`)) : [],
  },
  {
    // Sorted, so "Wang Wei" and "Wei Wang" share the key.
    name: 'name sounds + birth year',
    keys: (r) => {
      const y = year(r);
      if (!y || !r.first || !r.last) return [];
      return [`${[r.first.sound, r.last.sound].sort().join('|')}|${y}`];
    },
  },
  {
    name: 'surname + birth year',
    keys: (r) => {
      const y = year(r);
      return y && r.last ? r.last.keys.map((key) => `${key}|${y}`) : [];
    },
  },
  { name: 'birth date', keys: (r) => (r.birth ? [r.birth] : []) },
  {
    name: 'mailbox name',
    keys: (r) => {
      const local = r.email?.slice(0, r.email.lastIndexOf('@'));
      return local && local.length >= 4 ? [local] : [];
    },
  },
  {
    name: 'postcode + surname sound',
    keys: (r) => (r.postcode && r.last ? [`${r.postcode}|${r.last.sound}`] : []),
  },
  {
    name: 'address + given-name sound',
    keys: (r) => (r.address && r.first ? [`${r.address}|${r.first.sound}`] : []),
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

/**
 * Calls `emit(i, j)` once for every candidate pair (i < j). A pair found by several rules or
 * several keys is emitted only by the first rule and key that finds it, so nothing needs a set
 * of the pairs seen (which would not fit in memory at millions of records).
 */
export function generateCandidatePairs(
  records: readonly PreparedRecord[],
  emit: (i: number, j: number, rule: number) => void,
  options: BlockingOptions = {},
  rules: readonly BlockingRule[] = blockingRules,
): { rule: string; pairs: number; largestBlock: number }[] {
  const { maxBlockSize = 40, window = 10, sources } = options;
  const keys: string[][][] = rules.map((rule) => records.map((record) => rule.keys(record)));
  const firstShared = (i: number, j: number): [number, string] | undefined => {
    for (let r = 0; r < rules.length; r++) {
      const right = keys[r]![j]!;
      if (right.length === 0) continue;
      for (const key of keys[r]![i]!) if (right.includes(key)) return [r, key];
    }
    return undefined;
  };
  const report: { rule: string; pairs: number; largestBlock: number }[] = [];
  rules.forEach((rule, r) => {
    const blocks = new Map<string, number[]>();
    keys[r]!.forEach((recordKeys, i) => {
      for (const key of recordKeys) {
        const members = blocks.get(key);
        if (!members) blocks.set(key, [i]);
        else if (members.at(-1) !== i) members.push(i);
      }
    });
    let pairs = 0;
    let largestBlock = 0;
    const consider = (i: number, j: number, key: string) => {
      const [low, high] = i < j ? [i, j] : [j, i];
      if (sources && sources[low] === sources[high]) return;
      const shared = firstShared(low, high);
      if (!shared || shared[0] !== r || shared[1] !== key) return;
      pairs++;
      emit(low, high, r);
    };
    for (const [key, members] of blocks) {
      if (members.length < 2) continue;
      largestBlock = Math.max(largestBlock, members.length);
      if (members.length <= maxBlockSize) {
        for (let a = 0; a < members.length; a++)
          for (let b = a + 1; b < members.length; b++) consider(members[a]!, members[b]!, key);
        continue;
      }
      const sorted = [...members].sort((x, y) =>
        sortKey(records[x]!) < sortKey(records[y]!) ? -1 : 1,
      );
      for (let a = 0; a < sorted.length; a++)
        for (let b = a + 1; b <= a + window && b < sorted.length; b++)
          consider(sorted[a]!, sorted[b]!, key);
    }
    report.push({ rule: rule.name, pairs, largestBlock });
  });
  return report;
}
