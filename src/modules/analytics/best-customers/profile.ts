import type { Example } from './naive-bayes.ts';

/**
 * One person as the best-customer model sees him: the same fields whether he is a customer
 * (read from the database) or a row of an imported list. Free text is compared lower-cased.
 */
export type Profile = {
  age?: number | null;
  gender?: string | null;
  incomeBand?: string | null;
  maritalStatus?: string | null;
  childrenCount?: number | null;
  education?: string | null;
  occupation?: string | null;
  region?: string | null;
  dealerCode?: string | null;
  currentMake?: string | null;
  currentSegment?: string | null;
  /** model year (or purchase year) of the car he drives now; null = no car */
  currentCarYear?: number | null;
  /** undefined = not known (an imported list without the column); [] = none */
  interests?: readonly string[] | undefined;
  /** months until he intends to buy, from a lead or the list */
  purchaseWithinMonths?: number | null;
  /** his open lead has reached a test drive, an offer or an order */
  advancedLead?: boolean;
  /** he has any open lead */
  openLead?: boolean;
};

/** Feature names, also the keys the web shows reasons under. */
export const profileFeatures = [
  'ageBand',
  'gender',
  'incomeBand',
  'maritalStatus',
  'children',
  'education',
  'occupation',
  'region',
  'dealer',
  'currentMake',
  'currentSegment',
  'carAge',
] as const;

/** Interest tags become yes/no features; only the commonest are kept (rare tags are noise). */
export const maxInterestTags = 20;
export const interestPrefix = 'interest:';

export function ageBand(age: number | null | undefined): string | null {
  if (age === null || age === undefined || !Number.isFinite(age) || age < 16) return null;
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 55) return '45-54';
  if (age < 65) return '55-64';
  return '65+';
}

export function carAgeBand(carYear: number | null | undefined, asOfYear: number): string | null {
  if (carYear === undefined) return null;
  if (carYear === null) return 'none';
  const years = asOfYear - carYear;
  if (years < 3) return '0-2';
  if (years < 6) return '3-5';
  if (years < 10) return '6-9';
  return '10+';
}

function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim().toLowerCase();
  return trimmed ? trimmed : null;
}

function childrenBand(count: number | null | undefined): string | null {
  if (count === null || count === undefined) return null;
  return count >= 3 ? '3+' : String(count);
}

export function toExample(
  profile: Profile,
  asOfYear: number,
  interestTags: readonly string[],
): Example {
  const example: Record<string, string | null> = {
    ageBand: ageBand(profile.age),
    gender: profile.gender === 'unknown' ? null : text(profile.gender),
    incomeBand: text(profile.incomeBand),
    maritalStatus: text(profile.maritalStatus),
    children: childrenBand(profile.childrenCount),
    education: text(profile.education),
    occupation: text(profile.occupation),
    region: text(profile.region),
    dealer: text(profile.dealerCode),
    currentMake: text(profile.currentMake),
    currentSegment: text(profile.currentSegment),
    carAge: carAgeBand(profile.currentCarYear, asOfYear),
  };
  if (profile.interests !== undefined) {
    const own = new Set(profile.interests.map((tag) => tag.trim().toLowerCase()));
    for (const tag of interestTags) example[interestPrefix + tag] = own.has(tag) ? 'yes' : 'no';
  }
  return example;
}

/** The commonest interest tags of a population, most frequent first. */
export function commonInterestTags(
  profiles: readonly Profile[],
  limit = maxInterestTags,
): string[] {
  const counts = new Map<string, number>();
  for (const profile of profiles) {
    for (const tag of new Set((profile.interests ?? []).map((t) => t.trim().toLowerCase()))) {
      if (tag) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
  }
  return [...counts]
    .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]))
    .slice(0, limit)
    .map(([tag]) => tag);
}

/**
 * Purchase readiness, 0..1: how soon he is likely to buy at all, apart from whom he resembles.
 * Seed 003 P3/P5: a test drive means a purchase within about a month; the intended time frame
 * and how long he has driven his present car are the other signals it names.
 */
export function purchaseReadiness(profile: Profile, asOfYear: number): number {
  let readiness = 0.3;
  if (profile.advancedLead) readiness = 1;
  const months = profile.purchaseWithinMonths;
  if (months !== null && months !== undefined) {
    readiness = Math.max(readiness, months <= 3 ? 0.9 : months <= 12 ? 0.6 : 0.3);
  }
  if (profile.openLead) readiness = Math.max(readiness, 0.6);
  const car = carAgeBand(profile.currentCarYear, asOfYear);
  const byCar: Record<string, number> = { '0-2': 0.1, '3-5': 0.4, '6-9': 0.6, '10+': 0.7 };
  if (car && byCar[car] !== undefined) {
    // a nearly new car holds readiness down unless a lead says otherwise
    readiness =
      car === '0-2' && !profile.openLead && !profile.advancedLead && months == null
        ? Math.min(readiness, 0.2)
        : Math.max(readiness, byCar[car]);
  }
  return readiness;
}
