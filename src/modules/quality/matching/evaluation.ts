/** Pairwise precision, recall and F1 of a clustering against the true entity of each record. */
export type PairwiseScores = {
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  precision: number;
  recall: number;
  f1: number;
};

function pairsIn(size: number): number {
  return (size * (size - 1)) / 2;
}

function scores(truePairs: number, predictedPairs: number, correctPairs: number): PairwiseScores {
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, correctPairs, precision, recall, f1 };
}

function tally(keys: Iterable<string>): number {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  let pairs = 0;
  for (const size of counts.values()) pairs += pairsIn(size);
  return pairs;
}

/**
 * Every pair of records inside one predicted cluster is a predicted match (what a merge would
 * do), counted without listing the pairs, so a large cluster costs nothing extra.
 */
export function clusterScores(
  predicted: ArrayLike<number>,
  truth: readonly string[],
): PairwiseScores {
  const indexes = Array.from({ length: truth.length }, (_, i) => i);
  return scores(
    tally(truth),
    tally(indexes.map((i) => String(predicted[i]))),
    tally(indexes.map((i) => `${predicted[i]}\u0000${truth[i]}`)),
  );
}

/** The scored pairs at or above the threshold, taken one by one (no transitive closure). */
export function pairScores(
  left: ArrayLike<number>,
  right: ArrayLike<number>,
  probability: ArrayLike<number>,
  count: number,
  threshold: number,
  truth: readonly string[],
): PairwiseScores {
  let predicted = 0;
  let correct = 0;
  for (let p = 0; p < count; p++) {
    if (probability[p]! < threshold) continue;
    predicted++;
    if (truth[left[p]!] === truth[right[p]!]) correct++;
  }
  return scores(tally(truth), predicted, correct);
}
