import { ModelDataError } from './model-errors.ts';

/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
 * squares) on standardised features: a handful of features and up to millions of rows, where
 * Newton converges in a few passes and needs no learning rate. The intercept is not penalised.
 */
export type LogisticModel = {
  featureNames: string[];
  means: number[];
  scales: number[];
  /** intercept first, then one weight per standardised feature */
  weights: number[];
  iterations: number;
};

function solve(matrix: number[][], vector: number[]): number[] {
  // Gaussian elimination with partial pivoting; the Hessian is small (features + 1)
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++) {
      if (Math.abs(a[row]![column]!) > Math.abs(a[pivot]![column]!)) pivot = row;
    }
    [a[column], a[pivot]] = [a[pivot]!, a[column]!];
    const lead = a[column]![column]!;
    if (Math.abs(lead) < 1e-12) throw new ModelDataError('did_not_converge', 'singular Hessian');
    for (let row = column + 1; row < n; row++) {
      const factor = a[row]![column]! / lead;
      for (let k = column; k <= n; k++) a[row]![k]! -= factor * a[column]![k]!;
    }
  }
  const result = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let sum = a[row]![n]!;
    for (let k = row + 1; k < n; k++) sum -= a[row]![k]! * result[k]!;
    result[row] = sum / a[row]![row]!;
  }
  return result;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function fitLogistic(
  featureNames: string[],
  rows: readonly number[][],
  labels: readonly number[],
  options: { l2?: number; maxIterations?: number } = {},
): LogisticModel {
  const n = rows.length;
  const d = featureNames.length;
  const positives = labels.reduce((sum, label) => sum + label, 0);
  if (n < 20 || positives === 0 || positives === n) {
    throw new ModelDataError(
      n < 20 ? 'too_few_customers' : 'one_outcome_only',
      `A classifier needs at least 20 examples of both outcomes (got ${n}, ${positives} positive).`,
    );
  }
  const means = featureNames.map((_, j) => rows.reduce((sum, row) => sum + row[j]!, 0) / n);
  const scales = featureNames.map((_, j) => {
    const variance = rows.reduce((sum, row) => sum + (row[j]! - means[j]!) ** 2, 0) / n;
    return Math.sqrt(variance) || 1;
  });
  const x = rows.map((row) => [1, ...row.map((value, j) => (value - means[j]!) / scales[j]!)]);
  const l2 = options.l2 ?? 1e-3;
  let weights = new Array<number>(d + 1).fill(0);
  let iterations = 0;
  for (; iterations < (options.maxIterations ?? 50); iterations++) {
    const gradient = new Array<number>(d + 1).fill(0);
    const hessian = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      let z = 0;
      for (let k = 0; k <= d; k++) z += weights[k]! * xi[k]!;
      const p = sigmoid(z);
      const w = Math.max(p * (1 - p), 1e-10);
      for (let k = 0; k <= d; k++) {
        gradient[k]! += (labels[i]! - p) * xi[k]!;
        for (let m = k; m <= d; m++) hessian[k]![m]! += w * xi[k]! * xi[m]!;
      }
    }
    for (let k = 0; k <= d; k++) {
      for (let m = 0; m < k; m++) hessian[k]![m] = hessian[m]![k]!;
      if (k > 0) {
        gradient[k]! -= l2 * n * weights[k]!;
        hessian[k]![k]! += l2 * n;
      }
    }
    const step = solve(hessian, gradient);
    weights = weights.map((value, k) => value + step[k]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) {
      iterations++;
      break;
    }
  }
  return { featureNames, means, scales, weights, iterations };
}

export function predictLogistic(model: LogisticModel, row: readonly number[]): number {
  let z = model.weights[0]!;
  for (let j = 0; j < row.length; j++) {
    z += (model.weights[j + 1]! * (row[j]! - model.means[j]!)) / model.scales[j]!;
  }
  return sigmoid(z);
}
