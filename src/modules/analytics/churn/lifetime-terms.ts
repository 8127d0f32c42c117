import type { DiscountTerms } from '../models/lifetime-value.ts';

/** The owner's value is counted over this many years: about the life of a car in one family. */
export const lifetimeHorizonYears = 10;
export const defaultAnnualDiscountRate = 0.1;
/** the churn model's time unit is the week */
const weeksPerYear = 365.25 / 7;

/**
 * The discounting of the owners' lifetime value: ANALYTICS_DISCOUNT_RATE, the annual rate as
 * a fraction (default 0.1 = 10 %), over 10 years of monthly periods in the model's weeks.
 */
export function serviceLifetimeTerms(env: NodeJS.ProcessEnv = process.env): DiscountTerms {
  const raw = env.ANALYTICS_DISCOUNT_RATE;
  const annualRate = raw === undefined || raw === '' ? defaultAnnualDiscountRate : Number(raw);
  // a rate of 1 or more is a percentage typed as a whole number (10 for 10 %): refuse it
  if (!(annualRate >= 0 && annualRate < 1)) {
    throw new RangeError(
      `ANALYTICS_DISCOUNT_RATE must be a fraction from 0 to below 1 (0.1 for 10 %), got "${raw}"`,
    );
  }
  return {
    annualRate,
    horizonYears: lifetimeHorizonYears,
    periodsPerYear: 12,
    timeUnitsPerYear: weeksPerYear,
  };
}
