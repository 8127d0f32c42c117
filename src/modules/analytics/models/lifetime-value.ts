import { conditionalExpectedTransactions, type BgNbdParams } from './bgnbd.ts';

/**
 * How a stream of expected future transactions is turned into one present value: cut the
 * horizon into periods, take the transactions BG/NBD expects in each, and discount each
 * period's count at the annual rate from the period's end.
 */
export type DiscountTerms = {
  /** e.g. 0.1 for 10 % a year; 0 gives the undiscounted count over the horizon */
  annualRate: number;
  horizonYears: number;
  periodsPerYear: number;
  /** the model's time unit per year: 365.25 / 7 for weeks */
  timeUnitsPerYear: number;
};

/**
 * Discounted expected transactions (a finite-horizon DERT) of a customer with history
 * (x, tx, T): the sum over periods k = 1..K of
 *   (E[X(t_k) | x, tx, T] − E[X(t_{k−1}) | x, tx, T]) / (1 + d)^(k / periodsPerYear),
 * with t_k = k periods after T and E[·] FHL 2005 eq. (10). Times the Gamma-Gamma expected
 * spend per transaction this is the customer's discounted expected lifetime value over the
 * horizon (Fader, Hardie & Lee 2005, "RFM and CLV", discounting per period as in their
 * "CLV in discrete time" note).
 */
export function discountedExpectedTransactions(
  params: BgNbdParams,
  x: number,
  tx: number,
  T: number,
  terms: DiscountTerms,
): number {
  if (!(terms.annualRate >= 0)) throw new RangeError('The discount rate cannot be negative');
  const periods = Math.round(terms.horizonYears * terms.periodsPerYear);
  const unitsPerPeriod = terms.timeUnitsPerYear / terms.periodsPerYear;
  const periodDiscount = Math.pow(1 + terms.annualRate, -1 / terms.periodsPerYear);
  let total = 0;
  let previous = 0;
  let factor = 1;
  for (let k = 1; k <= periods; k++) {
    const current = conditionalExpectedTransactions(params, k * unitsPerPeriod, x, tx, T);
    factor *= periodDiscount;
    total += (current - previous) * factor;
    previous = current;
  }
  return total;
}
