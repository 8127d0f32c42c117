import { initialAgrees, sharesForm, sharesKey, sharesRoot, type NameValue } from './names.ts';
import type { PreparedRecord } from './record.ts';
import { dateLevelNames, dateLevel } from './date-levels.ts';
import { patronymicLevel } from './patronymic.ts';
import { jaroWinkler, scrambledLetters, tokenOverlap, withinOneEdit } from './similarity.ts';

/** A level index of one comparison; MISSING when either side has no value (weight 0). */
export const MISSING = 255;

export type ComparisonKey =
  | 'firstName'
  | 'lastName'
  | 'patronymic'
  | 'birthDate'
  | 'gender'
  | 'phone'
  | 'email'
  | 'address'
  | 'city'
  | 'postcode'
  | 'vin'
  | 'nationalId';

export type ComparisonSpec = {
  key: ComparisonKey;
  /** level names, strongest agreement first, the last one is "different" */
  levels: readonly string[];
  /**
   * Shared by a household (spouses, children): when the person-level fields disagree,
   * agreement here is explained by the household and is not counted as evidence.
   */
  household: boolean;
  /** the value whose frequency adjusts an exact agreement (common names weigh less) */
  term?: (record: PreparedRecord) => string | undefined;
};

export const comparisons: readonly ComparisonSpec[] = [
  {
    key: 'firstName',
    levels: [
      'exact',
      'transliteration or diminutive',
      'close (JW ≥ 0.92) or another language’s form',
      'similar (JW ≥ 0.8)',
      'different',
    ],
    household: false,
    term: (r) => r.first?.text,
  },
  {
    key: 'lastName',
    levels: [
      'exact',
      'transliteration or pinyin',
      'close (JW ≥ 0.92)',
      'similar (JW ≥ 0.8)',
      'different',
    ],
    household: true,
    term: (r) => r.last?.text,
  },
  {
    // Person-level like the first name: a father and his son differ here (Петрович / Иванович).
    // An initial that agrees weighs nothing (compared as missing), see patronymic.ts.
    key: 'patronymic',
    levels: ['exact', 'close (JW ≥ 0.92)', 'different'],
    household: false,
    term: (r) => r.middle?.main,
  },
  {
    key: 'birthDate',
    levels: dateLevelNames,
    household: false,
  },
  { key: 'gender', levels: ['same', 'different'], household: false },
  { key: 'phone', levels: ['same number', 'different'], household: true, term: (r) => r.phones[0] },
  {
    key: 'email',
    levels: ['same mailbox', 'close', 'different'],
    household: true,
    term: (r) => r.email,
  },
  { key: 'address', levels: ['exact', 'close', 'different'], household: true },
  { key: 'city', levels: ['exact', 'close', 'different'], household: true, term: (r) => r.city },
  {
    key: 'postcode',
    levels: ['exact', 'one typo', 'different'],
    household: true,
    term: (r) => r.postcode,
  },
  { key: 'vin', levels: ['same VIN', 'different'], household: true },
  { key: 'nationalId', levels: ['exact', 'one typo', 'different'], household: false },
];

export const comparisonIndex = Object.fromEntries(
  comparisons.map((spec, index) => [spec.key, index]),
) as Record<ComparisonKey, number>;

const {
  firstName: FIRST,
  lastName: LAST,
  patronymic: PATRONYMIC,
  birthDate: BIRTH,
  gender: GENDER,
  phone: PHONE,
  email: EMAIL,
  address: ADDRESS,
  city: CITY,
  postcode: POSTCODE,
  vin: VIN,
  nationalId: NATIONAL_ID,
} = comparisonIndex;

/** 0 exact, 1 transliteration/pinyin/diminutive, 2 close, 3 similar, 4 different; MISSING: an initial agrees. */
/**
 * Two names' level, remembered: a million customers carry a few thousand distinct names, so
 * the same two names meet again and again. Bounded so that unique garbage cannot fill memory.
 */
const nameLevels: (Map<number, number> | undefined)[] = [];
let rememberedLevels = 0;

function nameLevel(a: NameValue | undefined, b: NameValue | undefined, given: boolean): number {
  if (!a || !b) return MISSING;
  if (a.text === b.text && !(given && a.initial)) return 0;
  // Small-integer keys (the other name's serial and the given/surname flag) hash fastest.
  const row = nameLevels[a.serial];
  const key = b.serial * 2 + (given ? 1 : 0);
  const known = row?.get(key);
  if (known !== undefined) return known;
  const level = computeNameLevel(a, b, given);
  if (rememberedLevels < 4_000_000) {
    rememberedLevels++;
    if (row) row.set(key, level);
    else nameLevels[a.serial] = new Map([[key, level]]);
  }
  return level;
}

function computeNameLevel(a: NameValue, b: NameValue, given: boolean): number {
  // "J." against John or against "J.": as missing, like a patronymic's initial (one letter of
  // some twenty is no evidence either way, and no sign of another person); "J." against Mary
  // is a different name.
  if (given && (a.initial || b.initial)) {
    return (a.initial ? initialAgrees(a, b) : initialAgrees(b, a)) ? MISSING : 4;
  }
  if (sharesKey(a, b) || (given && sharesRoot(a, b))) return 1;
  const similarity = jaroWinkler(a.main, b.main);
  // Another language's form of the name (Jean / John): a name of its own, so only "close".
  if (similarity >= 0.92 || (given && sharesForm(a, b))) return 2;
  // Letters typed out of order (Hogu / Hugo) are as near as a similar spelling.
  if (similarity >= 0.8 || scrambledLetters(a.text, b.text)) return 3;
  return 4;
}

