import { describe, expect, it } from 'vitest';
import {
  splitResults,
  splitWinner,
  type BranchFigures,
  type BranchResult,
} from './split-results.ts';

/*
 * Why the automatic switch waits for the always-valid test: splits whose branches are the same
 * (A/A), looked at after every 50 people per branch up to 2,000 (40 looks, as a runner pass
 * each minute would), with the minimum of 100 people per branch. The fixed-sample test read at
 * every look names a winner in far more than 5 % of them; the rule the runner uses stays at or
 * under 5 %. A seeded generator makes the runs the same every time, so the test cannot flake.
 */

/** mulberry32: a small seeded generator, uniform in [0, 1) */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** the rule the runner used before: the fixed-sample verdict, read at every look */
function naiveWinner(results: BranchResult[], minPeople: number): string | null {
  if (results.some((branch) => branch.entered < minPeople)) return null;
  const leader = results.find((branch) => branch.leading);
  if (!leader) return null;
  return results.every((branch) => branch.leading || branch.significant) ? leader.key : null;
}

type Rule = (results: BranchResult[], minPeople: number) => string | null;

/** Of `splits` simulated splits, the share in which each rule ever named a winner. */
function winnerShares(rates: number[], rules: Rule[], splits = 400, seed = 20261205): number[] {
  const random = seeded(seed);
  const named = rules.map(() => 0);
  for (let s = 0; s < splits; s++) {
    const branches: BranchFigures[] = rates.map((_, i) => ({
      key: `k${i}`,
      entered: 0,
      converted: 0,
    }));
    const decided = rules.map(() => false);
    for (let look = 0; look < 40 && decided.includes(false); look++) {
      branches.forEach((branch, i) => {
        for (let n = 0; n < 50; n++) {
          branch.entered += 1;
          if (random() < rates[i]!) branch.converted += 1;
        }
      });
      const results = splitResults(branches, 95);
      rules.forEach((rule, r) => {
        if (!decided[r] && rule(results, 100) !== null) decided[r] = true;
      });
    }
    decided.forEach((yes, r) => (named[r]! += yes ? 1 : 0));
  }
  return named.map((n) => n / splits);
}

describe('an automatic split looked at every pass', () => {
  it('names a false winner of two equal branches within 5 %, where the fixed test does not', () => {
    const [naive, sequential] = winnerShares([0.1, 0.1], [naiveWinner, splitWinner]);
    // the fixed test, peeked at 40 times: about 28 % here (more than five times its level)
    expect(naive).toBeGreaterThan(0.15);
    expect(sequential).toBeLessThanOrEqual(0.05);
  });

  it('stays within 5 % with three equal branches too', () => {
    const [sequential] = winnerShares([0.2, 0.2, 0.2], [splitWinner]);
    expect(sequential).toBeLessThanOrEqual(0.05);
  });

  it('still finds a real difference (10 % against 16 %) in most splits', () => {
    const [sequential] = winnerShares([0.1, 0.16], [splitWinner], 200);
    expect(sequential).toBeGreaterThan(0.8);
  });
});
