import { initialAgrees, prepareName, type NameValue } from './names.ts';
import { jaroWinkler } from './similarity.ts';

/**
 * A patronymic (Петрович, Petrovich) or a middle name, in the forms its comparison needs. A
 * father Иван Петрович and his son Иван Иванович share first name, surname, address and phone:
 * the patronymic is what tells them apart when the birth date is not known.
 */
export type PatronymicValue = {
  /** written as one letter ("И.", "P"): it can agree with a full form but proves little */
  initial: boolean;
  /** lower-case text as written */
  text: string;
  /** the value as a name of names.ts: an initial is compared with its first letters */
  name: NameValue;
  /** the skeletons with the spellings of ь/й/ы folded, so Сергеевич = Sergeyevich */
  keys: string[];
  /** the first folded skeleton, compared by Jaro-Winkler */
  main: string;
  /** names this prepared value, so that the comparison of two values is memoised */
  serial: number;
};

/** Level indexes of the patronymic comparison (its `levels` in comparisons.ts). */
export const PATRONYMIC_EXACT = 0;
export const PATRONYMIC_CLOSE = 1;
export const PATRONYMIC_DIFFERENT = 2;

/**
 * Transcriptions of a patronymic differ where Russian writes ь, й or е after a vowel
 * (Юрьевич: iurevich, yurievich, yuryevich; Николаевич: nikolaevich, nikolayevich) and in the
 * French "tch": an i (y after the skeleton) before a vowel is dropped on both sides.
 */
function fold(key: string): string {
  return key
    .replace(/tch/g, 'ch')
    .replace(/i(?=[aeiou])/g, '')
    .replace(/(.)\1+/g, '$1');
}

let nextSerial = 0;
const prepared = new Map<string, PatronymicValue | undefined>();

export function preparePatronymic(raw: string | undefined): PatronymicValue | undefined {
  if (!raw) return undefined;
  if (prepared.has(raw)) return prepared.get(raw);
  const name = prepareName(raw, false);
  let value: PatronymicValue | undefined;
  if (name) {
    const keys = [...new Set(name.keys.map(fold).filter(Boolean))];
    value = {
      initial: [...name.text.replace(/[\s-]+/g, '')].length === 1,
      text: name.text,
      name,
      keys,
      main: keys[0] ?? name.main,
      serial: nextSerial++,
    };
  }
  // Bounded, so a file of unique garbage cannot fill the memory.
  if (prepared.size < 200_000) prepared.set(raw, value);
  return value;
}

function computeLevel(a: PatronymicValue, b: PatronymicValue, missing: number): number {
  // "И." against "Иванович" or against "И.": no evidence for (one letter of some twenty) and
  // none against; a different initial is a different patronymic.
  if (a.initial || b.initial) {
    const agrees = a.initial ? initialAgrees(a.name, b.name) : initialAgrees(b.name, a.name);
    return agrees ? missing : PATRONYMIC_DIFFERENT;
  }
  for (const key of a.keys) if (b.keys.includes(key)) return PATRONYMIC_EXACT;
  return jaroWinkler(a.main, b.main) >= 0.92 ? PATRONYMIC_CLOSE : PATRONYMIC_DIFFERENT;
}

/** Remembered per pair of values: a base holds a few thousand distinct patronymics. */
const levels: (Map<number, number> | undefined)[] = [];
let remembered = 0;

/** The level of two patronymics; `missing` (no weight) when either is absent or an initial agrees. */
export function patronymicLevel(
  a: PatronymicValue | undefined,
  b: PatronymicValue | undefined,
  missing: number,
): number {
  if (!a || !b) return missing;
  if (a.text === b.text && !a.initial) return PATRONYMIC_EXACT;
  const row = levels[a.serial];
  const known = row?.get(b.serial);
  if (known !== undefined) return known;
  const level = computeLevel(a, b, missing);
  if (remembered < 2_000_000) {
    remembered++;
    if (row) row.set(b.serial, level);
    else levels[a.serial] = new Map([[b.serial, level]]);
  }
  return level;
}
