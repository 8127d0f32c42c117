import { describe, expect, it } from 'vitest';
import { splitResults, splitWinner } from './split-results.ts';

const branch = (key: string, entered: number, converted: number) => ({ key, entered, converted });

describe('a split’s results as a test', () => {
  it('names the leader and tests each other branch against it', () => {
    const results = splitResults([branch('a', 1000, 150), branch('b', 1000, 200)]);
    expect(results.map((r) => [r.key, r.leading, r.rate])).toEqual([
      ['a', false, 0.15],
      ['b', true, 0.2],
    ]);
    expect(results[0]!.pValue).toBeCloseTo(0.00326, 4);
    expect(results[0]!.significant).toBe(true);
    expect(results[1]).toMatchObject({ pValue: null, significant: false });
  });

  it('holds a lead that may be chance as not significant, at 95 % and stricter at 99 %', () => {
    // p ≈ 0.0173: significant at 95 %, not at 99 %
    const figures = [branch('a', 500, 60), branch('b', 500, 38)];
    expect(splitResults(figures, 95)[1]!.significant).toBe(true);
    expect(splitResults(figures, 99)[1]!.significant).toBe(false);
    expect(splitResults([branch('a', 100, 12), branch('b', 100, 10)])[1]!.significant).toBe(false);
  });

  it('has no leader before anyone converted, and breaks ties by conversions then order', () => {
    expect(splitResults([branch('a', 10, 0), branch('b', 20, 0)]).some((r) => r.leading)).toBe(
      false,
    );
    const tie = splitResults([branch('a', 10, 1), branch('b', 20, 2), branch('c', 10, 1)]);
    expect(tie.find((r) => r.leading)!.key).toBe('b');
    const same = splitResults([branch('a', 10, 1), branch('b', 10, 1)]);
    expect(same.find((r) => r.leading)!.key).toBe('a');
  });

  it('tests three branches at a Bonferroni share of the level', () => {
    // p ≈ 0.037 against the leader: under 0.05, but not under 0.05 / 2
    const results = splitResults([
      branch('a', 400, 60),
      branch('b', 400, 40),
      branch('c', 400, 10),
    ]);
    expect(results[1]!.pValue).toBeGreaterThan(0.025);
    expect(results[1]!.pValue).toBeLessThan(0.05);
    expect(results[1]!.significant).toBe(false);
    expect(results[2]!.significant).toBe(true);
  });
});

describe('the winner a split switches to', () => {
  const clear = [branch('a', 300, 90), branch('b', 300, 30)];

  it('is the leader once it beats every branch and each branch has enough people', () => {
    expect(splitWinner(splitResults(clear), 100)).toBe('a');
    expect(splitWinner(splitResults(clear), 300)).toBe('a');
  });

  it('waits for the always-valid test: a lead significant for one look is not yet decisive', () => {
    // p ≈ 0.0173 once: "significant" at 95 %, but runner passes look again and again
    const [a, b] = splitResults([branch('a', 500, 60), branch('b', 500, 38)]);
    expect(b).toMatchObject({ significant: true, decisive: false });
    expect(b!.sequentialPValue).toBeGreaterThan(0.05);
    expect(a).toMatchObject({ leading: true, sequentialPValue: null, decisive: false });
    expect(splitWinner(splitResults([branch('a', 500, 60), branch('b', 500, 38)]), 10)).toBeNull();
    // the same rates on four times the people: decisive
    const more = splitResults([branch('a', 2000, 240), branch('b', 2000, 152)]);
    expect(more[1]).toMatchObject({ decisive: true });
    expect(more[1]!.sequentialPValue).toBeLessThan(0.05);
    expect(splitWinner(more, 10)).toBe('a');
  });

  it('is nobody while a branch has fewer people than the minimum', () => {
    expect(splitWinner(splitResults(clear), 301)).toBeNull();
  });

  it('is nobody while the lead may be chance, or over one branch only of three', () => {
    expect(splitWinner(splitResults([branch('a', 300, 33), branch('b', 300, 30)]), 10)).toBeNull();
    const three = [branch('a', 300, 90), branch('b', 300, 85), branch('c', 300, 10)];
    expect(splitWinner(splitResults(three), 10)).toBeNull();
  });
});
