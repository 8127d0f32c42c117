import { describe, expect, it } from 'vitest';
import { dedupeRecords, explainPair, randomSource } from './dedupe.ts';
import { guardDegenerateM } from './m-sanity.ts';
import type { PersonRecord } from './record.ts';

const firsts = [
  'Анна',
  'Иван',
  'Мария',
  'Олег',
  'Ольга',
  'Пётр',
  'Елена',
  'Сергей',
  'Нина',
  'Юрий',
];
const lasts = ['Смирнов', 'Козлов', 'Попов', 'Лебедев', 'Новиков', 'Морозов', 'Волков', 'Зайцев'];
const cities = ['Москва', 'Казань', 'Тверь', 'Самара'];

/**
 * A base like the demo group's: some hundreds of different people, families among them (the
 * same surname, address and phone, other first names and birth dates), hardly a duplicate.
 */
function base(families: number): PersonRecord[] {
  const random = randomSource(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const records: PersonRecord[] = [];
  for (let f = 0; f < families; f++) {
    const home = {
      lastName: pick(lasts),
      city: pick(cities),
      address: `ул. Ленина, ${f + 1}`,
      phone: `+7 916 ${String(1_000_000 + f * 7919).slice(-7)}`,
    };
    const members = 1 + Math.floor(random() * 3);
    for (let k = 0; k < members; k++) {
      const year = 1950 + Math.floor(random() * 50);
      const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
      const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
      const i = records.length;
      records.push({
        id: `p${i}`,
        ...home,
        firstName: firsts[(f + k) % firsts.length]!,
        birthDate: `${year}-${month}-${day}`,
        email: random() < 0.7 ? `person${i}@mail.ru` : undefined,
      });
    }
  }
  return records;
}

describe('a model learnt from a base with almost no duplicates (issue 6)', () => {
  // the browser story's Kirill: the same name, birth date and e-mail but for its capitals
  const kirill = { firstName: 'Кирилл', lastName: 'Дубликатов1234567', birthDate: '1983-06-17' };
  const records: PersonRecord[] = [
    ...base(450),
    { id: 'kirill-a', ...kirill, email: 'kirill.1234567@mail.ru' },
    { id: 'kirill-b', ...kirill, email: 'Kirill.1234567@Mail.ru' },
  ];

  it('scores two records with the same name, birth date and mailbox as one person', () => {
    const result = dedupeRecords(records, { country: 'RU' });
    const [a, b] = result.records.slice(-2);
    const explanation = explainPair(result.model, a!, b!);
    const parts = Object.fromEntries(
      explanation.contributions.map((part) => [
        part.field,
        `${part.level} ${part.weight.toFixed(1)}`,
      ]),
    );
    // what each field gives, in bits: every one agrees exactly (e-mail case is folded)
    expect(Object.keys(parts)).toEqual(['firstName', 'lastName', 'birthDate', 'email']);
    expect(
      explanation.contributions.every(
        (part) => part.level === 'exact' || part.level === 'same mailbox',
      ),
    ).toBe(true);
    // before the guard the learnt m made exact first name and birth date worth ~1-3 bits: 69.9 %
    expect(
      explanation.contributions.find((part) => part.field === 'birthDate')!.weight,
    ).toBeGreaterThan(10);
    expect(explanation.probability, JSON.stringify(parts)).toBeGreaterThan(0.99);
  });

  it('replaces only identity rows whose exact level came out rarer than "different"', () => {
    const learnt = [
      [0.015, 0.0004, 0.005, 0.03, 0.95],
      [0.7, 0.1, 0.1, 0.05, 0.05],
      [0.0005, 0.002, 0.004, 0.04, 0.015, 0.94],
      [0.8, 0.2],
      [0.002, 0.998],
    ];
    const { m, replaced } = guardDegenerateM(learnt);
    expect(replaced).toEqual([0, 2]);
    expect(m[0]![0]).toBeGreaterThan(0.5);
    expect(m[1]).toEqual(learnt[1]);
    // a phone kept by few duplicates is a fact about the file, not a broken model
    expect(m[4]).toEqual(learnt[4]);
  });
});
