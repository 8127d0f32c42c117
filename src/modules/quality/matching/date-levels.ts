import { withinOneEdit } from './similarity.ts';

/**
 * Levels of the birth-date comparison, strongest agreement first; the last is "different", the
 * only one that reads as another person (a parent and child are decades apart).
 */
export const dateLevelNames = [
  'exact',
  'day/month swapped or one typo',
  'within a month',
  'within a year',
  'two digits differ',
  'a year and some weeks apart',
  'ten years and some weeks apart',
  'different',
] as const;

const [EXACT, SWAP_OR_TYPO, MONTH, YEAR, TWO_DIGITS, YEAR_AND_WEEKS, DECADE_AND_WEEKS, DIFFERENT] =
  dateLevelNames.map((_, index) => index) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];

/** The levels far enough apart that only a fully agreeing first name makes them one person. */
export const farDateLevels: readonly number[] = [YEAR_AND_WEEKS, DECADE_AND_WEEKS];

/** Days since year 0, roughly (31-day months, 372-day years): enough for these levels, also for typos. */
function dayNumber(date: string): number {
  return Number(date.slice(0, 4)) * 372 + Number(date.slice(4, 6)) * 31 + Number(date.slice(6, 8));
}

/**
 * Two YYYYMMDD dates' level, MISSING (the caller's) when either is absent. Between "one typo" and
 * "different": a date re-entered from memory is often days or months off, and two records of
 * one person may each carry a typo (two digits). Further out, the year mistyped by one unit of a
 * digit (a year, or the decade: 1974 / 1984) with a day re-entered from memory (up to two months
 * off): no parent, child or spouse of the same first name is born so near a whole year or a
 * decade later, while the same name decades apart stays "different". Nine or eleven years (both
 * digits wrong) stay "different": a generated relative of the same first name was merged so.
 */
export function dateLevel(a: string | undefined, b: string | undefined, missing: number): number {
  if (!a || !b) return missing;
  if (a === b) return EXACT;
  const swapped =
    a.slice(0, 4) === b.slice(0, 4) &&
    a.slice(4, 6) === b.slice(6, 8) &&
    a.slice(6, 8) === b.slice(4, 6);
  if (swapped || withinOneEdit(a, b)) return SWAP_OR_TYPO;
  const offset = Math.abs(dayNumber(a) - dayNumber(b));
  if (offset <= 31) return MONTH;
  if (offset <= 366) return YEAR;
  let differ = 0;
  for (let k = 0; k < 8; k++) if (a[k] !== b[k]) differ++;
  if (differ <= 2) return TWO_DIGITS;
  const years = Math.round(offset / 372);
  const weeks = Math.abs(offset - years * 372);
  if (weeks <= 62 && years === 1) return YEAR_AND_WEEKS;
  if (weeks <= 62 && years === 10) return DECADE_AND_WEEKS;
  return DIFFERENT;
}
