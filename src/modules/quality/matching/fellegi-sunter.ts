import { MISSING } from './comparisons.ts';

/**
 * The Fellegi-Sunter model: for every comparison k and level l, m[k][l] = P(level | match)
 * and u[k][l] = P(level | non-match); lambda = P(match) among the pairs considered. A pair's
 * match weight is log2(lambda / (1 - lambda)) + sum over k of log2(m / u) (missing levels add 0).
 */
export type FsParameters = { lambda: number; m: number[][]; u: number[][] };

/** Distinct comparison vectors with how often each occurs (EM works on these, not on pairs). */
export type PatternCounts = { vectors: Uint8Array[]; counts: number[] };

export function countPatterns(gammas: Uint8Array, width: number, pairs: number): PatternCounts {
  const index = new Map<number, number>();
  const vectors: Uint8Array[] = [];
  const counts: number[] = [];
  for (let p = 0; p < pairs; p++) {
    const vector = gammas.subarray(p * width, p * width + width);
    // Levels are < 8 and MISSING is folded to 7: one number in base 8 names the vector.
    let key = 0;
    for (let k = 0; k < width; k++) key = key * 8 + Math.min(vector[k]!, 7);
    const known = index.get(key);
    if (known !== undefined) counts[known]!++;
    else {
      index.set(key, vectors.length);
      vectors.push(vector.slice());
      counts.push(1);
    }
  }
  return { vectors, counts };
}

/** Level frequencies of a set of vectors, with one pseudo-count per level so none is zero. */
export function levelFrequencies(patterns: PatternCounts, levels: readonly number[]): number[][] {
  const tallies = levels.map((count) => new Array<number>(count).fill(1));
  patterns.vectors.forEach((vector, p) => {
    const count = patterns.counts[p]!;
    vector.forEach((level, k) => {
      if (level !== MISSING) tallies[k]![level]! += count;
    });
  });
  return tallies.map((row) => {
    const total = row.reduce((sum, value) => sum + value, 0);
    return row.map((value) => value / total);
  });
}

export type EmOptions = {
  /** keep u as given (estimated from random pairs) and learn only lambda and m */
  fixU?: boolean;
  /** keep m as given too (learnt elsewhere): only lambda is learnt */
  fixM?: boolean;
  maxIterations?: number;
  /** stop when no parameter moves more than this */
  tolerance?: number;
};

const floor = 1e-6;

function normalise(row: number[]): number[] {
  const total = row.reduce((sum, value) => sum + Math.max(value, floor), 0);
  return row.map((value) => Math.max(value, floor) / total);
}

/** Starting m: most of the mass on the strongest agreement, falling off level by level. */
export function initialM(levels: readonly number[]): number[][] {
  return levels.map((count) =>
    normalise(Array.from({ length: count }, (_, l) => (l === 0 ? 0.8 : 0.2 / 2 ** l))),
  );
}

/**
 * Expectation-maximisation over the comparison vectors: E-step, each vector's match
 * probability under the current parameters; M-step, lambda, m (and u unless fixed) as the
 * probability-weighted level frequencies. Missing levels leave a comparison out of both steps.
 */
export function expectationMaximisation(
  patterns: PatternCounts,
  start: FsParameters,
  options: EmOptions = {},
): FsParameters & { iterations: number; matchObservations: number[] } {
  const { fixU = false, fixM = false, maxIterations = 200, tolerance = 1e-7 } = options;
  let { lambda } = start;
  let m = start.m.map((row) => [...row]);
  let u = start.u.map((row) => [...row]);
  const total = patterns.counts.reduce((sum, count) => sum + count, 0);
  const posterior = new Float64Array(patterns.vectors.length);
  let iterations = 0;
  // How much match mass saw each comparison (missing left out): what its m rests on.
  let matchObservations = m.map(() => 0);
  for (; iterations < maxIterations; iterations++) {
    let matchMass = 0;
    patterns.vectors.forEach((vector, p) => {
      let logRatio = Math.log(lambda) - Math.log(1 - lambda);
      vector.forEach((level, k) => {
        if (level !== MISSING) logRatio += Math.log(m[k]![level]!) - Math.log(u[k]![level]!);
      });
      const probability = 1 / (1 + Math.exp(-logRatio));
      posterior[p] = probability;
      matchMass += probability * patterns.counts[p]!;
    });
    const mTally = m.map((row) => row.map(() => 0));
    const uTally = u.map((row) => row.map(() => 0));
    patterns.vectors.forEach((vector, p) => {
      const count = patterns.counts[p]!;
      const match = posterior[p]! * count;
      vector.forEach((level, k) => {
        if (level === MISSING) return;
        mTally[k]![level]! += match;
        uTally[k]![level]! += count - match;
      });
    });
    matchObservations = mTally.map((row) => row.reduce((sum, value) => sum + value, 0));
    const nextLambda = Math.min(Math.max(matchMass / total, floor), 1 - floor);
    const nextM = fixM ? m : mTally.map(normalise);
    const nextU = fixU ? u : uTally.map(normalise);
    let change = Math.abs(nextLambda - lambda);
    nextM.forEach((row, k) =>
      row.forEach((value, l) => (change = Math.max(change, Math.abs(value - m[k]![l]!)))),
    );
    if (!fixU) {
      nextU.forEach((row, k) =>
        row.forEach((value, l) => (change = Math.max(change, Math.abs(value - u[k]![l]!)))),
      );
    }
    lambda = nextLambda;
    m = nextM;
    u = nextU;
    if (change < tolerance) {
      iterations++;
      break;
    }
  }
  return { lambda, m, u, iterations, matchObservations };
}

export function matchProbability(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}
