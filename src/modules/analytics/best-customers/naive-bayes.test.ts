import { describe, expect, it } from 'vitest';
import { ModelDataError } from '../models/model-errors.ts';
import { gainsReport } from './gains.ts';
import {
  buyerProbability,
  conditionalProbability,
  contributions,
  fitNaiveBayes,
  logOdds,
  type LabelledExample,
} from './naive-bayes.ts';
import { purchaseReadiness, toExample } from './profile.ts';

/**
 * Six people, two buyers. Income: buyers high, high; others high, low, low, (missing).
 * Gender: buyers male, female; others male, male, female, female.
 */
const people: LabelledExample[] = [
  { features: { income: 'high', gender: 'male' }, buyer: true },
  { features: { income: 'high', gender: 'female' }, buyer: true },
  { features: { income: 'high', gender: 'male' }, buyer: false },
  { features: { income: 'low', gender: 'male' }, buyer: false },
  { features: { income: 'low', gender: 'female' }, buyer: false },
  { features: { income: null, gender: 'female' }, buyer: false },
];

describe('categorical naive Bayes with Laplace smoothing', () => {
  const model = fitNaiveBayes(people);

  it('counts classes and smooths each value over the values seen plus one for the unseen', () => {
    expect(model.classCounts).toEqual([4, 2]);
    // income has 2 values seen; buyers observed 2 -> (2 + 1) / (2 + 1 * 3)
    expect(conditionalProbability(model, 'income', 'high', true)).toBeCloseTo(3 / 5, 12);
    // non-buyers observed income 3 times (one missing): high once -> (1 + 1) / (3 + 3)
    expect(conditionalProbability(model, 'income', 'high', false)).toBeCloseTo(2 / 6, 12);
    expect(conditionalProbability(model, 'income', 'low', true)).toBeCloseTo(1 / 5, 12);
    // a value never seen keeps the share reserved for it
    expect(conditionalProbability(model, 'income', 'medium', true)).toBeCloseTo(1 / 5, 12);
    expect(conditionalProbability(model, 'gender', 'male', false)).toBeCloseTo(3 / 7, 12);
  });

  it('gives the posterior of the hand computation', () => {
    // prior 2/4; income high 3/5 vs 2/6; gender male (1+1)/(2+3) vs (2+1)/(4+3)
    const odds = (2 / 4) * (3 / 5 / (2 / 6)) * (2 / 5 / (3 / 7));
    expect(logOdds(model, { income: 'high', gender: 'male' })).toBeCloseTo(Math.log(odds), 12);
    expect(buyerProbability(model, { income: 'high', gender: 'male' })).toBeCloseTo(
      odds / (1 + odds),
      12,
    );
    // a missing value and an unknown feature change nothing
    expect(buyerProbability(model, { income: null, colour: 'red' })).toBeCloseTo(1 / 3, 12);
  });

  it('names the traits that make a person look like a buyer, strongest first', () => {
    const [first] = contributions(model, { income: 'high', gender: 'male' });
    expect(first).toMatchObject({ feature: 'income', value: 'high' });
    expect(first?.logRatio).toBeCloseTo(Math.log(3 / 5 / (2 / 6)), 12);
  });

  it('refuses data with no buyers, only buyers, or nobody, with the reason', () => {
    const nobodyBought = people.map((person) => ({ ...person, buyer: false }));
    expect(() => fitNaiveBayes(nobodyBought)).toThrowError(ModelDataError);
    expect(() => fitNaiveBayes(nobodyBought)).toThrow(/Nobody in the training period bought/);
    const allBought = people.map((person) => ({ ...person, buyer: true }));
    expect(() => fitNaiveBayes(allBought)).toThrow(/Everybody in the training period bought/);
    try {
      fitNaiveBayes([]);
    } catch (error) {
      expect((error as ModelDataError).problem).toBe('no_customers');
    }
    expect(() => fitNaiveBayes(people, 0)).toThrow(RangeError);
  });
});

describe('gains and lift', () => {
  it('finds all buyers in the top decile of a perfect ranking of 100 people with 10 buyers', () => {
    const scores = Array.from({ length: 100 }, (_, index) => 100 - index);
    const buyers = scores.map((_, index) => index < 10);
    const report = gainsReport(scores, buyers);
    expect(report.baseRate).toBe(0.1);
    expect(report.topDecileLift).toBeCloseTo(10, 12);
    expect(report.curve[0]).toMatchObject({
      share: 0.1,
      people: 10,
      buyers: 10,
      cumulativeGain: 1,
    });
    expect(report.curve[9]).toMatchObject({ share: 1, people: 100, cumulativeGain: 1, lift: 1 });
  });

  it('shows no lift for a constant score and none at all without buyers', () => {
    const buyers = Array.from({ length: 50 }, (_, index) => index % 5 === 0);
    expect(gainsReport(new Array(50).fill(0.3), buyers).topDecileLift).toBe(0);
    expect(gainsReport([1, 2, 3], [false, false, false]).topDecileLift).toBeNull();
  });
});

describe('profile features and readiness', () => {
  it('bands age, children and car age, and turns the common interests into yes/no', () => {
    const example = toExample(
      { age: 37, childrenCount: 4, currentCarYear: 2018, interests: ['Golf'], gender: 'unknown' },
      2026,
      ['golf', 'fishing'],
    );
    expect(example).toMatchObject({
      ageBand: '35-44',
      children: '3+',
      carAge: '6-9',
      gender: null,
      'interest:golf': 'yes',
      'interest:fishing': 'no',
    });
    // interests unknown (a list without the column) are not "no"
    expect(toExample({}, 2026, ['golf'])['interest:golf']).toBeUndefined();
  });

  it('puts a test drive first and a nearly new car last', () => {
    expect(purchaseReadiness({ advancedLead: true, currentCarYear: 2025 }, 2026)).toBe(1);
    expect(purchaseReadiness({ currentCarYear: 2025 }, 2026)).toBe(0.2);
    expect(purchaseReadiness({ currentCarYear: 2014 }, 2026)).toBe(0.7);
    expect(purchaseReadiness({ purchaseWithinMonths: 2 }, 2026)).toBe(0.9);
  });
});
