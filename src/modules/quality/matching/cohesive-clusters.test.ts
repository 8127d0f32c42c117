import { describe, expect, it } from 'vitest';
import { cohesiveClusters, type AcceptedPairs } from './cohesive-clusters.ts';
import { dedupeRecords } from './dedupe.ts';
import type { PersonRecord } from './record.ts';

/** Accepted pairs [i, j, weight] and the weight of every other pair from a table (0 if absent). */
function setUp(accepted: [number, number, number][], others: [number, number, number][] = []) {
  const weights = new Map<string, number>();
  for (const [i, j, w] of [...accepted, ...others]) {
    weights.set(`${i}|${j}`, w);
    weights.set(`${j}|${i}`, w);
  }
  const scored: string[] = [];
  const pairs: AcceptedPairs = {
    left: Int32Array.from(accepted, ([i]) => i),
    right: Int32Array.from(accepted, ([, j]) => j),
    weight: Float32Array.from(accepted, ([, , w]) => w),
    count: accepted.length,
  };
  const score = (i: number, j: number) => {
    scored.push(`${Math.min(i, j)}|${Math.max(i, j)}`);
    return weights.get(`${i}|${j}`) ?? 0;
  };
  return { pairs, score, scored };
}

const check = { minAverageWeight: 0 };

describe('clusters that do not chain', () => {
  it('keeps C apart when A~B and B~C are accepted but A and C clearly differ', () => {
    // A (0) and B (1) agree strongly; B and C (2) pass the threshold; A and C contradict.
    const { pairs, score } = setUp(
      [
        [0, 1, 20],
        [1, 2, 8],
      ],
      [[0, 2, -25]],
    );
    const { cluster, report } = cohesiveClusters(3, pairs, score, check);
    expect([...cluster]).toEqual([0, 0, 2]);
    expect(report.refused).toBe(1);
  });

  it('would have chained them without the check (connected components)', () => {
    const { pairs, score } = setUp(
      [
        [0, 1, 20],
        [1, 2, 8],
      ],
      [[0, 2, -25]],
    );
    const { cluster } = cohesiveClusters(3, pairs, score, { minAverageWeight: -Infinity });
    expect([...cluster]).toEqual([0, 0, 0]);
  });

  it('keeps a true triple together when one of its pairs is only weakly against', () => {
    // Two entries of one person with different errors: A~C alone would not pass, the group does.
    const { pairs, score } = setUp(
      [
        [0, 1, 20],
        [1, 2, 12],
      ],
      [[0, 2, -4]],
    );
    expect([...cohesiveClusters(3, pairs, score, check).cluster]).toEqual([0, 0, 0]);
  });

  it('does not bridge two people through one false pair between their records', () => {
    // Person 1: records 0, 1, 2; person 2: records 3, 4, 5; 2~3 is a false match.
    const { pairs, score } = setUp(
      [
        [0, 1, 25],
        [1, 2, 22],
        [0, 2, 24],
        [3, 4, 25],
        [4, 5, 21],
        [2, 3, 6],
      ],
      [
        [0, 3, -12],
        [1, 3, -10],
        [0, 4, -14],
        [1, 4, -9],
        [2, 4, -8],
        [0, 5, -15],
        [1, 5, -11],
        [2, 5, -7],
      ],
    );
    expect([...cohesiveClusters(6, pairs, score, check).cluster]).toEqual([0, 0, 0, 3, 3, 3]);
  });

  it('gives the same clusters whatever order the pairs come in', () => {
    const accepted: [number, number, number][] = [
      [0, 1, 20],
      [1, 2, 8],
      [2, 3, 15],
      [3, 4, 9],
    ];
    const others: [number, number, number][] = [
      [0, 2, -25],
      [1, 3, 2],
      [2, 4, 5],
    ];
    const forward = setUp(accepted, others);
    const backward = setUp([...accepted].reverse(), others);
    expect([...cohesiveClusters(5, forward.pairs, forward.score, check).cluster]).toEqual([
      ...cohesiveClusters(5, backward.pairs, backward.score, check).cluster,
    ]);
  });

  it('does not weigh a refused pair of groups again until one of them grows', () => {
    const { pairs, score, scored } = setUp(
      [
        [0, 1, 20],
        [2, 3, 20],
        [1, 2, 7],
        [0, 3, 6],
      ],
      [
        [0, 2, -20],
        [1, 3, -20],
      ],
    );
    const { cluster, report } = cohesiveClusters(4, pairs, score, check);
    expect([...cluster]).toEqual([0, 0, 2, 2]);
    expect(report.refused).toBe(1);
    expect(scored).toHaveLength(4);
  });
});

