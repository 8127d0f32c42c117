/**
 * Best-customer model speed and quality: simulate N people with a planted buyer profile (income,
 * age, interests and present car raise the odds of buying the series), fit the naive Bayes on one
 * window, test on a second simulated window, score everybody, and report seconds and the
 * top-decile lift. The SQL that reads profiles is not part of this (it is one set-based query).
 *
 *   npx tsx bench/best-customer-fit.ts [--customers 100000] [--seed 1]
 *
 * Prints one JSON line.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { gainsReport } from '../src/modules/analytics/best-customers/gains.ts';
import {
  buyerProbability,
  fitNaiveBayes,
} from '../src/modules/analytics/best-customers/naive-bayes.ts';
import {
  commonInterestTags,
  toExample,
  type Profile,
} from '../src/modules/analytics/best-customers/profile.ts';
import { seededRandom } from '../src/modules/analytics/models/simulate.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
  },
});
const customers = Number(values.customers);
const random = seededRandom(Number(values.seed));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const incomes = ['low', 'lower_middle', 'middle', 'upper_middle', 'high', 'very_high'];
const makes = ['lada', 'kia', 'hyundai', 'toyota', 'audi', 'bmw', 'mercedes', 'haval'];
const regions = Array.from({ length: 40 }, (_, index) => `region ${index}`);
const occupations = Array.from({ length: 300 }, (_, index) => `occupation ${index}`);
const tags = ['golf', 'ski', 'fishing', 'travel', 'music', 'hunting', 'tech', 'family', 'sport'];

function simulate(count: number): { profile: Profile; buyer: boolean }[] {
  return Array.from({ length: count }, () => {
    const profile: Profile = {
      age: 20 + Math.floor(random() * 55),
      gender: pick(['male', 'female']),
      incomeBand: pick(incomes),
      maritalStatus: pick(['single', 'married', 'divorced']),
      childrenCount: Math.floor(random() * 4),
      occupation: pick(occupations),
      region: pick(regions),
      dealerCode: `D${Math.floor(random() * 60)}`,
      currentMake: random() < 0.1 ? null : pick(makes),
      currentCarYear: 2008 + Math.floor(random() * 18),
      interests: tags.filter(() => random() < 0.2),
    };
    // the planted profile: a base rate of 1 %, several times that for the look-alikes
    let odds = 0.01;
    if (profile.incomeBand === 'high' || profile.incomeBand === 'very_high') odds *= 3;
    if ((profile.age ?? 0) >= 35 && (profile.age ?? 0) < 50) odds *= 2;
    if (profile.interests?.includes('golf')) odds *= 2;
    if (profile.currentMake === 'audi' || profile.currentMake === 'mercedes') odds *= 2.5;
    return { profile, buyer: random() < odds / (1 + odds) };
  });
}

const simulateStart = performance.now();
const train = simulate(customers);
const holdout = simulate(customers);
const simulateSeconds = (performance.now() - simulateStart) / 1000;

const fitStart = performance.now();
const interestTags = commonInterestTags(train.map((person) => person.profile));
const model = fitNaiveBayes(
  train.map((person) => ({
    features: toExample(person.profile, 2025, interestTags),
    buyer: person.buyer,
  })),
);
const fitSeconds = (performance.now() - fitStart) / 1000;

const scoreStart = performance.now();
const scores = holdout.map((person) =>
  buyerProbability(model, toExample(person.profile, 2025, interestTags)),
);
const report = gainsReport(
  scores,
  holdout.map((person) => person.buyer),
);
const scoreSeconds = (performance.now() - scoreStart) / 1000;

console.log(
  JSON.stringify({
    customers,
    trainBuyers: model.classCounts[1],
    holdoutBuyers: report.buyers,
    topDecileLift: Number((report.topDecileLift ?? 0).toFixed(2)),
    gainsAt20: Number((report.curve[1]?.cumulativeGain ?? 0).toFixed(3)),
    gainsAt50: Number((report.curve[4]?.cumulativeGain ?? 0).toFixed(3)),
    simulateSeconds: Number(simulateSeconds.toFixed(2)),
    fitSeconds: Number(fitSeconds.toFixed(2)),
    scoreAndGainsSeconds: Number(scoreSeconds.toFixed(2)),
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((value) => Number(value.toFixed(1))),
  }),
);
