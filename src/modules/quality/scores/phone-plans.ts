import { getCountries, getCountryCallingCode, Metadata } from 'libphonenumber-js/max';
import type { NumberingPlan } from 'libphonenumber-js/max';

/**
 * Stored phones are E.164 (the API reads what people type with libphonenumber and refuses what
 * does not parse), but bulk loads, SQL and data from before that rule write the column directly,
 * and its check constraint only asks for + and 7-15 digits. The quality run flags a number that
 * does not fit the numbering plan of its country calling code.
 *
 * Our markets have hand-written plans that know the leading digits of Russian, Kazakh, Chinese
 * and North American numbers. Every other calling code is judged as libphonenumber judges a
 * number valid: it must match a country's national number pattern and one of that country's
 * number types (fixed line, mobile, toll free, premium, shared cost, VOIP, personal, pager, UAN,
 * voicemail), each type with its own possible lengths. The types are only in the "max" metadata,
 * which `src/lib/phone.ts` loads into the server anyway. A number fits its calling code when it
 * fits one country sharing it, so what a plan flags libphonenumber also refuses (it picks one
 * country by leading digits and refuses more), and a test keeps it so. The patterns use groups,
 * classes, `\d`, bounds and lookaheads, which PostgreSQL's regular expressions read the same way,
 * so the quality run applies them in SQL (a test runs every plan there).
 */
export type PhonePlan = { prefix: string; pattern: string };

/**
 * Kept by hand, and first: the types would also flag the typos these let through, but their
 * patterns made PostgreSQL 10 times slower on +7 and +86, our most common numbers, and 100 times
 * on +1 (figures in docs/status/issue-6.md).
 */
const ourMarkets: PhonePlan[] = [
  // Russia (3, 4, 8, 9) and Kazakhstan (7): ten digits after +7
  { prefix: '+7', pattern: '^[+]7[3-47-9][0-9]{9}$' },
  // China: mobiles 1[3-9] + 9 digits; Beijing 10 and the 2x cities + 8 digits; three-digit
  // area codes + 7 or 8 digits; no national 0 after +86
  { prefix: '+86', pattern: '^[+]86(1[3-9][0-9]{9}|10[0-9]{8}|2[0-9]{9}|[3-9][0-9]{9,10})$' },
  // North America: area code and exchange never start with 0 or 1
  { prefix: '+1', pattern: '^[+]1[2-9][0-9]{2}[2-9][0-9]{6}$' },
];

/** The number types libphonenumber tries (its getNumberType), each with a pattern of its own. */
export const numberTypes = [
  'FIXED_LINE',
  'MOBILE',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
] as const;
export type NumberType = (typeof numberTypes)[number];

/**
 * The plan of every calling code outside our markets, built from libphonenumber's metadata;
 * `types` leaves some out (a test drops one to see the plans miss its numbers).
 */
