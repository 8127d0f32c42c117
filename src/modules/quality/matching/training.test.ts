import { describe, expect, it } from 'vitest';
import { comparisonIndex, comparisons } from './comparisons.ts';
import { dedupeRecords, randomSource } from './dedupe.ts';
import { levelFrequencies } from './fellegi-sunter.ts';
import { prepareRecord, type PersonRecord } from './record.ts';
import { randomPatterns } from './training.ts';

const cities = ['Moscow', 'Beijing', 'London', 'Kazan'];
const given = ['Ivan', 'Pyotr', 'Oleg', 'Boris', 'Anna', 'Olga', 'Maria', 'Elena', 'Igor', 'Nina'];
const surnames = ['Smirnov', 'Kuznetsov', 'Popov', 'Sokolov', 'Lebedev', 'Kozlov', 'Novikov'];

/** A unique mobile number and mailbox per serial (no two people share one by chance). */
const phone = (serial: number) => `+7 916 ${String(1_000_000 + serial).slice(1)}`;
const email = (serial: number) => `${String.fromCharCode(97 + (serial % 26))}${serial}x@mail.ru`;

describe('u from random pairs', () => {
  it('is the chance that two different people agree: 1/2 on gender, 1/4 on one of 4 cities', () => {
    const random = randomSource(7);
    const records = Array.from({ length: 3000 }, (_, i) =>
      prepareRecord(
        {
          id: String(i),
          gender: random() < 0.5 ? 'm' : 'f',
          city: cities[Math.floor(random() * cities.length)],
        },
        'RU',
      ),
    );
    const levels = [5, 5, 3, 2, 2, 3, 3, 3, 3, 2, 3];
    const u = levelFrequencies(randomPatterns(records, 100_000, randomSource(1)), levels);
    expect(u[comparisonIndex.gender]![0]).toBeCloseTo(0.5, 2);
    expect(u[comparisonIndex.city]![0]).toBeCloseTo(0.25, 2);
  });
});

describe('m learnt per blocking rule', () => {
  /**
   * 3000 people from 10 given names, 7 surnames and 20 birth dates: namesakes born the same
   * day are everywhere, as in a large customer base. Half of them are entered twice; the
   * second entry keeps the phone with probability 0.8 and the e-mail with 0.6.
   */
  function population(): PersonRecord[] {
    const random = randomSource(11);
    const records: PersonRecord[] = [];
    let serial = 0;
    for (let person = 0; person < 3000; person++) {
      const base = {
        firstName: given[Math.floor(random() * given.length)],
        lastName: surnames[Math.floor(random() * surnames.length)],
        birthDate: `1980-01-${String(1 + Math.floor(random() * 20)).padStart(2, '0')}`,
      };
      const own = { phone: phone(serial++), email: email(serial++) };
      records.push({ id: `${person}a`, ...base, ...own });
      if (random() < 0.5) {
        records.push({
          id: `${person}b`,
          ...base,
          phone: random() < 0.8 ? own.phone : phone(serial++),
          email: random() < 0.6 ? own.email : email(serial++),
        });
      }
    }
    return records;
  }

  // One run serves both checks: the file takes a few seconds on a loaded machine.
  let run: ReturnType<typeof dedupeRecords> | undefined;
  const result = () => (run ??= dedupeRecords(population()));

  it('recovers how often a duplicate keeps its phone and e-mail, despite the namesakes', () => {
    const { model } = result();
    // Pooled EM over all candidates put the namesakes in the match class: m of the same
    // phone fell far below 0.8 (a different phone then cost almost nothing).
    expect(model.m[comparisonIndex.phone]![0]).toBeCloseTo(0.8, 1);
    expect(model.m[comparisonIndex.email]![0]).toBeCloseTo(0.6, 1);
  });

  it('keeps apart namesakes born the same day whose phone and e-mail both differ', () => {
    const { pairs, probability } = result();
    const phoneDiffers = (p: number) =>
      pairs.gammas[p * comparisons.length + comparisonIndex.phone] === 1 &&
      pairs.gammas[p * comparisons.length + comparisonIndex.email] === 2;
    let namesakes = 0;
    for (let p = 0; p < pairs.count; p++) {
      if (!phoneDiffers(p)) continue;
      namesakes++;
      expect(probability[p]).toBeLessThan(0.5);
    }
    expect(namesakes).toBeGreaterThan(1000);
  });
});
