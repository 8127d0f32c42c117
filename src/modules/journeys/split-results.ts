import { alwaysValidTest } from '../../lib/always-valid-proportions.ts';
import { twoProportionTest } from '../../lib/two-proportion.ts';
import { defaultConfidence, type SplitConfidence } from './split-levels.ts';

/*
 * A split's results as a test: per branch its people and those who reached the journey's goal
 * (the same "converted" the figures count), the leading branch, and two tests of the leader
 * against each other branch: the fixed-sample z-test (right for one planned look) and the
 * always-valid mSPRT (right however often the runner and the card look, so the switch uses
 * it). Pure, so the rules are unit-tested without a database.
 */

export type BranchFigures = { key: string; entered: number; converted: number };

export type BranchResult = BranchFigures & {
  /** converted / entered, 0 without people */
  rate: number;
  leading: boolean;
  /** against the leader (two-sided, fixed-sample: valid for one look); null for the leader */
  pValue: number | null;
  /** worse than the leader by the fixed-sample test, at the split's confidence */
  significant: boolean;
  /** against the leader, always valid (mSPRT: any number of looks); null for the leader */
  sequentialPValue: number | null;
  /** worse than the leader by the always-valid test: what the automatic switch waits for */
  decisive: boolean;
};

const rateOf = (b: BranchFigures) => (b.entered === 0 ? 0 : b.converted / b.entered);

/**
 * The leader has the best rate (ties: more conversions, then the earlier branch, so the answer
 * never depends on row order); without any conversion there is no leader. Each comparison is
 * made at (1 − confidence) / (branches − 1) (Bonferroni): with three or four branches the
 * chance that any one of the leader's wins is luck stays within the chosen level. That holds
 * though the leader is picked from the data: a false winner must beat branch 1 (or, being
 * branch 1, beat branch 2), so it needs one of k − 1 fixed pairs to err, each at its share.
 */
export function splitResults(
  branches: BranchFigures[],
  confidence: SplitConfidence = defaultConfidence,
): BranchResult[] {
  let leader: BranchFigures | null = null;
  for (const branch of branches) {
    if (branch.converted === 0) continue;
    if (
      !leader ||
      rateOf(branch) > rateOf(leader) ||
      (rateOf(branch) === rateOf(leader) && branch.converted > leader.converted)
    )
      leader = branch;
  }
  const alpha = (1 - confidence / 100) / Math.max(1, branches.length - 1);
  return branches.map((branch) => {
    const leading = branch === leader;
    if (!leader || leading) {
      const none = { pValue: null, significant: false, sequentialPValue: null, decisive: false };
      return { ...branch, rate: rateOf(branch), leading, ...none };
    }
    const best = { trials: leader.entered, successes: leader.converted };
    const other = { trials: branch.entered, successes: branch.converted };
    const { pValue } = twoProportionTest(best, other);
    const sequentialPValue = alwaysValidTest(best, other).pValue;
    const worse = rateOf(branch) < rateOf(leader);
    return {
      ...branch,
      rate: rateOf(branch),
      leading,
      pValue,
      significant: worse && pValue < alpha,
      sequentialPValue,
      decisive: worse && sequentialPValue < alpha,
    };
  });
}

/**
 * The branch everyone should go to: the leader, once every branch has at least `minPeople`
 * people and the leader beats each other branch by the always-valid test; else null (keep
 * splitting). The runner asks at every pass, so the fixed-sample verdict would pick a false
 * winner far more often than 1 − confidence (`split-sequential.test.ts` measures both).
 */
export function splitWinner(results: BranchResult[], minPeople: number): string | null {
  if (results.length < 2 || results.some((branch) => branch.entered < minPeople)) return null;
  const leader = results.find((branch) => branch.leading);
  if (!leader) return null;
  return results.every((branch) => branch.leading || branch.decisive) ? leader.key : null;
}
