import { getCountries, getCountryCallingCode, Metadata } from 'libphonenumber-js';
import type { NumberingPlan } from 'libphonenumber-js';

/**
 * Stored phones are E.164 (the API reads what people type with libphonenumber and refuses what
 * does not parse), but bulk loads, SQL and data from before that rule write the column directly,
 * and its check constraint only asks for + and 7-15 digits. The quality run flags a number that
 * does not fit the numbering plan of its country calling code.
 *
 * Our markets have hand-written plans that know the leading digits of Russian, Kazakh, Chinese
 * and North American numbers. Every other calling code takes, from libphonenumber's metadata, the
 * national number pattern and the possible lengths of each country sharing it (every valid
 * number of that country matches both): a number fits when it matches one country's pattern at
 * one of that country's lengths. So what a plan flags libphonenumber also refuses, and a test
 * keeps it so. The patterns use groups, classes, `\d`, bounds and a lookahead, which
 * PostgreSQL's regular expressions read the same way, so the quality run applies them in SQL (a
 * test runs every plan there).
 */
export type PhonePlan = { prefix: string; pattern: string };

const ourMarkets: PhonePlan[] = [
  // Russia (3, 4, 8, 9) and Kazakhstan (7): ten digits after +7
  { prefix: '+7', pattern: '^[+]7[3-47-9][0-9]{9}$' },
  // China: mobiles 1[3-9] + 9 digits; Beijing 10 and the 2x cities + 8 digits; three-digit
  // area codes + 7 or 8 digits; no national 0 after +86
  { prefix: '+86', pattern: '^[+]86(1[3-9][0-9]{9}|10[0-9]{8}|2[0-9]{9}|[3-9][0-9]{9,10})$' },
  // North America: area code and exchange never start with 0 or 1
  { prefix: '+1', pattern: '^[+]1[2-9][0-9]{2}[2-9][0-9]{6}$' },
];

/** One plan per other calling code: the national patterns of the countries that share it. */
function libraryPlans(): PhonePlan[] {
  const metadata = new Metadata();
  const alternatives = new Map<string, Set<string>>();
  for (const country of getCountries()) {
    const code = getCountryCallingCode(country);
    metadata.selectNumberingPlan(country);
    const plan = metadata.numberingPlan;
    const lengths = plan?.possibleLengths() ?? [];
    if (!plan || lengths.length === 0) continue;
    const known = alternatives.get(code) ?? new Set<string>();
    // the lookahead holds the rest of the number to the country's lengths, then its pattern
    // must match that rest (the plan's `$` ends both); without a pattern, the lengths alone
    const pattern = nationalNumberPattern(plan);
    known.add(`(?=(?:${lengthsPattern(lengths)})$)${pattern ? `(?:${pattern})` : ''}`);
    alternatives.set(code, known);
  }
  const ours = new Set(ourMarkets.map((plan) => plan.prefix));
  return [...alternatives]
    .filter(([code]) => !ours.has(`+${code}`))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, set]) => ({
      prefix: `+${code}`,
      pattern: `^[+]${code}(?:${[...set].join('|')})$`,
    }));
}

/**
 * The country's national number pattern (the metadata's `national_number_pattern`). The class
 * has the method, but the package's typings list only some of its methods, hence the check.
 */
function nationalNumberPattern(plan: NumberingPlan): string | undefined {
  const withPattern = plan as NumberingPlan & { nationalNumberPattern?: () => string };
  return typeof withPattern.nationalNumberPattern === 'function'
    ? withPattern.nationalNumberPattern()
    : undefined;
}

/** `[0-9]{a,b}` for each run of consecutive lengths: 6, 7, 8, 10 → `[0-9]{6,8}|[0-9]{10}` */
function lengthsPattern(lengths: number[]): string {
  const runs: [number, number][] = [];
  for (const length of [...lengths].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last && last[1] === length - 1) last[1] = length;
    else runs.push([length, length]);
  }
  return runs
    .map(([from, to]) => (from === to ? `[0-9]{${from}}` : `[0-9]{${from},${to}}`))
    .join('|');
}

/** Our markets first: the quality run tries the plans in this order. */
export const phonePlans: PhonePlan[] = [...ourMarkets, ...libraryPlans()];

const compiled = phonePlans.map((plan) => ({ ...plan, regex: new RegExp(plan.pattern) }));

/** Does the stored E.164 number fit the plan of its country calling code? */
export function phoneFitsPlan(e164: string): boolean {
  const plan = compiled.find((p) => e164.startsWith(p.prefix));
  // calling codes are prefix-free, so one plan at most applies; the non-geographic codes
  // (+800, +882 ...) have none and are not judged
  return !plan || plan.regex.test(e164);
}
