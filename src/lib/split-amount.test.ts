import { describe, expect, it } from 'vitest';
import { splitAmount } from './split-amount.ts';

describe('splitting an amount in proportion', () => {
  it('gives each part its share and the parts add up to the amount', () => {
    const parts = splitAmount(1_000, [
      ['X', 1],
      ['Y', 2],
    ]);
    // 333.33 and 666.67: the larger remainder gets the left-over unit
    expect([...parts]).toEqual([
      ['X', 333],
      ['Y', 667],
    ]);
  });

  it('shares evenly without any weight, the earlier part taking the odd unit', () => {
    expect([
      ...splitAmount(7, [
        ['a', 0],
        ['b', 0],
      ]),
    ]).toEqual([
      ['a', 4],
      ['b', 3],
    ]);
  });

  it('gives the left-over units one each, to the earlier parts on equal remainders', () => {
    expect([
      ...splitAmount(11, [
        ['a', 1],
        ['b', 1],
        ['c', 1],
      ]),
    ]).toEqual([
      ['a', 4],
      ['b', 4],
      ['c', 3],
    ]);
  });

  it('keeps large amounts exact and gives nothing to a part of weight 0', () => {
    const parts = splitAmount(Number.MAX_SAFE_INTEGER, [
      ['a', 3],
      ['b', 0],
      ['c', 7],
    ]);
    expect(parts.get('b')).toBe(0);
    expect(parts.get('a')! + parts.get('c')!).toBe(Number.MAX_SAFE_INTEGER);
    expect(splitAmount(5, [])).toEqual(new Map());
  });
});
