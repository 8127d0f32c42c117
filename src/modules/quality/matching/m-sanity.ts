import { comparisonIndex } from './comparisons.ts';
import { defaultParameters } from './default-parameters.ts';

/**
 * The fields one person's records agree on more often than not: a match class in which they
 * mostly differ is not duplicates but something else pairs share (the same city, the same
 * family). EM finds such a class when the base holds almost no duplicates (the demo group).
 */
const identityFields = [
  comparisonIndex.firstName,
  comparisonIndex.lastName,
  comparisonIndex.patronymic,
  comparisonIndex.birthDate,
];

/**
 * m as learnt, except the identity rows whose exact level came out rarer than "different":
 * those take the judged defaults, so that two records agreeing on name and birth date are not
 * scored as barely related. Also returns the rows replaced (the unit test reads them; training
 * keeps only m).
 */
export function guardDegenerateM(m: number[][]): { m: number[][]; replaced: number[] } {
  const defaults = defaultParameters(2).m;
  const replaced: number[] = [];
  const guarded = m.map((row, k) => {
    if (!identityFields.includes(k)) return row;
    if (row[0]! >= row[row.length - 1]!) return row;
    replaced.push(k);
    return [...defaults[k]!];
  });
  return { m: guarded, replaced };
}
