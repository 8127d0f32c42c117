import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../db/database.ts';
import { createTestDatabase } from '../../testing/test-database.ts';
import { vehicleAgeYears } from './segment-compiler.ts';

/**
 * The segment condition "the car is N to M years old" is compiled to date ranges; it must pick
 * exactly the cars whose age() in whole years is in range, leap days and month ends included.
 */
describe('vehicle age as a date range', () => {
  let database: AppDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  const ranges = [{ min: 3, max: 7 }, { min: 8, max: 8 }, { min: 1 }, { max: 4 }, {}];

  it.each(ranges)('agrees with age() for every pair of days over nine years: %o', async (range) => {
    const expected = sql<boolean>`coalesce(
      date_part('year', age(t.day, v.first_registration)) >= ${range.min ?? -1}
      and date_part('year', age(t.day, v.first_registration)) <= ${range.max ?? 1000}, false)`;
    const result = await sql<{ pairs: number; differ: number; chosen: number }>`
      select count(*)::int as pairs,
             (count(*) filter (where coalesce(${vehicleAgeYears(sql`t.day`, range)}, false)
                                     is distinct from ${expected}))::int as differ,
             (count(*) filter (where ${expected}))::int as chosen
        from (select d::date as first_registration, null::int as model_year
                from generate_series('2016-02-20'::date, '2017-03-10', '1 day') d
              union all
              select d::date, null from generate_series('2019-12-25'::date, '2020-03-05', '1 day') d) v
        cross join (select d::date as day
                      from generate_series('2024-02-25'::date, '2025-03-05', '3 days') d
                    union all select '2028-02-29'::date union all select '2027-02-28'::date
                    union all select '2025-12-31'::date) t`.execute(database.db);
    const row = result.rows[0]!;
    expect(row.differ).toBe(0);
    expect(row.pairs).toBeGreaterThan(50_000);
    if (range.min !== undefined || range.max !== undefined) expect(row.chosen).toBeGreaterThan(0);
  });

  it.each(ranges)(
    'by the model year, agrees with whole calendar years on every day of the year: %o',
    async (range) => {
      // the model year's rule: this year - max <= model year <= this year - min
      const expected = sql<boolean>`coalesce(
        v.model_year >= date_part('year', t.day) - ${range.max ?? 1000}
        and v.model_year <= date_part('year', t.day) - ${range.min ?? -1000}, false)`;
      const result = await sql<{ pairs: number; differ: number }>`
        select count(*)::int as pairs,
               (count(*) filter (where coalesce(${vehicleAgeYears(sql`t.day`, range)}, false)
                                       is distinct from ${expected}))::int as differ
          from (select null::date as first_registration, y::smallint as model_year
                  from generate_series(2010, 2030) y) v
          cross join (select d::date as day
                        from generate_series('2027-12-25'::date, '2029-01-05', '1 day') d) t`.execute(
        database.db,
      );
      expect(result.rows[0]!.differ).toBe(0);
      expect(result.rows[0]!.pairs).toBeGreaterThan(7_000);
    },
  );

  it('falls back to the model year when the registration is unknown', async () => {
    const result = await sql<{ model_year: number }>`
      select v.model_year from (select null::date as first_registration, y as model_year
                                  from generate_series(2015, 2026) y) v
       where ${vehicleAgeYears(sql`'2026-06-01'::date`, { min: 3, max: 7 })}
       order by 1`.execute(database.db);
    expect(result.rows.map((row) => row.model_year)).toEqual([2019, 2020, 2021, 2022, 2023]);
  });
});
