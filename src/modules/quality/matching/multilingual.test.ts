import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { dedupeRecords, explainPair } from './dedupe.ts';
import { clusterScores } from './evaluation.ts';
import type { PersonRecord } from './record.ts';

/**
 * Our own test set: Russian, Chinese and English records of the same people written in
 * other scripts, with diminutives, swapped names, day/month swaps and phone formats, and
 * households (spouses, children, a father with his son's name) who must stay apart.
 */
const rows: Record<string, string>[] = parse(
  readFileSync(new URL('./fixtures/multilingual.csv', import.meta.url)),
  {
    columns: true,
    skip_empty_lines: true,
  },
);
const records: PersonRecord[] = rows.map((row) => ({
  id: row.id!,
  firstName: row.first_name,
  lastName: row.last_name,
  middleName: row.middle_name,
  fullName: row.full_name,
  birthDate: row.birth_date,
  phone: row.phone,
  email: row.email,
  address: row.address,
  city: row.city,
}));
const truth = rows.map((row) => row.person!);
const result = dedupeRecords(records, { country: 'RU' });
const index = (id: string) => records.findIndex((record) => record.id === id);
const sameCluster = (a: string, b: string) => result.cluster[index(a)] === result.cluster[index(b)];

describe('the multilingual test set', () => {
  it('finds the people across scripts with pairwise precision 1 and recall of at least 0.9', () => {
    const scores = clusterScores(result.cluster, truth);
    // Printed for bench/RESULTS.md.
    console.log('multilingual set', JSON.stringify(scores));
    expect(scores.precision).toBe(1);
    expect(scores.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('joins transliterations, pinyin, diminutives and swapped names', () => {
    expect(sameCluster('ru-1', 'ru-3')).toBe(true); // Александр Иванов ~ Alexander Ivanov
    expect(sameCluster('ru-1', 'ru-2')).toBe(true); // Саша
    expect(sameCluster('ru-9', 'ru-10')).toBe(true); // Сергей ~ Sergei
    expect(sameCluster('zh-1', 'zh-2')).toBe(true); // 王伟 ~ Wang Wei
    expect(sameCluster('zh-2', 'zh-3')).toBe(true); // Wang Wei ~ Wei Wang, date swapped
    expect(sameCluster('en-1', 'en-2')).toBe(true); // Robert ~ Bob
  });

  it('keeps households apart: same surname, address and phone, another first name or birth date', () => {
    expect(sameCluster('ru-1', 'ru-5')).toBe(false); // husband and wife
    expect(sameCluster('ru-1', 'ru-8')).toBe(false); // father and child
    expect(sameCluster('ru-9', 'ru-13')).toBe(false); // son and father, both Сергей Петров
    expect(sameCluster('zh-5', 'zh-8')).toBe(false); // 李娜 and 李明
    expect(sameCluster('en-1', 'en-4')).toBe(false);
    expect(sameCluster('en-1', 'en-5')).toBe(false);
    expect(sameCluster('ru-18', 'ru-19')).toBe(false);
    // Иван Петрович and his son Иван Иванович Сидоров, no birth dates: only the patronymic differs
    expect(sameCluster('ru-26', 'ru-27')).toBe(false);
  });

  it('reads a patronymic across scripts and takes an agreeing initial as no evidence', () => {
    expect(sameCluster('ru-26', 'ru-28')).toBe(true); // Петрович ~ Petrovich
    expect(sameCluster('ru-27', 'ru-29')).toBe(true); // Иванович ~ И.
    expect(sameCluster('ru-29', 'ru-30')).toBe(true);
    expect(sameCluster('ru-28', 'ru-29')).toBe(false); // Petrovich is not И.
  });

  it('does not join two people who only share a common name', () => {
    expect(sameCluster('zh-9', 'zh-11')).toBe(false); // two 张伟 with other phones and birth dates
  });

  it('explains a match field by field, and marks household evidence as not counted', () => {
    const match = explainPair(
      result.model,
      result.records[index('ru-1')]!,
      result.records[index('ru-3')]!,
    );
    expect(match.probability).toBeGreaterThan(0.99);
    const firstName = match.contributions.find((c) => c.field === 'firstName')!;
    expect(firstName.level).toBe('transliteration or diminutive');
    expect(firstName.weight).toBeGreaterThan(0);
    const spouses = explainPair(
      result.model,
      result.records[index('ru-1')]!,
      result.records[index('ru-5')]!,
    );
    expect(spouses.household).toBe(true);
    expect(spouses.probability).toBeLessThan(0.5);
    expect(spouses.contributions.find((c) => c.field === 'phone')).toMatchObject({
      discounted: true,
    });
    expect(spouses.contributions.find((c) => c.field === 'firstName')!.weight).toBeLessThan(0);
  });
});

describe('the multilingual test set with parameters learnt from itself (EM, random-pair u)', () => {
  it('still keeps every household apart and finds most people', () => {
    const learnt = dedupeRecords(records, { country: 'RU', minTrainingRecords: 0 });
    const scores = clusterScores(learnt.cluster, truth);
    console.log('multilingual set, learnt', JSON.stringify(scores));
    expect(scores.precision).toBe(1);
    expect(scores.recall).toBeGreaterThanOrEqual(0.7);
  });
});
