import { describe, expect, it } from 'vitest';
import { randomSource } from './dedupe.ts';
import { sampleRulePairs } from './rule-pairs.ts';

/** Rule keys from one key per record (undefined: the record has none). */
function keysOf(perRecord: (number | undefined)[]) {
  const offsets = new Int32Array(perRecord.length + 1);
  const hashes: number[] = [];
  perRecord.forEach((key, i) => {
    offsets[i] = hashes.length;
    if (key !== undefined) hashes.push(key);
  });
  offsets[perRecord.length] = hashes.length;
  return { hashes: Int32Array.from(hashes), offsets };
}

function pairList(pairs: { left: Int32Array; right: Int32Array; count: number }): string[] {
  return Array.from({ length: pairs.count }, (_, p) => `${pairs.left[p]}-${pairs.right[p]}`).sort();
}

describe("a blocking rule's own pairs", () => {
  it('are all listed when there are fewer than asked for', () => {
    const keys = keysOf([7, 7, undefined, 9, 7, 9]);
    const pairs = sampleRulePairs(keys, 6, 100, randomSource(1));
    expect(pairList(pairs)).toEqual(['0-1', '0-4', '1-4', '3-5']);
  });

  it('are drawn uniformly: a block gets its share of all pairs, not of all blocks', () => {
    // Block 1: 10 records (45 pairs); block 2: 4 records (6 pairs).
    const keys = keysOf([...new Array<number>(10).fill(1), ...new Array<number>(4).fill(2)]);
    const random = randomSource(3);
    let inSmall = 0;
    let drawn = 0;
    // 40 of the 51 pairs at a time: fewer than there are, so they are drawn, not listed.
    for (let round = 0; round < 500; round++) {
      const pairs = sampleRulePairs(keys, 14, 40, random);
      expect(pairs.count).toBe(40);
      for (let p = 0; p < pairs.count; p++) {
        expect(pairs.left[p]).toBeLessThan(pairs.right[p]!);
        if (pairs.left[p]! >= 10) inSmall++;
      }
      drawn += pairs.count;
    }
    expect(inSmall / drawn).toBeCloseTo(6 / 51, 2);
  });

  it('when linking two files, pair only records of different sources', () => {
    const keys = keysOf([1, 1, 1, 1]);
    const sources = Uint8Array.from([0, 0, 1, 1]);
    expect(pairList(sampleRulePairs(keys, 4, 100, randomSource(1), sources))).toEqual([
      '0-2',
      '0-3',
      '1-2',
      '1-3',
    ]);
    const drawn = sampleRulePairs(keys, 4, 3, randomSource(1), sources);
    for (let p = 0; p < drawn.count; p++)
      expect(sources[drawn.left[p]!]).not.toBe(sources[drawn.right[p]!]);
  });
});
