/**
 * Order pricing rules, free of the database so that they can be tested on their own.
 * Money is in integer minor units; discounts of agreements in basis points (1/100 of a %).
 */

export type Tier = { minVehicles: number; discountBp: number };

/** The tier a yearly volume reaches: the one with the highest threshold not above it. */
export function tierFor(tiers: readonly Tier[], volume: number): Tier | undefined {
  let reached: Tier | undefined;
  for (const tier of tiers) {
    if (tier.minVehicles <= volume && (!reached || tier.minVehicles > reached.minVehicles)) {
      reached = tier;
    }
  }
  return reached;
}

/** basis points of an amount, rounded half up; in bigint because price × 10,000 passes 2^53 */
export function percentOf(amountMinor: number, basisPoints: number): number {
  return Number((BigInt(amountMinor) * BigInt(basisPoints) + 5000n) / 10000n);
}

export type Price = {
  listMinor: number;
  agreementDiscountMinor: number;
  discountMinor: number;
  finalMinor: number;
};

/**
 * The price of an order: the agreement's tier discount first, then the consultant's extra
 * discount on top. Null when the discounts together exceed the list price.
 */
export function priceOrder(listMinor: number, tierBp: number, extraMinor: number): Price | null {
  const agreementDiscountMinor = percentOf(listMinor, tierBp);
  const discountMinor = agreementDiscountMinor + extraMinor;
  if (discountMinor > listMinor) return null;
  return {
    listMinor,
    agreementDiscountMinor,
    discountMinor,
    finalMinor: listMinor - discountMinor,
  };
}

export type CustomerStatus = 'new' | 'existing';

/**
 * "Existing" customer: bought a vehicle in the last calendar year, i.e. the year before the one
 * of the reference date (a fleet agreement for 2027 looks at 2026); everyone else is "new".
 * Dates are calendar dates, YYYY-MM-DD.
 */
export function customerStatus(purchaseDates: readonly string[], on: string): CustomerStatus {
  const lastYear = String(Number(on.slice(0, 4)) - 1);
  return purchaseDates.some((date) => date.slice(0, 4) === lastYear) ? 'existing' : 'new';
}

/** The last calendar year before a date, as an inclusive range of dates. */
export function lastCalendarYear(on: string): { from: string; to: string } {
  const year = Number(on.slice(0, 4)) - 1;
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}