describe('large groups', () => {
  it('decides a merge of two large groups on a bounded, even sample of their cross pairs', () => {
    // Two people of five records each, every record of one linked to the next; 4~5 is false.
    const accepted: [number, number, number][] = [
      [0, 1, 30],
      [1, 2, 30],
      [2, 3, 30],
      [3, 4, 30],
      [5, 6, 30],
      [6, 7, 30],
      [7, 8, 30],
      [8, 9, 30],
      [4, 5, 5],
    ];
    const same = (i: number, j: number) => i < 5 === j < 5;
    const { pairs, scored } = setUp(accepted);
    const score = (i: number, j: number) => {
      scored.push(`${i}|${j}`);
      return same(i, j) ? 30 : -20;
    };
    const { cluster } = cohesiveClusters(10, pairs, score, {
      minAverageWeight: 0,
      maxCrossPairs: 10,
    });
    expect([...cluster]).toEqual([0, 0, 0, 0, 0, 5, 5, 5, 5, 5]);
    // The refused bridge was weighed on 10 of its 25 cross pairs.
    expect(
      scored.filter((key) => !same(...(key.split('|').map(Number) as [number, number]))),
    ).toHaveLength(10);
  });
});

describe('de-duplicating records that chain', () => {
  // B has A's phone and C's name but no birth date: A~B and B~C pass the threshold on their
  // own, while A and C differ in birth date, phone, e-mail, address and city.
  const a: PersonRecord = {
    id: 'a',
    firstName: 'Иван',
    lastName: 'Петров',
    birthDate: '1980-03-12',
    phone: '+7 916 111-22-33',
    email: 'ivan.petrov80@mail.ru',
    address: 'ул. Мира, д. 5, кв. 12',
    city: 'Москва',
  };
  const b: PersonRecord = { id: 'b', firstName: 'Иван', lastName: 'Петров', phone: '89161112233' };
  const c: PersonRecord = {
    id: 'c',
    firstName: 'Иван',
    lastName: 'Петров',
    birthDate: '1975-07-30',
    phone: '+7 903 444-55-66',
    email: 'petrov.i@yandex.ru',
    address: 'пр. Победы, д. 40, кв. 7',
    city: 'Казань',
  };

  it('keeps C apart, though A~B and B~C are each above the threshold', () => {
    const result = dedupeRecords([a, b, c]);
    const accepted = Array.from(result.probability).filter((p) => p >= result.threshold);
    expect(accepted).toHaveLength(2);
    expect([...result.cluster]).toEqual([0, 0, 2]);
  });

  it('chains all three with the check turned off (plain connected components)', () => {
    expect([...dedupeRecords([a, b, c], { groupThreshold: 0 }).cluster]).toEqual([0, 0, 0]);
  });

  it('keeps three entries of one person together across scripts and formats', () => {
    const latin: PersonRecord = {
      id: 'latin',
      firstName: 'Ivan',
      lastName: 'Petrov',
      birthDate: '12.03.1980',
      phone: '89161112233',
    };
    const short: PersonRecord = {
      id: 'short',
      firstName: 'Ваня',
      lastName: 'Петров',
      birthDate: '1980-03-12',
      email: 'ivan.petrov80@mail.ru',
      city: 'Москва',
    };
    expect([...dedupeRecords([a, latin, short]).cluster]).toEqual([0, 0, 0]);
  });
});
