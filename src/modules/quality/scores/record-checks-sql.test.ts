import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../../db/database.ts';
import { createTestDatabase } from '../../../testing/test-database.ts';
import { addressProblem } from './addresses.ts';
import { emailDomainProblem, editDistance } from './email-domains.ts';
import { phoneFitsPlan } from './phone-plans.ts';
import {
  cityPostcodeRowsSql,
  domainSuggestionSql,
  impossibleDomainSql,
  invalidTaxIdSql,
  normalizeCitySql,
  normalizePostcodeSql,
  phoneOffPlanSql,
  postcodeFormatRowsSql,
} from './quality-sql.ts';
import {
  addressCases,
  domainCases,
  phoneCases,
  taxIdCases,
  vinCases,
  worldPhoneCases,
} from './record-checks-fixtures.ts';
import { taxIdProblem } from './tax-ids.ts';
import { vinProblem } from './vin-problems.ts';

/**
 * The quality run judges a million records in SQL; the same rules are written in TypeScript to
 * be read and unit-tested. Both forms must give the same answer on every case.
 */
describe('the SQL form of the record checks agrees with the TypeScript form', () => {
  let database: AppDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  it('on VINs', async () => {
    const rows = await sql<{ problem: string | null }>`
      select quality_vin_problem(x.c->>'vin', (x.c->>'modelYear')::int) as problem
        from jsonb_array_elements(${JSON.stringify(vinCases)}::jsonb) with ordinality as x(c, n)
       order by x.n`.execute(database.db);
    expect(rows.rows).toHaveLength(vinCases.length);
    const sqlAnswers = rows.rows.map((row) => row.problem ?? undefined);
    const tsAnswers = vinCases.map((c) => vinProblem(c.vin, c.modelYear));
    expect(sqlAnswers).toEqual(tsAnswers);
    // the list holds every verdict, so the agreement is not only on "no problem"
    expect(new Set(tsAnswers)).toEqual(new Set([undefined, 'invalid_vin', 'vin_year_mismatch']));
  });

  it('on tax ids', async () => {
    const rows = await sql<{ invalid: boolean }>`
      select ${invalidTaxIdSql(sql.ref('x.tax_id'), sql.ref('x.country'))} as invalid
        from jsonb_to_recordset(${JSON.stringify(
          taxIdCases.map((c) => ({ tax_id: c.taxId, country: c.country })),
        )}::jsonb) as x(tax_id text, country text)`.execute(database.db);
    const tsAnswers = taxIdCases.map((c) => taxIdProblem(c.taxId, c.country) === 'invalid_tax_id');
    expect(rows.rows.map((row) => row.invalid)).toEqual(tsAnswers);
    expect(tsAnswers.filter(Boolean).length).toBeGreaterThan(3);
    expect(tsAnswers.filter((invalid) => !invalid).length).toBeGreaterThan(3);
  });

  it('on e-mail domains, their suggestions and the edit distance', async () => {
    const rows = await sql<{ domain: string; impossible: boolean; suggestion: string | null }>`
      select d.domain, ${impossibleDomainSql(sql.ref('d.domain'))} as impossible,
             ${domainSuggestionSql(sql.ref('d.domain'))} as suggestion
        from unnest(${domainCases}::text[]) with ordinality as d(domain, n) order by d.n`.execute(
      database.db,
    );
    const sqlAnswers = rows.rows.map((row) =>
      row.impossible
        ? { problem: 'invalid_email_domain' }
        : row.suggestion
          ? { problem: 'email_domain_typo', suggestion: row.suggestion }
          : undefined,
    );
    expect(sqlAnswers).toEqual(domainCases.map(emailDomainProblem));
    const pairs = domainCases.flatMap((a) =>
      ['gmail.com', 'ya.ru', 'hotmail.com', a].map((b) => [a, b]),
    );
    const distances = await sql<{ distance: number }>`
      select quality_edit_distance(p->>0, p->>1) as distance
        from jsonb_array_elements(${JSON.stringify(pairs)}::jsonb) with ordinality as x(p, n)
       order by x.n`.execute(database.db);
    expect(distances.rows.map((row) => row.distance)).toEqual(
      pairs.map(([a, b]) => editDistance(a!, b!)),
    );
  });

  it('on addresses: postcode forms and city blocks', async () => {
    const rows = await sql<{ invalid_postcode: boolean; city_mismatch: boolean }>`
      select coalesce(${normalizePostcodeSql(sql.ref('a.postcode'))} !~ f.pattern, false) as invalid_postcode,
             coalesce(${normalizePostcodeSql(sql.ref('a.postcode'))} ~ '^[0-9]{6}$'
                      and left(${normalizePostcodeSql(sql.ref('a.postcode'))}, 3)::int
                          not between k.low and k.high, false) as city_mismatch
        from (select x.c->>'country' as country, x.c->>'city' as city, x.c->>'postcode' as postcode, x.n
                from jsonb_array_elements(${JSON.stringify(addressCases)}::jsonb) with ordinality as x(c, n)) a
        left join ${postcodeFormatRowsSql()} as f(country, pattern) on f.country = a.country
        left join ${cityPostcodeRowsSql()} as k(country, city, low, high)
          on k.country = a.country and k.city = ${normalizeCitySql(sql.ref('a.city'))}
       order by a.n`.execute(database.db);
    const sqlAnswers = rows.rows.map((row) =>
      row.invalid_postcode
        ? 'invalid_postcode'
        : row.city_mismatch
          ? 'city_postcode_mismatch'
          : undefined,
    );
    const tsAnswers = addressCases.map((a) => addressProblem(a.country, a.city, a.postcode));
    expect(sqlAnswers).toEqual(tsAnswers);
    expect(new Set(tsAnswers)).toEqual(
      new Set([undefined, 'invalid_postcode', 'city_postcode_mismatch']),
    );
  });

  it('on phones against their numbering plans', async () => {
    const rows = await sql<{ off: boolean }>`
      select ${phoneOffPlanSql(sql.ref('p.e164'))} as off
        from unnest(${phoneCases}::text[]) with ordinality as p(e164, n) order by p.n`.execute(
      database.db,
    );
    expect(rows.rows.map((row) => row.off)).toEqual(phoneCases.map((e164) => !phoneFitsPlan(e164)));
  });

  it("on every country's numbers, so PostgreSQL reads every plan's pattern as JavaScript does", async () => {
    const cases = worldPhoneCases();
    const rows = await sql<{ off: boolean }>`
      select ${phoneOffPlanSql(sql.ref('p.e164'))} as off
        from unnest(${cases}::text[]) with ordinality as p(e164, n) order by p.n`.execute(
      database.db,
    );
    expect(rows.rows.map((row) => row.off)).toEqual(cases.map((e164) => !phoneFitsPlan(e164)));
    expect(rows.rows.filter((row) => row.off).length).toBeGreaterThan(cases.length / 3);
  });
});
