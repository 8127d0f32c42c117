import { describe, expect, it } from 'vitest';
import { compareRecords, comparisonIndex, comparisons, MISSING } from './comparisons.ts';
import { explainPair } from './dedupe.ts';
import { defaultParameters } from './default-parameters.ts';
import { prepareRecord, type PersonRecord } from './record.ts';
import type { MatchModel } from './scoring.ts';

/** The preset model as the check at capture uses it, a handful of candidates. */
const model: MatchModel = { ...defaultParameters(6), termCounts: [], records: 6 };
/** The review band's default lower end (settings.service.ts). */
const reviewLower = 0.5;

const family = {
  lastName: 'Сидоров',
  phone: '+7 917 222-33-44',
  address: 'ул. Садовая, д. 7, кв. 1',
  city: 'Самара',
};

function explain(a: Omit<PersonRecord, 'id'>, b: Omit<PersonRecord, 'id'>) {
  return explainPair(model, prepareRecord({ id: 'a', ...a }), prepareRecord({ id: 'b', ...b }));
}

function patronymicLevel(a: string | undefined, b: string | undefined): number {
  const out = new Uint8Array(comparisons.length);
  compareRecords(
    prepareRecord({ id: 'a', firstName: 'Иван', middleName: a }),
    prepareRecord({ id: 'b', firstName: 'Иван', middleName: b }),
    out,
  );
  return out[comparisonIndex.patronymic]!;
}

describe('the patronymic keeps a father and his namesake son apart', () => {
  it('Иван Петрович and Иван Иванович Сидоров at one address and phone are not a duplicate', () => {
    const father = { ...family, firstName: 'Иван', middleName: 'Петрович' };
    const son = { ...family, firstName: 'Иван', middleName: 'Иванович' };
    const pair = explain(father, son);
    expect(pair.household).toBe(true);
    expect(pair.probability).toBeLessThan(reviewLower);
    const patronymic = pair.contributions.find((c) => c.field === 'patronymic')!;
    expect(patronymic).toMatchObject({ level: 'different', discounted: false });
    expect(patronymic.weight).toBeLessThan(0);
    // the same pair without patronymics is what used to be proposed for review (~97 %)
    const unnamed = explain({ ...family, firstName: 'Иван' }, { ...family, firstName: 'Иван' });
    expect(unnamed.probability).toBeGreaterThan(0.9);
  });

  it('a patronymic written in Latin in one record still matches its Cyrillic form', () => {
    const pair = explain(
      { ...family, firstName: 'Иван', middleName: 'Петрович' },
      { firstName: 'Ivan', middleName: 'Petrovich', lastName: 'Sidorov', phone: '8 917 222 33 44' },
    );
    expect(pair.household).toBe(false);
    expect(pair.probability).toBeGreaterThan(0.9);
    const patronymic = pair.contributions.find((c) => c.field === 'patronymic')!;
    expect(patronymic.level).toBe('exact');
    expect(patronymic.weight).toBeGreaterThan(0);
  });

  it('a record without a patronymic scores exactly as before: missing costs nothing', () => {
    const full = { ...family, firstName: 'Иван', middleName: 'Петрович' };
    const bare = { ...family, firstName: 'Иван' };
    const other = { firstName: 'Ivan', lastName: 'Sidorov', phone: '8 917 222 33 44' };
    expect(explain(full, other).weight).toBe(explain(bare, other).weight);
    expect(explain(full, other).contributions.map((c) => c.field)).not.toContain('patronymic');
  });

  it('reads transliterations, spelling variants and the patronymic inside a full name', () => {
    expect(patronymicLevel('Петрович', 'PETROVICH')).toBe(0);
    expect(patronymicLevel('Сергеевич', 'Sergeyevich')).toBe(0);
    expect(patronymicLevel('Юрьевич', 'Yurievich')).toBe(0);
    expect(patronymicLevel('Николаевич', 'Nikolayevich')).toBe(0);
    expect(patronymicLevel('Петрович', 'Петрович')).toBe(0);
    expect(patronymicLevel('Александрович', 'Алексанрович')).toBe(1); // a typo: close
    expect(patronymicLevel('Петрович', 'Иванович')).toBe(2);
    expect(patronymicLevel('Петрович', undefined)).toBe(MISSING);
    const split = prepareRecord({ id: 'x', fullName: 'Смирнова Екатерина Павловна' });
    expect(split.middle?.text).toBe('павловна');
  });

  it('an initial that agrees is no evidence either way; one that disagrees is', () => {
    expect(patronymicLevel('И.', 'Иванович')).toBe(MISSING);
    expect(patronymicLevel('I.', 'Иванович')).toBe(MISSING);
    expect(patronymicLevel('Ю.', 'Yurievich')).toBe(MISSING);
    expect(patronymicLevel('И.', 'И.')).toBe(MISSING);
    expect(patronymicLevel('И.', 'Юрьевич')).toBe(2);
    expect(patronymicLevel('П.', 'Иванович')).toBe(2);
    const son = { ...family, firstName: 'Иван', middleName: 'Иванович' };
    const initialled = explain({ ...family, firstName: 'Иван', middleName: 'И.' }, son);
    expect(initialled.household).toBe(false);
    expect(initialled.weight).toBe(explain({ ...family, firstName: 'Иван' }, son).weight);
    const father = explain({ ...family, firstName: 'Иван', middleName: 'П.' }, son);
    expect(father.household).toBe(true);
    expect(father.probability).toBeLessThan(reviewLower);
  });
});