/**
 * Two given names that agree only as one name in two languages (Jean / John, James / Jacob):
 * "close" by computeNameLevel, but two such names are also what a couple or two siblings carry,
 * so the household rule asks for more (scoring.ts).
 */
export function onlyAnotherLanguagesForm(
  a: NameValue | undefined,
  b: NameValue | undefined,
): boolean {
  if (!a || !b || a.initial || b.initial || sharesKey(a, b) || sharesRoot(a, b)) return false;
  return sharesForm(a, b) && jaroWinkler(a.main, b.main) < 0.92;
}

function levelSum(first: number, last: number): number {
  return (first === MISSING ? 3 : first) + (last === MISSING ? 3 : last);
}

function exactLevel(a: string | undefined, b: string | undefined): number {
  if (!a || !b) return MISSING;
  return a === b ? 0 : 1;
}

function typoLevel(a: string | undefined, b: string | undefined): number {
  if (!a || !b) return MISSING;
  if (a === b) return 0;
  return withinOneEdit(a, b) ? 1 : 2;
}

function phoneLevel(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return MISSING;
  for (const phone of a) if (b.includes(phone)) return 0;
  return 1;
}

function emailLevel(a: string | undefined, b: string | undefined): number {
  if (!a || !b) return MISSING;
  if (a === b) return 0;
  const localA = a.slice(0, a.lastIndexOf('@'));
  const localB = b.slice(0, b.lastIndexOf('@'));
  if (localA.length >= 4 && localA === localB) return 1;
  // A typo keeps the length and the first letter; other pairs skip the costly measure.
  if (a[0] !== b[0] || Math.abs(a.length - b.length) > 2) return 2;
  return jaroWinkler(a, b) >= 0.92 ? 1 : 2;
}

function addressLevel(a: PreparedRecord, b: PreparedRecord): number {
  if (!a.address || !b.address) return MISSING;
  if (a.address === b.address) return 0;
  const overlap = tokenOverlap(a.addressWords, b.addressWords);
  if (overlap >= 0.6) return 1;
  // Jaro-Winkler catches a typo inside a word; it is the costliest test, so it runs only for
  // addresses that share a word (the house number at least).
  return overlap > 0 && jaroWinkler(a.address, b.address) >= 0.9 ? 1 : 2;
}

/** Places are few (a country has some thousands): their comparisons are remembered. */
const placeLevels = new Map<string, number>();

function placeLevel(a: string | undefined, b: string | undefined): number {
  if (!a || !b) return MISSING;
  if (a === b) return 0;
  const key = `${a}\u0000${b}`;
  let level = placeLevels.get(key);
  if (level === undefined) {
    level = jaroWinkler(a, b) >= 0.88 ? 1 : 2;
    if (placeLevels.size < 1_000_000) placeLevels.set(key, level);
  }
  return level;
}

/**
 * Compare two records field by field into `out` (one level per comparison). Names are
 * compared both ways round; the swapped reading is taken when it agrees better
 * ("Wang Wei" / "Wei Wang", a surname typed into the first-name box). Returns whether it did.
 */
export function compareRecords(
  a: PreparedRecord,
  b: PreparedRecord,
  out: Uint8Array,
  offset = 0,
): boolean {
  let first = nameLevel(a.first, b.first, true);
  let last = nameLevel(a.last, b.last, false);
  let swapped = false;
  // Try the names the other way round only when they disagree as written (cheap first test);
  // a swapped name may also carry a typo ("Osacar Moore" / "Moore Oscar"), so similar will do.
  if (levelSum(first, last) >= 4 && a.first && a.last && b.first && b.last) {
    const swappedFirst = nameLevel(a.first, b.last, true);
    const swappedLast = swappedFirst <= 3 ? nameLevel(a.last, b.first, true) : MISSING;
    if (swappedLast <= 3 && levelSum(swappedFirst, swappedLast) < levelSum(first, last)) {
      first = swappedFirst;
      last = swappedLast;
      swapped = true;
    }
  }
  // A surname typed as the first name with the surname box empty ("Watts" against William
  // Watts): when the first names differ (4), read it as the surname it matches, first missing.
  if (first === 4 && !swapped && !a.last !== !b.last) {
    const level = a.last ? nameLevel(a.last, b.first, false) : nameLevel(a.first, b.last, false);
    if (level <= 2) {
      [first, last] = [MISSING, level];
      swapped = true;
    }
  }
  out[offset + FIRST] = first;
  out[offset + LAST] = last;
  out[offset + PATRONYMIC] = patronymicLevel(a.middle, b.middle, MISSING);
  out[offset + BIRTH] = dateLevel(a.birth, b.birth, MISSING);
  out[offset + GENDER] = !a.gender || !b.gender ? MISSING : a.gender === b.gender ? 0 : 1;
  out[offset + PHONE] = phoneLevel(a.phones, b.phones);
  out[offset + EMAIL] = emailLevel(a.email, b.email);
  out[offset + ADDRESS] = addressLevel(a, b);
  out[offset + CITY] = placeLevel(a.city, b.city);
  out[offset + POSTCODE] = typoLevel(a.postcode, b.postcode);
  out[offset + VIN] = exactLevel(a.vin, b.vin);
  out[offset + NATIONAL_ID] = typoLevel(a.nationalId, b.nationalId);
  return swapped;
}

/** The term an exact agreement on comparison `index` agreed on (the shared phone, for phones). */
export function agreedTerm(
  index: number,
  a: PreparedRecord,
  b: PreparedRecord,
): string | undefined {
  if (index === comparisonIndex.phone) return a.phones.find((phone) => b.phones.includes(phone));
  return comparisons[index]!.term?.(a);
}
