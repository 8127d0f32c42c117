import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../db/database.ts';
import { createTestDatabase } from '../../testing/test-database.ts';
import type { Condition } from './segment.schemas.ts';
import { compileCondition, nextMonthDays } from './segment-compiler.ts';

/**
 * Birthday windows are compiled to month_day() numbers (migration 0284) instead of to_char's
 * 'MM-DD' text. Over every birth date of a leap year and the two years around it, and people
 * with no birth date, each window must pick exactly the people the text form picked.
 */
describe('birthday windows as month-day numbers', () => {
  let database: AppDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  /** the condition as it was compiled before 0284, kept here as the reference */
  function textForm(
    tree: Extract<Condition, { type: 'anniversary' }>,
    today: Date,
  ): RawBuilder<boolean> {
    const monthDay = sql`to_char(c.birth_date, 'MM-DD')`;
    if (tree.nextDays !== undefined) {
      return sql<boolean>`${monthDay} = any(${nextMonthDays(today, tree.nextDays)}::text[])`;
    }
    return tree.from! <= tree.to!
      ? sql<boolean>`${monthDay} between ${tree.from} and ${tree.to}`
      : sql<boolean>`(${monthDay} >= ${tree.from} or ${monthDay} <= ${tree.to})`;
  }

  async function compare(tree: Extract<Condition, { type: 'anniversary' }>, today: Date) {
    const result = await sql<{
      people: number;
      differ: number;
      chosen: number;
      leap_born: number;
      unknown: number;
    }>`
      select count(*)::int as people,
             (count(*) filter (where coalesce(${compileCondition(tree, today)}, false)
                                     is distinct from coalesce(${textForm(tree, today)}, false)))::int as differ,
             (count(*) filter (where ${compileCondition(tree, today)}))::int as chosen,
             (count(*) filter (where ${compileCondition(tree, today)}
                                 and c.birth_date = '2028-02-29'))::int as leap_born,
             (count(*) filter (where coalesce(${compileCondition(
               { type: 'not', condition: tree },
               today,
             )}, false) and c.birth_date is null))::int as unknown
        from (select d::date as birth_date
                from generate_series('2027-01-01'::date, '2029-12-31', '1 day') d
              union all select null) c`.execute(database.db);
    return result.rows[0]!;
  }

  const windows: [string, Extract<Condition, { type: 'anniversary' }>, string][] = [
    [
      '30 days across the new year',
      { type: 'anniversary', of: 'birthday', nextDays: 30 },
      '2026-12-20',
    ],
    [
      'end of February, not a leap year',
      { type: 'anniversary', of: 'birthday', nextDays: 5 },
      '2027-02-26',
    ],
    [
      'end of February, a leap year',
      { type: 'anniversary', of: 'birthday', nextDays: 5 },
      '2028-02-26',
    ],
    ['today only', { type: 'anniversary', of: 'birthday', nextDays: 0 }, '2026-03-01'],
    [
      'a whole year from March',
      { type: 'anniversary', of: 'birthday', nextDays: 366 },
      '2026-03-01',
    ],
    [
      '12-20 .. 01-10',
      { type: 'anniversary', of: 'birthday', from: '12-20', to: '01-10' },
      '2026-06-01',
    ],
    [
      '02-28 .. 03-01',
      { type: 'anniversary', of: 'birthday', from: '02-28', to: '03-01' },
      '2026-06-01',
    ],
    [
      '02-29 alone',
      { type: 'anniversary', of: 'birthday', from: '02-29', to: '02-29' },
      '2026-06-01',
    ],
    [
      '03-01 .. 02-28 (all but 29 February)',
      { type: 'anniversary', of: 'birthday', from: '03-01', to: '02-28' },
      '2026-06-01',
    ],
  ];

  it.each(windows)('picks the same people as the text form: %s', async (_name, tree, today) => {
    const row = await compare(tree, new Date(`${today}T12:00:00Z`));
    expect(row.differ).toBe(0);
    expect(row.people).toBe(3 * 365 + 1 + 1);
    expect(row.chosen).toBeGreaterThan(0);
    // nobody without a birth date has a birthday, so "not a birthday" keeps every one of them
    expect(row.unknown).toBe(1);
  });

  it('keeps 29 February inside the window only when the window meets it', async () => {
    const leapWindow = await compare(windows[2]![1], new Date('2028-02-26T12:00:00Z'));
    expect(leapWindow.leap_born).toBe(1);
    // in a year without 29 February, the next five days from 26 February skip it
    const plainWindow = await compare(windows[1]![1], new Date('2027-02-26T12:00:00Z'));
    expect(plainWindow.leap_born).toBe(0);
    expect(plainWindow.chosen).toBe(3 * 6);
    const allButLeapDay = await compare(windows[8]![1], new Date('2026-06-01T12:00:00Z'));
    expect(allButLeapDay.leap_born).toBe(0);
    expect(allButLeapDay.chosen).toBe(3 * 365);
  });
});
