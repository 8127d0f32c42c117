import { describe, expect, it } from 'vitest';
import { blockingRules, generateCandidatePairs } from './blocking.ts';
import { prepareRecord, type PersonRecord } from './record.ts';

/** Every candidate pair as "i-j rule name". */
function candidates(people: Omit<PersonRecord, 'id'>[]): string[] {
  const records = people.map((person, i) => prepareRecord({ id: String(i), ...person }, 'RU'));
  const found: string[] = [];
  generateCandidatePairs(records, (i, j, rule) =>
    found.push(`${i}-${j} ${blockingRules[rule]!.name}`),
  );
  return found;
}

describe('weak blocking rules', () => {
  // Each pair shares no key of any other rule: without its rule it is never compared.
  it.each([
    [
      'surname + city',
      { lastName: 'Green', birthDate: '1974-10-05', city: 'London' },
      { firstName: 'Thomas', lastName: 'Green', birthDate: '1984-10-03', city: 'London' },
    ],
    [
      'given name + city',
      { firstName: 'Theodore', birthDate: '1979-08-21', city: 'Birmingham' },
      { firstName: 'Theodore', lastName: 'Morris', birthDate: '1978-09-18', city: 'Birmingham' },
    ],
    [
      'postcode',
      { firstName: 'tom', lastName: 'chudleigh', postcode: 'TQ13 8DF' },
      { firstName: 'thomzs', lastName: 'clifford', birthDate: '1630-08-01', postcode: 'tq13 8df' },
    ],
    [
      'surname sound + given initial',
      { firstName: 'tom', lastName: 'chudleigh', city: 'devon' },
      { firstName: 'thomas', lastName: 'chydleigh', birthDate: '1630-08-11' },
    ],
    [
      'name sounds',
      { firstName: 'Gabriel', lastName: 'Thomas', birthDate: '1977-09-13' },
      { firstName: 'Thomas', lastName: 'Gabriel', birthDate: '1976-08-15' },
    ],
    [
      'given-name sound + birth year',
      { firstName: 'Lucas', birthDate: '1991-04-05', email: 'l.c91@example.com' },
      { firstName: 'Lukas', lastName: 'Cook', birthDate: '1991-05-06', city: 'London' },
    ],
    [
      'any name + city',
      { lastName: 'Thomas', birthDate: '1977-10-17', city: 'London' },
      { firstName: 'Thomas', lastName: 'Gabriel', birthDate: '1976-09-15', city: 'London' },
    ],
  ])('%s compares a duplicate whose stronger keys are all broken', (rule, a, b) => {
    expect(candidates([a, b])).toEqual([`0-1 ${rule}`]);
  });

  it('drop a key held by more than 20 records instead of windowing its block', () => {
    const green = { lastName: 'Green', city: 'London' };
    expect(candidates(new Array(20).fill(green))).toHaveLength(190);
    expect(candidates(new Array(21).fill(green))).toEqual([]);
  });

  it('leave a pair that shares only a dropped key to the next rule that shares one', () => {
    // All 21 share the given name + city key, which goes; two of them also share a postcode.
    const people: Omit<PersonRecord, 'id'>[] = new Array(21).fill({
      firstName: 'Anna',
      city: 'London',
    });
    people[3] = { ...people[3], postcode: '101000' };
    people[17] = { ...people[17], postcode: '101000' };
    expect(candidates(people)).toEqual(['3-17 postcode']);
  });
});

describe('a pair outside a large block’s window', () => {
  // 42 people born the same day: the birth date block (above 30) is compared by a window of 8
  // over surnames babo, bado, ..., zafo. Its first and last are far apart in that order.
  const consonants = 'bdfgklmnprstvz';
  const people: Omit<PersonRecord, 'id'>[] = Array.from({ length: 42 }, (_, k) => ({
    lastName: `${consonants[k % 14]}a${consonants[Math.floor(k / 14)]}o`,
    birthDate: '1980-01-01',
  }));

  it('is still made by a later rule whose small block it shares', () => {
    people[0] = { ...people[0], postcode: '2000' };
    people[41] = { ...people[41], postcode: '2000' };
    const found = candidates(people);
    expect(found).toContain('0-41 postcode');
    expect(found.filter((pair) => pair.startsWith('0-41 '))).toHaveLength(1);
  });

  it('is made once, by the earlier rule, when the window reaches it', () => {
    // babo and bado are neighbours in the window and also share a postcode.
    const neighbours = [...people];
    neighbours[0] = { ...neighbours[0], postcode: '3000' };
    neighbours[14] = { ...neighbours[14], postcode: '3000' };
    const found = candidates(neighbours);
    expect(found.filter((pair) => pair.startsWith('0-14 '))).toEqual(['0-14 birth date']);
    expect(new Set(found).size).toBe(found.length);
  });
});
