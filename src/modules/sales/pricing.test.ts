import { describe, expect, it } from 'vitest';
import { customerStatus, percentOf, priceOrder, tierFor } from './pricing.ts';

describe('a fleet agreement’s volume tiers price the company’s orders', () => {
  const tiers = [
    { minVehicles: 10, discountBp: 800 },
    { minVehicles: 1, discountBp: 300 },
    { minVehicles: 5, discountBp: 500 },
  ];

  it('gives the tier of the highest threshold the yearly volume reaches', () => {
    expect(tierFor(tiers, 1)?.discountBp).toBe(300);
    expect(tierFor(tiers, 4)?.discountBp).toBe(300);
    expect(tierFor(tiers, 5)?.discountBp).toBe(500);
    expect(tierFor(tiers, 9)?.discountBp).toBe(500);
    expect(tierFor(tiers, 10)?.discountBp).toBe(800);
    expect(tierFor(tiers, 250)?.discountBp).toBe(800);
  });

  it('gives no tier below the first threshold', () => {
    expect(tierFor([{ minVehicles: 3, discountBp: 200 }], 2)).toBeUndefined();
    expect(tierFor([], 100)).toBeUndefined();
  });

  it('rounds a percentage half up to the minor unit, exactly for large prices', () => {
    expect(percentOf(1_000_000, 500)).toBe(50_000);
    expect(percentOf(333, 5000)).toBe(167);
    expect(percentOf(101, 50)).toBe(1); // 0.505 -> 1
    expect(percentOf(99, 50)).toBe(0); // 0.495 -> 0
    expect(percentOf(9_000_000_000_000, 1234)).toBe(1_110_600_000_000);
  });

  it('adds the consultant’s extra discount to the tier discount', () => {
    expect(priceOrder(3_000_000_00, 500, 10_000_00)).toEqual({
      listMinor: 3_000_000_00,
      agreementDiscountMinor: 150_000_00,
      discountMinor: 160_000_00,
      finalMinor: 2_840_000_00,
    });
    expect(priceOrder(100_00, 0, 0)).toMatchObject({ discountMinor: 0, finalMinor: 100_00 });
  });

  it('refuses discounts larger than the list price', () => {
    expect(priceOrder(100_00, 5000, 50_01)).toBeNull();
    expect(priceOrder(100_00, 5000, 50_00)).toMatchObject({ finalMinor: 0 });
  });
});

describe('"new" or "existing" customer', () => {
  it('is existing when he bought in the previous calendar year', () => {
    expect(customerStatus(['2025-12-31'], '2026-01-01')).toBe('existing');
    expect(customerStatus(['2020-05-01', '2025-01-01'], '2026-11-30')).toBe('existing');
  });

  it('is new when his purchases are older, or only in the current year', () => {
    expect(customerStatus([], '2026-06-01')).toBe('new');
    expect(customerStatus(['2024-12-31'], '2026-06-01')).toBe('new');
    expect(customerStatus(['2026-02-01'], '2026-06-01')).toBe('new');
  });
});
