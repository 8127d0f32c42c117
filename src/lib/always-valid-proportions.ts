import { twoProportionTest, type Proportion } from './two-proportion.ts';

/*
 * An always-valid test of two success rates: the mixture sequential probability ratio test
 * (mSPRT; Robbins 1970, Johari, Pekelis & Walsh, "Always valid inference", 2017). The
 * fixed-sample z-test of `two-proportion.ts` holds its level for one planned look only; read
 * again at every runner pass it finds a "winner" between two equal branches far more often
 * than 1 − confidence. The mSPRT's ratio is a martingale under "no difference", so by Ville's
 * inequality the chance that it ever reaches 1 / α, however often and however long it is
 * looked at, is at most α. No planned sample size and no memory of earlier looks are needed.
 *
 * On the z scale: z is the pooled two-proportion statistic (a difference of rates over its
 * standard error), h = 1/nA + 1/nB, and the difference is given a normal prior N(0, τ²) in
 * standard deviations of one person's outcome. The ratio of the mixture against "no
 * difference" is then Λ = √r · exp(z² (1 − r) / 2) with r = h / (h + τ²); the p-value valid at
 * any look is min(1, 1 / Λ). Like the z-test it rests on the normal approximation, which is why
 * a split also needs its minimum of people per branch first.
 */

/**
 * τ: the spread of differences the test is tuned to, in standard deviations of one person's
 * outcome. 0.1 is a goal rate of 10 % against 13 % (σ ≈ 0.3): the lifts a journey's e-mail or
 * SMS variants plausibly make. Any τ keeps the level; it only moves where the test is quickest.
 */
export const mixtureSpread = 0.1;

export type SequentialTest = {
  /** the pooled z of a's rate minus b's (as the fixed test) */
  z: number;
  /** the mixture likelihood ratio Λ against "no difference" */
  ratio: number;
  /** min(1, 1 / Λ): below α at any look means "different", at level α over all looks */
  pValue: number;
};

export function alwaysValidTest(
  a: Proportion,
  b: Proportion,
  spread: number = mixtureSpread,
): SequentialTest {
  const { z } = twoProportionTest(a, b);
  // no people on a side or no spread at all: nothing to test (the z-test answers 0 then)
  if (a.trials <= 0 || b.trials <= 0 || z === 0) return { z, ratio: 0, pValue: 1 };
  const h = 1 / a.trials + 1 / b.trials;
  const r = h / (h + spread * spread);
  // in logs: with thousands of people the exponential would overflow long before p matters
  const logRatio = 0.5 * Math.log(r) + (z * z * (1 - r)) / 2;
  return { z, ratio: Math.exp(logRatio), pValue: Math.min(1, Math.exp(-logRatio)) };
}
