/**
 * Two-proportion z-test (pooled), two-sided: is the difference between two success rates more
 * than chance would make? Used by marketing's A/B picker (`ab-test.ts`) and the journeys' split
 * tests (`split-results.ts`).
 */
export type Proportion = { trials: number; successes: number };
export type ProportionTest = { z: number; pValue: number };

/**
 * Standard normal cumulative distribution, from the error function (Abramowitz & Stegun
 * 7.1.26, absolute error below 1.5e-7: far finer than any decision made on it).
 */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * z of a's rate minus b's, and the two-sided p-value. No test is possible when either side has
 * no trials, or when both rates are 0 % or both 100 % (no spread): then z is 0 and p is 1.
 */
export function twoProportionTest(a: Proportion, b: Proportion): ProportionTest {
  if (a.trials <= 0 || b.trials <= 0) return { z: 0, pValue: 1 };
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  if (se === 0) return { z: 0, pValue: 1 };
  const z = (a.successes / a.trials - b.successes / b.trials) / se;
  // clamped: rounding of the approximation must not answer a p-value outside [0, 1]
  const pValue = Math.min(1, Math.max(0, 2 * (1 - normalCdf(Math.abs(z)))));
  return { z, pValue };
}
