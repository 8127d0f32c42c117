import { twoProportionTest } from '../../lib/two-proportion.ts';

/*
 * A split's results as a test: per branch its people and those who reached the journey's goal
 * (the same "converted" the figures count), the leading branch, and a two-proportion z-test of
 * the leader against each other branch. Pure, so the rule is unit-tested without a database.
 */

export const splitConfidences = [90, 95, 99] as const;
export type SplitConfidence = (typeof splitConfidences)[number];
export const defaultConfidence: SplitConfidence = 95;

export type BranchFigures = { key: string; entered: number; converted: number };

export type BranchResult = BranchFigures & {
  /** converted / entered, 0 without people */
  rate: number;
  leading: boolean;
  /** against the leader (two-sided); null for the leader itself */
  pValue: number | null;
  /** this branch is worse than the leader beyond chance, at the split's confidence */
  significant: boolean;
};

const rateOf = (b: BranchFigures) => (b.entered === 0 ? 0 : b.converted / b.entered);

/**
 * The leader has the best rate (ties: more conversions, then the earlier branch, so the answer
 * never depends on row order); without any conversion there is no leader. Each comparison is
 * made at (1 − confidence) / (branches − 1) (Bonferroni): with three or four branches the
 * chance that any one of the leader's wins is luck stays within the chosen level.
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
    const pValue =
      leader && !leading
        ? twoProportionTest(
            { trials: leader.entered, successes: leader.converted },
            { trials: branch.entered, successes: branch.converted },
          ).pValue
        : null;
    return {
      ...branch,
      rate: rateOf(branch),
      leading,
      pValue,
      significant: pValue !== null && rateOf(branch) < rateOf(leader!) && pValue < alpha,
    };
  });
}

/**
 * The branch everyone should go to: the leader, once every branch has at least `minPeople`
 * people and the leader beats each other branch significantly; else null (keep splitting).
 */
export function splitWinner(results: BranchResult[], minPeople: number): string | null {
  if (results.length < 2 || results.some((branch) => branch.entered < minPeople)) return null;
  const leader = results.find((branch) => branch.leading);
  if (!leader) return null;
  return results.every((branch) => branch.leading || branch.significant) ? leader.key : null;
}
