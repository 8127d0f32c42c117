import { describe, expect, it } from 'vitest';
import {
  conditionalExpectedTransactions,
  expectedTransactions,
  probabilityAlive,
  type BgNbdParams,
} from './bgnbd.ts';
import { discountedExpectedTransactions, type DiscountTerms } from './lifetime-value.ts';
import { gammaVariate, seededRandom } from './simulate.ts';

// CDNOW's published BG/NBD estimates (weeks) and the paper's example customer
const cdnow: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const example = { x: 2, tx: 30.43, T: 38.86 };
const weeksPerYear = 365.25 / 7;
const terms = (annualRate: number, horizonYears = 10): DiscountTerms => ({
  annualRate,
  horizonYears,
  periodsPerYear: 12,
  timeUnitsPerYear: weeksPerYear,
});

/**
 * The model's story told forwards, without its closed forms: the customer is alive with
 * P(alive); his rate and dropout are drawn from their posterior given that he is (Gamma(r + x,
 * alpha + T) and Beta(a, b + x), FHL 2005 section 3); he then buys after exponential waits
 * and drops out with p after each purchase. Each purchase is discounted from the end of its
 * month, as the formula does.
 */
function simulatedDiscountedTransactions(
  params: BgNbdParams,
  history: { x: number; tx: number; T: number },
  discount: DiscountTerms,
  draws: number,
): { mean: number; standardError: number } {
  const random = seededRandom(7);
  const alive = probabilityAlive(params, history.x, history.tx, history.T);
  const horizon = discount.horizonYears * discount.timeUnitsPerYear;
  const unitsPerPeriod = discount.timeUnitsPerYear / discount.periodsPerYear;
  let total = 0;
  let squares = 0;
  for (let draw = 0; draw < draws; draw++) {
    let value = 0;
    if (random() < alive) {
      const rate = gammaVariate(params.r + history.x, random) / (params.alpha + history.T);
      const left = gammaVariate(params.a, random);
      const dropout = left / (left + gammaVariate(params.b + history.x, random));
      let time = 0;
      for (;;) {
        time += -Math.log(1 - random()) / rate;
        if (time > horizon) break;
        const period = Math.ceil(time / unitsPerPeriod);
        value += Math.pow(1 + discount.annualRate, -period / discount.periodsPerYear);
        if (random() < dropout) break;
      }
    }
    total += value;
    squares += value * value;
  }
  const mean = total / draws;
  return { mean, standardError: Math.sqrt((squares / draws - mean * mean) / draws) };
}

describe('discounted expected transactions (lifetime value)', () => {
  it('without discounting is the expected count over the horizon, for a new customer eq. (9)', () => {
    // a customer seen at time 0 with no history: the conditional expectation must reduce to
    // the unconditional E[X(t)] of FHL 2005 eq. (9), a different formula
    for (const years of [1, 5, 10]) {
      const discounted = discountedExpectedTransactions(cdnow, 0, 0, 0, terms(0, years));
      expect(discounted).toBeCloseTo(expectedTransactions(cdnow, years * weeksPerYear), 9);
    }
    // and for the example customer the periods add up to E[X(10 years) | history]
    expect(
      discountedExpectedTransactions(cdnow, example.x, example.tx, example.T, terms(0)),
    ).toBeCloseTo(
      conditionalExpectedTransactions(cdnow, 10 * weeksPerYear, example.x, example.tx, example.T),
      9,
    );
  });

  it('falls as the rate rises and stays within the undiscounted count', () => {
    const values = [0, 0.05, 0.1, 0.2, 0.5].map((rate) =>
      discountedExpectedTransactions(cdnow, example.x, example.tx, example.T, terms(rate)),
    );
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThan(values[i - 1]!);
    // a month's discount is at most (1.5)^(-1/12) ≈ 0.967 even for the first month's visits,
    // and at least 1.5^-10 for the last: the value lies between those shares of the count
    expect(values[4]).toBeLessThan(values[0]! * Math.pow(1.5, -1 / 12));
    expect(values[4]).toBeGreaterThan(values[0]! * Math.pow(1.5, -10));
  });

  it('a long horizon adds less and less (the discount and the dropout both bite)', () => {
    const at = (years: number) =>
      discountedExpectedTransactions(cdnow, example.x, example.tx, example.T, terms(0.1, years));
    const [five, ten, twenty] = [at(5), at(10), at(20)];
    expect(ten).toBeGreaterThan(five);
    expect(twenty - ten).toBeLessThan(ten - five);
  });

  it('agrees with the model simulated forwards for the CDNOW example customer', () => {
    const discount = terms(0.1);
    const formula = discountedExpectedTransactions(
      cdnow,
      example.x,
      example.tx,
      example.T,
      discount,
    );
    const simulated = simulatedDiscountedTransactions(cdnow, example, discount, 200_000);
    // four standard errors: a wrong formula (e.g. no discount, or the wrong posterior) is
    // far outside, while sampling noise is not
    expect(Math.abs(formula - simulated.mean)).toBeLessThan(4 * simulated.standardError);
    expect(simulated.standardError / simulated.mean).toBeLessThan(0.02);
  });

  it('agrees with the simulation for a customer who has not come back for long', () => {
    const discount = terms(0.08);
    const lapsed = { x: 5, tx: 20, T: 78 };
    const formula = discountedExpectedTransactions(cdnow, lapsed.x, lapsed.tx, lapsed.T, discount);
    const simulated = simulatedDiscountedTransactions(cdnow, lapsed, discount, 200_000);
    expect(Math.abs(formula - simulated.mean)).toBeLessThan(4 * simulated.standardError);
  });

  it('refuses a negative rate', () => {
    expect(() => discountedExpectedTransactions(cdnow, 1, 1, 2, terms(-0.1))).toThrow(RangeError);
  });
});