export function libraryPlans(types: readonly NumberType[] = numberTypes): PhonePlan[] {
  const metadata = new Metadata();
  const alternatives = new Map<string, Set<string>>();
  for (const country of getCountries()) {
    const code = getCountryCallingCode(country);
    metadata.selectNumberingPlan(country);
    const plan = metadata.numberingPlan;
    if (!plan) continue;
    const countryPattern = countryAlternative(plan, types);
    if (!countryPattern) continue;
    const known = alternatives.get(code) ?? new Set<string>();
    known.add(countryPattern);
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

/** The methods of a numbering plan the package's typings leave out (the class has them). */
type FullPlan = NumberingPlan & {
  nationalNumberPattern?: () => string;
  hasTypes?: () => boolean;
  type?: (name: NumberType) => { pattern(): string; possibleLengths(): number[] | undefined };
};

/**
 * What the rest of a number (after the calling code) must be to be valid in one country:
 * the country's national number pattern (a lookahead, the plan's `$` ends it: some type patterns
 * reach beyond it, e.g. German fixed lines), then one of its types at that type's lengths. A
 * country without types (none in the shipped metadata) is judged by its pattern, as
 * libphonenumber does; an empty string for a country with nothing to judge by.
 */
function countryAlternative(plan: NumberingPlan, types: readonly NumberType[]): string {
  const full = plan as FullPlan;
  const general =
    typeof full.nationalNumberPattern === 'function' ? full.nationalNumberPattern() : '';
  const lengths = plan.possibleLengths() ?? [];
  const hasTypes = typeof full.hasTypes === 'function' && full.hasTypes();
  if (!hasTypes || typeof full.type !== 'function') {
    if (general) return `(?:${general})`;
    return lengths.length === 0 ? '' : `(?:${lengthsPattern(lengths)})`;
  }
  const typePatterns = new Set<string>();
  for (const name of types) {
    const type = full.type(name);
    const pattern = type?.pattern();
    // an empty pattern (a mobile range equal to the fixed lines) adds nothing of its own
    if (!type || !pattern) continue;
    typePatterns.add(withLengths(pattern, type.possibleLengths() ?? lengths));
  }
  // no type to match: libphonenumber refuses all of that country's numbers (no such country
  // in the shipped metadata); it adds no alternative
  if (typePatterns.size === 0) return '';
  const union = [...typePatterns].join('|');
  return `${general ? `(?=(?:${general})$)` : ''}(?:${union})`;
}

/**
 * The type's pattern held to its lengths. PostgreSQL runs a lookahead at a cost, so the lengths
 * are only asked for when the pattern can match some other length.
 */
function withLengths(pattern: string, lengths: number[]): string {
  const matched = patternLengths(pattern);
  if (matched && [...matched].every((length) => lengths.includes(length))) return `(?:${pattern})`;
  return `(?=(?:${lengthsPattern(lengths)})$)(?:${pattern})`;
}

/**
 * The lengths of the texts a metadata pattern matches, or undefined when it uses more than the
 * metadata does (digits, `\d`, classes, `(?:…)`, `|`, `?`, `{n}`, `{n,m}`).
 */
export function patternLengths(pattern: string): Set<number> | undefined {
  let at = 0;
  const sum = (a: Set<number>, b: Set<number>) =>
    new Set([...a].flatMap((x) => [...b].map((y) => x + y)));
  const alternation = (): Set<number> | undefined => {
    const lengths = new Set<number>();
    for (;;) {
      const sequence = concatenation();
      if (!sequence) return undefined;
      for (const length of sequence) lengths.add(length);
      if (pattern[at] !== '|') return lengths;
      at += 1;
    }
  };
  const concatenation = (): Set<number> | undefined => {
    let lengths = new Set([0]);
    while (at < pattern.length && pattern[at] !== '|' && pattern[at] !== ')') {
      const one = atom();
      if (!one) return undefined;
      const repeated = quantified(one);
      if (!repeated) return undefined;
      lengths = sum(lengths, repeated);
    }
    return lengths;
  };
  const atom = (): Set<number> | undefined => {
    if (pattern.startsWith('(?:', at)) {
      at += 3;
      const inner = alternation();
      if (!inner || pattern[at] !== ')') return undefined;
      at += 1;
      return inner;
    }
    if (pattern.startsWith('\\d', at)) {
      at += 2;
      return new Set([1]);
    }
    if (pattern[at] === '[') {
      const end = pattern.indexOf(']', at);
      if (end < 0 || pattern.slice(at + 1, end).includes('[')) return undefined;
      at = end + 1;
      return new Set([1]);
    }
    if (/[0-9]/.test(pattern[at] ?? '')) {
      at += 1;
      return new Set([1]);
    }
    return undefined;
  };
  const quantified = (one: Set<number>): Set<number> | undefined => {
    if (pattern[at] === '?') {
      at += 1;
      return new Set([0, ...one]);
    }
    const bounds = /^\{(\d+)(?:,(\d+))?\}/.exec(pattern.slice(at));
    if (pattern[at] === '{' && !bounds) return undefined;
    if (!bounds) return one;
    at += bounds[0].length;
    const from = Number(bounds[1]);
    const to = bounds[2] === undefined ? from : Number(bounds[2]);
    let exactly = new Set([0]);
    for (let i = 0; i < from; i += 1) exactly = sum(exactly, one);
    const lengths = new Set(exactly);
    for (let i = from; i < to; i += 1) {
      exactly = sum(exactly, one);
      for (const length of exactly) lengths.add(length);
    }
    return lengths;
  };
  const lengths = alternation();
  return lengths && at === pattern.length ? lengths : undefined;
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
