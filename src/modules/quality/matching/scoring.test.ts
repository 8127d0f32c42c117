import { describe, expect, it } from 'vitest';
import { compareRecords, comparisons } from './comparisons.ts';
import { defaultParameters } from './default-parameters.ts';
import { prepareRecord, type PersonRecord } from './record.ts';
import { weighPair, type MatchModel } from './scoring.ts';

const model: MatchModel = { ...defaultParameters(1000), termCounts: [], records: 1000 };

function score(a: Omit<PersonRecord, 'id'>, b: Omit<PersonRecord, 'id'>) {
  const left = prepareRecord({ id: 'a', ...a }, 'GB');
  const right = prepareRecord({ id: 'b', ...b }, 'GB');
  const gammas = new Uint8Array(comparisons.length);
  compareRecords(left, right, gammas);
  return weighPair(model, gammas, 0, left, right);
}

describe('household check', () => {
  const person = { firstName: 'Jayden', lastName: 'Bennett', city: 'Swansea' };

  it('does not take a near birth date for a relative of the same name', () => {
    // A mistyped year (2016 / 2026) and day: one person with a typo on each side, not a father
    // and his son.
    const result = score(
      { ...person, birthDate: '2016-02-13' },
      { ...person, birthDate: '2026-02-10' },
    );
    expect(result.household).toBe(false);
  });

  it('takes a near birth date with a merely similar first name for a spouse', () => {
    const family = { lastName: 'Redton', phone: '+44 7262 865444', city: 'Bramton' };
    const result = score(
      { ...family, firstName: 'Mary', birthDate: '1952-05-27' },
      { ...family, firstName: 'Harry', birthDate: '1951-08-20' },
    );
    expect(result.household).toBe(true);
  });

  it('still takes the same name decades apart for a father and his son', () => {
    // ... and a date within the year: a re-entry from memory.
    expect(
      score({ ...person, birthDate: '2009-11-03' }, { ...person, birthDate: '2008-12-03' })
        .household,
    ).toBe(false);
    const result = score(
      { ...person, birthDate: '1960-02-13' },
      { ...person, birthDate: '1988-07-10' },
    );
    expect(result.household).toBe(true);
  });

  it('takes a first name with its letters out of order for a typo, not for a relative', () => {
    const bennett = { lastName: 'Bennett', city: 'Swansea', birthDate: '2017-01-11' };
    const result = score(
      { ...bennett, firstName: 'Jessica' },
      { ...bennett, firstName: 'Aessicj' },
    );
    expect(result.household).toBe(false);
    expect(result.probability).toBeGreaterThan(0.5);
  });

  it('counts a given name in another language as close when the birth dates agree', () => {
    const vickers = { lastName: 'Vickers', city: 'Taunton', postcode: 'TA4 2UU' };
    const same = score(
      { ...vickers, firstName: 'Jean', birthDate: '1950-03-02' },
      { ...vickers, firstName: 'John', birthDate: '1950-03-02' },
    );
    expect(same.household).toBe(false);
    expect(same.probability).toBeGreaterThan(0.5);
    // Without birth dates a John and a Jean (or a James and a Jacob) at one address are as
    // likely a couple or two brothers: kept apart.
    expect(
      score({ ...vickers, firstName: 'Jean' }, { ...vickers, firstName: 'John' }).household,
    ).toBe(true);
    expect(
      score({ ...vickers, firstName: 'James' }, { ...vickers, firstName: 'Jacob' }).household,
    ).toBe(true);
    // A John and a Jean of one family born years apart stay two people.
    const phone = '+44 7262 865444';
    const couple = score(
      { ...vickers, phone, firstName: 'John', birthDate: '1950-03-02' },
      { ...vickers, phone, firstName: 'Jean', birthDate: '1953-11-20' },
    );
    expect(couple.household).toBe(true);
  });

  it('takes a year or a decade and some weeks apart for a re-entry only with the same first name', () => {
    // One Oliver Atkinson of London, the year and the month re-entered wrongly; and the decade.
    const oliver = { firstName: 'Oliver', lastName: 'Atkinson', city: 'London' };
    expect(
      score({ ...oliver, birthDate: '2009-12-21' }, { ...oliver, birthDate: '2011-01-21' })
        .household,
    ).toBe(false);
    expect(
      score({ ...oliver, birthDate: '1986-02-13' }, { ...oliver, birthDate: '1996-01-12' })
        .household,
    ).toBe(false);
    // Without a first name on one side it may be a brother or sister of about that age.
    const noFirstName = { lastName: 'Atkinson', city: 'London' };
    expect(
      score({ ...oliver, birthDate: '2009-12-21' }, { ...noFirstName, birthDate: '2011-01-21' })
        .household,
    ).toBe(true);
    // Only a similar first name: a spouse or sibling.
    expect(
      score(
        { ...oliver, firstName: 'Olivia', birthDate: '1986-02-13' },
        { ...oliver, birthDate: '1996-01-12' },
      ).household,
    ).toBe(true);
  });
});
