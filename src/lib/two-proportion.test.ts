import { describe, expect, it } from 'vitest';
import { normalCdf, twoProportionTest } from './two-proportion.ts';

describe('two-proportion z-test', () => {
  it('knows the normal distribution’s landmarks', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 5);
    expect(normalCdf(2.575829)).toBeCloseTo(0.995, 5);
    expect(normalCdf(1)).toBeCloseTo(0.841345, 5);
  });

  it('gives the textbook z and p for 200/1000 against 150/1000', () => {
    // pooled 0.175, se = sqrt(0.175 * 0.825 * 2 / 1000) = 0.016993; z = 0.05 / se = 2.9424
    const { z, pValue } = twoProportionTest(
      { trials: 1000, successes: 200 },
      { trials: 1000, successes: 150 },
    );
    expect(z).toBeCloseTo(2.9424, 3);
    expect(pValue).toBeCloseTo(0.00326, 4);
  });

  it('is symmetric: the sign of z turns, p stays', () => {
    const a = { trials: 480, successes: 60 };
    const b = { trials: 520, successes: 45 };
    const ab = twoProportionTest(a, b);
    const ba = twoProportionTest(b, a);
    expect(ba.z).toBeCloseTo(-ab.z, 10);
    expect(ba.pValue).toBeCloseTo(ab.pValue, 10);
  });

  it('finds nothing between equal rates, nor without people or spread', () => {
    const equal = twoProportionTest({ trials: 100, successes: 10 }, { trials: 200, successes: 20 });
    expect(equal.z).toBe(0);
    expect(equal.pValue).toBeCloseTo(1, 6);
    expect(
      twoProportionTest({ trials: 0, successes: 0 }, { trials: 10, successes: 5 }).pValue,
    ).toBe(1);
    expect(
      twoProportionTest({ trials: 50, successes: 0 }, { trials: 60, successes: 0 }).pValue,
    ).toBe(1);
  });

  it('calls 12/100 against 10/100 chance (p ≈ 0.65)', () => {
    const { pValue } = twoProportionTest(
      { trials: 100, successes: 12 },
      { trials: 100, successes: 10 },
    );
    expect(pValue).toBeGreaterThan(0.6);
    expect(pValue).toBeLessThan(0.7);
  });
});
