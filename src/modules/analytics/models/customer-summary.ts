import { ModelDataError } from './model-errors.ts';

/**
 * The "frequency, recency, age" summary the counting models are fitted on, one entry per
 * customer, stored column-wise so that a million customers are three typed arrays:
 * x = repeat transactions in the calibration period, tx = time of the last one (0 when x = 0),
 * T = time from the first transaction to the end of calibration, all in one time unit.
 * weight counts identical customers folded into one entry (see compressSummaries).
 */
export type CustomerSummaries = {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
};

export function summariesFromRows(
  rows: readonly { x: number; tx: number; T: number }[],
): CustomerSummaries {
  const x = new Float64Array(rows.length);
  const tx = new Float64Array(rows.length);
  const T = new Float64Array(rows.length);
  rows.forEach((row, index) => {
    x[index] = row.x;
    tx[index] = row.tx;
    T[index] = row.T;
  });
  return { x, tx, T, weight: new Float64Array(rows.length).fill(1) };
}

/** Check every entry; a bad one names its position so the caller can point at the row. */
export function validateSummaries(data: CustomerSummaries): void {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n || data.weight.length !== n) {
    throw new ModelDataError('invalid_summary', 'x, tx, T and weight must have the same length');
  }
  for (let i = 0; i < n; i++) {
    const x = data.x[i]!;
    const tx = data.tx[i]!;
    const T = data.T[i]!;
    const problem =
      !Number.isInteger(x) || x < 0
        ? 'x must be a whole number >= 0'
        : !(T > 0) || !Number.isFinite(T)
          ? 'T must be > 0'
          : !(tx >= 0 && tx <= T + 1e-9)
            ? 'tx must be between 0 and T'
            : x === 0 && tx !== 0
              ? 'tx must be 0 when x is 0'
              : !(data.weight[i]! > 0)
                ? 'weight must be > 0'
                : undefined;
    if (problem) {
      throw new ModelDataError(
        'invalid_summary',
        `customer #${i + 1}: ${problem} (x=${x}, tx=${tx}, T=${T})`,
      );
    }
  }
}

/**
 * Fold customers with the same (x, tx, T) into one weighted entry. Summaries measured in whole
 * days or rounded weeks repeat a lot (every one-time buyer of the same day is the same entry),
 * and the likelihood's cost is proportional to the number of distinct entries.
 */
export function compressSummaries(data: CustomerSummaries): CustomerSummaries {
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < data.x.length; i++) {
    const key = `${data.x[i]}|${data.tx[i]}|${data.T[i]}`;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, x.length);
      x.push(data.x[i]!);
      tx.push(data.tx[i]!);
      T.push(data.T[i]!);
      weight.push(data.weight[i]!);
    } else {
      weight[at]! += data.weight[i]!;
    }
  }
  return {
    x: Float64Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    weight: Float64Array.from(weight),
  };
}

export function totalWeight(data: CustomerSummaries): number {
  let sum = 0;
  for (let i = 0; i < data.weight.length; i++) sum += data.weight[i]!;
  return sum;
}
