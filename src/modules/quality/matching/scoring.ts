import {
  agreedTerm,
  comparisonIndex,
  comparisons,
  MISSING,
  onlyAnotherLanguagesForm,
  type ComparisonKey,
} from './comparisons.ts';
import { farDateLevels } from './date-levels.ts';
import { matchProbability, type FsParameters } from './fellegi-sunter.ts';
import type { PreparedRecord } from './record.ts';

/** A trained model: Fellegi-Sunter parameters plus the term frequencies of the data it scores. */
export type MatchModel = FsParameters & {
  /** per comparison with a term: how many records carry each value */
  termCounts: (Map<string, number> | undefined)[];
  records: number;
};

export type Contribution = {
  field: ComparisonKey;
  level: string;
  /** bits of evidence this field added (negative: against a match) */
  weight: number;
  /** the exact agreement was weighed by how common the value is */
  termAdjusted: boolean;
  /** agreement explained by a shared household, not counted */
  discounted: boolean;
};

export type PairScore = {
  weight: number;
  probability: number;
  /** the person-level fields disagree while household fields agree: a relative, not a duplicate */
  household: boolean;
};

const FIRST = comparisonIndex.firstName;
const PATRONYMIC = comparisonIndex.patronymic;
const BIRTH = comparisonIndex.birthDate;
const EMAIL = comparisonIndex.email;
const NATIONAL_ID = comparisonIndex.nationalId;
const firstDifferent = comparisons[FIRST]!.levels.length - 1;
const birthDifferent = comparisons[BIRTH]!.levels.length - 1;
const patronymicDifferent = comparisons[PATRONYMIC]!.levels.length - 1;
const BIRTH_NEAR = comparisons[BIRTH]!.levels.indexOf('within a month');
const FIRST_CLOSE = comparisons[FIRST]!.levels.indexOf(
  'close (JW ≥ 0.92) or another language’s form',
);

/** Count how many records carry each term value (for the term-frequency adjustment). */
export function countTerms(
  records: readonly PreparedRecord[],
): (Map<string, number> | undefined)[] {
  return comparisons.map((spec, index) => {
    if (!spec.term) return undefined;
    const counts = new Map<string, number>();
    for (const record of records) {
      const values = index === comparisonIndex.phone ? record.phones : [spec.term(record)];
      for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    return counts;
  });
}

/**
 * The match weight of one compared pair. Exact agreement on a term field is weighed against
 * how common the value is (two "Ivanov"s say less than two "Verkhovtseva"s). When first name,
 * patronymic or birth date clearly differ and nothing personal (a national id, the same mailbox with a
 * compatible first name) agrees, the agreement on surname, address, phone ... is what a family
 * shares, so it is not counted: households stay apart.
 */
/** log2(m / u) per comparison and level, and log2(m) of exact levels, worked out once per model. */
type WeightTable = { ratio: number[][]; logMExact: number[]; prior: number; logRecords: number };
const tables = new WeakMap<MatchModel, WeightTable>();

function weightTable(model: MatchModel): WeightTable {
  let table = tables.get(model);
  if (!table) {
    table = {
      ratio: model.m.map((row, k) => row.map((m, l) => Math.log2(m / model.u[k]![l]!))),
      logMExact: model.m.map((row) => Math.log2(row[0]!)),
      prior: Math.log2(model.lambda / (1 - model.lambda)),
      logRecords: Math.log2(model.records),
    };
    tables.set(model, table);
  }
  return table;
}

// Reused by every call: scoring millions of pairs must not allocate per pair.
const contributions = new Float64Array(comparisons.length);
const termAdjusted = new Uint8Array(comparisons.length);

export function weighPair(
  model: MatchModel,
  gammas: Uint8Array,
  offset: number,
  a: PreparedRecord,
  b: PreparedRecord,
  detail?: Contribution[],
): PairScore {
  const table = weightTable(model);
  for (let k = 0; k < comparisons.length; k++) {
    const level = gammas[offset + k]!;
    termAdjusted[k] = 0;
    if (level === MISSING) continue;
    contributions[k] = table.ratio[k]![level]!;
    const counts = model.termCounts[k];
    if (level === 0 && counts) {
      const term = agreedTerm(k, a, b);
      const count = term ? counts.get(term) : undefined;
      if (count) {
        // u of this value = its frequency: log2(m / (count / records)).
        contributions[k] = table.logMExact[k]! - Math.log2(Math.max(count, 1)) + table.logRecords;
        termAdjusted[k] = 1;
      }
    }
  }
  const first = gammas[offset + FIRST];
  const birth = gammas[offset + BIRTH];
  // A date only near (a month, a year, two digits off) is a re-entry of one person when the first
  // name agrees (exact, diminutive, close) or is missing; with a merely similar one it is as
  // likely a spouse of about the same age (Mary / Harry Redton, born 1952 and 1951).
  const nearDate = birth !== undefined && birth >= BIRTH_NEAR && birth < birthDifferent;
  // A year or a decade and some weeks apart (near dates too): one person only when a first name
  // is there and agrees (a sibling or spouse of about that age shares the rest and may lack one).
  const farDate = birth !== undefined && farDateLevels.includes(birth);
  // One name in two languages (John / Jean) is also a couple's or two siblings' names: one person
  // only when the birth dates agree within a month.
  const formOnly =
    first === FIRST_CLOSE &&
    !(birth !== undefined && birth !== MISSING && birth <= BIRTH_NEAR) &&
    onlyAnotherLanguagesForm(a.first, b.first);
  // A different patronymic is a father and his namesake son (Иван Петрович / Иван Иванович).
  const conflict =
    first === firstDifferent ||
    gammas[offset + PATRONYMIC] === patronymicDifferent ||
    birth === birthDifferent ||
    (nearDate && first !== MISSING && first! > FIRST_CLOSE) ||
    (farDate && first === MISSING) ||
    formOnly;
  const personal =
    gammas[offset + NATIONAL_ID] === 0 ||
    (gammas[offset + EMAIL] === 0 && first !== firstDifferent);
  const household = conflict && !personal;
  let weight = table.prior;
  for (let k = 0; k < comparisons.length; k++) {
    const level = gammas[offset + k]!;
    if (level === MISSING) continue;
    const discounted = household && comparisons[k]!.household && contributions[k]! > 0;
    if (!discounted) weight += contributions[k]!;
    detail?.push({
      field: comparisons[k]!.key,
      level: comparisons[k]!.levels[level]!,
      weight: contributions[k]!,
      termAdjusted: termAdjusted[k] === 1,
      discounted,
    });
  }
  return { weight, probability: matchProbability(weight), household };
}
