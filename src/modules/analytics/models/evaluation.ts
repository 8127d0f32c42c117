/**
 * How good a score is on a holdout: AUC (the probability that a random positive scores above a
 * random negative; ties count half), the Brier score, and calibration in bins of predicted
 * probability (predicted mean vs observed rate per bin).
 */
export function areaUnderRoc(scores: readonly number[], labels: readonly number[]): number | null {
  const order = scores.map((score, index) => ({ score, label: labels[index]! }));
  order.sort((left, right) => left.score - right.score);
  const positives = labels.filter((label) => label === 1).length;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return null;
  // Mann-Whitney: the sum of the positives' ranks, tied scores sharing their mean rank
  let rankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.score === order[start]!.score) end++;
    const meanRank = (start + end + 2) / 2;
    for (let i = start; i <= end; i++) if (order[i]!.label === 1) rankSum += meanRank;
    start = end + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function brierScore(probabilities: readonly number[], labels: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += (probabilities[i]! - labels[i]!) ** 2;
  return labels.length ? sum / labels.length : NaN;
}

export type CalibrationBin = {
  from: number;
  to: number;
  count: number;
  predicted: number;
  observed: number;
};

export function calibrationBins(
  probabilities: readonly number[],
  labels: readonly number[],
  bins = 10,
): CalibrationBin[] {
  const result: CalibrationBin[] = Array.from({ length: bins }, (_, index) => ({
    from: index / bins,
    to: (index + 1) / bins,
    count: 0,
    predicted: 0,
    observed: 0,
  }));
  probabilities.forEach((probability, index) => {
    const bin = result[Math.min(bins - 1, Math.floor(probability * bins))]!;
    bin.count++;
    bin.predicted += probability;
    bin.observed += labels[index]!;
  });
  return result
    .filter((bin) => bin.count > 0)
    .map((bin) => ({
      ...bin,
      predicted: bin.predicted / bin.count,
      observed: bin.observed / bin.count,
    }));
}
