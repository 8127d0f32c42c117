import { describe, expect, it } from 'vitest';
import { alwaysValidTest, mixtureSpread } from './always-valid-proportions.ts';
import { twoProportionTest } from './two-proportion.ts';

describe('always-valid two-proportion test (mSPRT)', () => {
  it('computes Λ = √r · exp(z²(1 − r)/2) for 200/1000 against 150/1000', () => {
    // z = 2.9424 (the z-test's textbook case); h = 0.002, r = 0.002 / 0.012 = 1/6
    const test = alwaysValidTest(
      { trials: 1000, successes: 200 },
      { trials: 1000, successes: 150 },
    );
    const r = 1 / 6;
    const expected = Math.sqrt(r) * Math.exp((test.z * test.z * (1 - r)) / 2);
    expect(test.z).toBeCloseTo(2.9424, 3);
    expect(test.ratio).toBeCloseTo(expected, 8);
    expect(test.pValue).toBeCloseTo(1 / expected, 8);
  });

  it('asks more than one look does: the same figures are "significant" once but not always-valid', () => {
    const a = { trials: 1000, successes: 200 };
    const b = { trials: 1000, successes: 150 };
    expect(twoProportionTest(a, b).pValue).toBeLessThan(0.01);
    expect(alwaysValidTest(a, b).pValue).toBeGreaterThan(0.05);
    // a lead as large on four times the people is clear for both
    const big = alwaysValidTest({ trials: 4000, successes: 800 }, { trials: 4000, successes: 600 });
    expect(big.pValue).toBeLessThan(0.001);
  });

  it('is symmetric and never answers a p-value outside [0, 1]', () => {
    const a = { trials: 300, successes: 40 };
    const b = { trials: 500, successes: 45 };
    expect(alwaysValidTest(b, a).pValue).toBeCloseTo(alwaysValidTest(a, b).pValue, 12);
    const huge = alwaysValidTest(
      { trials: 1_000_000, successes: 500_000 },
      { trials: 1_000_000, successes: 100_000 },
    );
    expect(huge.pValue).toBeGreaterThanOrEqual(0);
    expect(huge.pValue).toBeLessThan(1e-100);
    expect(alwaysValidTest({ trials: 10, successes: 1 }, { trials: 10, successes: 1 }).pValue).toBe(
      1,
    );
  });

  it('finds nothing without people or spread', () => {
    expect(alwaysValidTest({ trials: 0, successes: 0 }, { trials: 10, successes: 5 }).pValue).toBe(
      1,
    );
    expect(alwaysValidTest({ trials: 50, successes: 0 }, { trials: 60, successes: 0 }).pValue).toBe(
      1,
    );
  });

  it('finds a clear lead (35 % against 15 % of 200 each) at 5 %, more surely with the default τ', () => {
    const a = { trials: 200, successes: 70 };
    const b = { trials: 200, successes: 30 };
    expect(alwaysValidTest(a, b).pValue).toBeLessThan(0.05);
    // τ tuned to much smaller lifts pays for them here: the level holds, the speed moves
    expect(alwaysValidTest(a, b, 0.02).pValue).toBeGreaterThan(alwaysValidTest(a, b).pValue);
    expect(mixtureSpread).toBe(0.1);
  });
});
