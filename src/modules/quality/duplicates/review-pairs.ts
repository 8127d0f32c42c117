import {
  dedupeRecords,
  explainPair,
  type Contribution,
  type DedupeStage,
  type PersonRecord,
} from '../matching/index.ts';
import type { PairContribution } from '../schema.ts';

/**
 * A pair as the review queue stores it: ids in order, score and the explanation as the JSON the
 * column takes (one string crosses from the worker thread far faster than a dozen objects).
 */
export type ReviewPair = {
  customerA: string;
  customerB: string;
  weight: number;
  probability: number;
  household: boolean;
  explanationJson: string;
};

/**
 * The weight each field gave a pair, as the review queue keeps it (weights to two decimals):
 * pairs of a whole-base run and of the check at import alike.
 */
export function storedContributions(explanation: {
  contributions: readonly Contribution[];
}): PairContribution[] {
  return explanation.contributions.map((c) => ({
    field: c.field,
    level: c.level,
    weight: Math.round(c.weight * 100) / 100,
    termAdjusted: c.termAdjusted,
    discounted: c.discounted,
  }));
}

export type ReviewThresholds = { reviewLower: number; reviewUpper: number };

/**
 * The CPU-heavy part of a whole-base run: the engine over all records, then the pairs worth a
 * steward's look (at or above the lower threshold) with the weight each field gave.
 */
export function reviewPairs(
  records: readonly PersonRecord[],
  thresholds: ReviewThresholds,
  onProgress?: (stage: DedupeStage, done: number, total: number) => void,
): ReviewPair[] {
  const result = dedupeRecords(records, {
    threshold: thresholds.reviewUpper,
    ...(onProgress ? { onProgress } : {}),
  });
  const pairs: ReviewPair[] = [];
  for (let p = 0; p < result.pairs.count; p++) {
    if (result.probability[p]! < thresholds.reviewLower) continue;
    const left = result.records[result.pairs.left[p]!]!;
    const right = result.records[result.pairs.right[p]!]!;
    const [a, b] = left.id < right.id ? [left, right] : [right, left];
    pairs.push({
      customerA: a.id,
      customerB: b.id,
      weight: result.weight[p]!,
      probability: result.probability[p]!,
      household: result.household[p] === 1,
      explanationJson: JSON.stringify(storedContributions(explainPair(result.model, a, b))),
    });
  }
  return pairs;
}
