import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { withCheckDigit } from '../vehicles/index.ts';
import { creditCode } from './scores/record-checks-fixtures.ts';

/**
 * A data steward scores the customer base: a complete record, a record of garbage (a
 * placeholder name, a fake phone, a role mailbox) and a woman with a man's patronymic at
 * dealer A, one customer at dealer C. He sees the problems, the figures per dealer, and after
 * the garbage is corrected the next run shows the improvement. Stewards and managers see only
 * their own dealers' customers.
 */
describe('a data steward measures and monitors the quality of the customer base', () => {
  let world: TestWorld;
  let garbageId: string;

  beforeAll(async () => {
    world = await createTestWorld();
    const a = apiAs(world, 'managerA');
    const complete = await a.post('/api/customers', {
      kind: 'person',
      firstName: 'Иван',
      middleName: 'Петрович',
      lastName: 'Соколов',
      gender: 'male',
      birthDate: '1985-04-12',
      occupation: 'engineer',
      incomeBand: 'middle',
      preferredLanguage: 'ru',
      preferredChannel: 'sms',
      phones: [{ number: '8 (916) 482-17-39' }],
      emails: [{ address: 'ivan.sokolov@mail.ru' }],
      addresses: [{ city: 'Москва', postcode: '127411', street: 'Дмитровское ш.', building: '1' }],
    });
    expect(complete.status).toBe(201);
    const garbage = await a.post('/api/customers', {
      kind: 'person',
      firstName: 'test',
      lastName: 'asdf',
      phones: [{ number: '+7 999 111-11-11' }],
      emails: [{ address: 'info@dealer-a.ru' }],
    });
    expect(garbage.status).toBe(201);
    garbageId = garbage.body.id;
    const mismatch = await a.post('/api/customers', {
      kind: 'person',
      firstName: 'Мария',
      middleName: 'Петрович',
      lastName: 'Иванова',
      gender: 'female',
      phones: [{ number: '+7 903 555 12 12' }],
    });
    expect(mismatch.status).toBe(201);
    const c = await apiAs(world, 'managerC').post('/api/customers', {
      kind: 'person',
      firstName: '伟',
      lastName: '王',
      phones: [{ number: '+86 138 0013 8000' }],
    });
    expect(c.status).toBe(201);
  });
  afterAll(async () => world.close());

  it('a run scores every customer in scope and finds the garbage', async () => {
    const steward = apiAs(world, 'stewardGroup');
    const run = await steward.post('/api/quality/runs', {});
    expect(run.status).toBe(201);
    expect(run.body.customers).toBe(4);
    expect(run.body.problems).toMatchObject({
      placeholder_name: 1,
      fake_phone: 1,
      role_email: 1,
      gender_mismatch: 1,
    });
    const findings = await steward.get('/api/quality/findings?problem=fake_phone');
    expect(findings.status).toBe(200);
    expect(findings.body.total).toBe(1);
    expect(findings.body.items[0]).toMatchObject({ customerId: garbageId });
    expect(findings.body.items[0].problems).toEqual(
      expect.arrayContaining(['placeholder_name', 'fake_phone', 'role_email']),
    );
    // The worst record comes first; the complete one scores highest.
    const all = await steward.get('/api/quality/findings');
    expect(all.body.items[0].customerId).toBe(garbageId);
    expect(all.body.items.at(-1).score).toBeGreaterThanOrEqual(90);
    expect(all.body.items.at(-1).problems).toEqual([]);
  });

  it('shows the figures per dealer, source and month', async () => {
    const steward = apiAs(world, 'stewardGroup');
    const byDealer = await steward.get('/api/quality/summary?groupBy=dealer');
    expect(byDealer.status).toBe(200);
    expect(byDealer.body.total.customers).toBe(4);
    expect(byDealer.body.groups.map((g: { key: string }) => g.key)).toEqual([
      'Dealer A',
      'Dealer C',
    ]);
    expect(byDealer.body.groups[0]).toMatchObject({ customers: 3 });
    const byMonth = await steward.get('/api/quality/summary?groupBy=month');
    expect(byMonth.body.groups).toHaveLength(1);
    expect(byMonth.body.groups[0].key).toBe(new Date().toISOString().slice(0, 7));
    const wrong = await steward.get('/api/quality/summary?groupBy=colour');
    expect(wrong.status).toBe(400);
  });

  it('a steward of region R2 sees only dealer C; a consultant sees no quality figures', async () => {
    const regional = apiAs(world, 'stewardR2');
    const summary = await regional.get('/api/quality/summary?groupBy=dealer');
    expect(summary.body.total.customers).toBe(1);
    expect(summary.body.groups.map((g: { key: string }) => g.key)).toEqual(['Dealer C']);
    const findings = await regional.get('/api/quality/findings?problem=fake_phone');
    expect(findings.body).toEqual({ items: [], total: 0 });
    const trend = await regional.get('/api/quality/runs');
    expect(trend.body.items[0].customers).toBe(1);
    expect((await apiAs(world, 'managerB').get('/api/quality/summary')).body.total.customers).toBe(
      0,
    );
    expect((await apiAs(world, 'consultantA1').get('/api/quality/summary')).status).toBe(403);
    expect((await apiAs(world, 'analystGroup').post('/api/quality/runs', {})).status).toBe(403);
  });

  it('after cleaning, the next run shows the improvement against the one before', async () => {
    const fixed = await apiAs(world, 'managerA').patch(`/api/customers/${garbageId}`, {
      firstName: 'Пётр',
      lastName: 'Смирнов',
    });
    expect(fixed.status).toBeLessThan(300);
    const steward = apiAs(world, 'stewardGroup');
    expect((await steward.post('/api/quality/runs', {})).status).toBe(201);
    const trend = await steward.get('/api/quality/runs');
    const [after, before] = trend.body.items;
    expect(before.problems.placeholder_name).toBe(1);
    expect(after.problems.placeholder_name).toBe(0);
    expect(after.averageScore).toBeGreaterThan(before.averageScore);
  });
});

/**
 * A data steward's run also checks what the customer's records hold beyond the person: the
 * VINs of his cars (check digit and model-year code where the maker must set them), the city
 * against the postcode, misspelt and impossible mail domains, phones off their country's
 * numbering plan (written by a bulk load, not through the API, which refuses them) and the
 * tax ids of companies. Correct records of the same kinds are not flagged.
 */
describe('a data steward finds bad VINs, postcodes, mail domains, phones and tax ids', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};

  const person = (firstName: string, lastName: string, extra: Record<string, unknown> = {}) => ({
    kind: 'person',
    firstName,
    middleName: 'Петрович',
    lastName,
    gender: 'male',
    birthDate: '1980-02-03',
    preferredLanguage: 'ru',
    preferredChannel: 'sms',
    phones: [{ number: '+7 916 482-17-39' }],
    ...extra,
  });

  async function vehicle(customer: string, vin: string, modelYear: number | null) {
    await sql`insert into vehicles (vin, customer_id, make_name, model_year)
              values (${vin}, ${ids[customer]!}, 'Xcar', ${modelYear})`.execute(world.database.db);
  }

  beforeAll(async () => {
    world = await createTestWorld();
    const a = apiAs(world, 'managerA');
    const c = apiAs(world, 'managerC');
    const created: [string, ReturnType<typeof a.post>][] = [
      [
        'clean',
        a.post(
          '/api/customers',
          person('Иван', 'Соколов', {
            emails: [{ address: 'ivan.sokolov@gmail.com' }],
            addresses: [
              { city: 'Москва', postcode: '119021', street: 'Пречистенка', building: '1' },
            ],
          }),
        ),
      ],
      ['badVin', a.post('/api/customers', person('Олег', 'Волков'))],
      ['vinYear', a.post('/api/customers', person('Павел', 'Зайцев'))],
      [
        'oblast',
        a.post(
          '/api/customers',
          person('Сергей', 'Морозов', { addresses: [{ city: 'г. Москва', postcode: '141000' }] }),
        ),
      ],
      [
        'shortPostcode',
        a.post(
          '/api/customers',
          person('Андрей', 'Лебедев', { addresses: [{ city: 'Казань', postcode: '42000' }] }),
        ),
      ],
      [
        'typo',
        a.post(
          '/api/customers',
          person('Роман', 'Козлов', { emails: [{ address: 'Roman.Kozlov@gmial.com' }] }),
        ),
      ],
      [
        'noDomain',
        a.post(
          '/api/customers',
          person('Денис', 'Новиков', { emails: [{ address: 'denis@mail.r' }] }),
        ),
      ],
      [
        'offPlan',
        a.post(
          '/api/customers',
          person('Артём', 'Егоров', { phones: [], emails: [{ address: 'artem@yandex.ru' }] }),
        ),
      ],
      [
        'companyBad',
        a.post('/api/customers', {
          kind: 'company',
          companyName: 'Ромашка',
          legalForm: 'ООО',
          taxId: '7707083894',
          phones: [{ number: '+7 495 703-50-39' }],
        }),
      ],
      [
        'companyGood',
        a.post('/api/customers', {
          kind: 'company',
          companyName: 'Василёк',
          legalForm: 'ООО',
          taxId: '7707083893',
          preferredChannel: 'email',
          preferredLanguage: 'ru',
          phones: [{ number: '+7 495 703-50-39' }],
          emails: [{ address: 'info@vasilek.ru' }],
          addresses: [{ city: 'Санкт-Петербург', postcode: '190000' }],
        }),
      ],
      [
        'shanghai',
        c.post('/api/customers', {
          kind: 'person',
          firstName: '伟',
          lastName: '王',
          gender: 'male',
          birthDate: '1979-05-06',
          preferredLanguage: 'zh',
          preferredChannel: 'messenger',
          phones: [{ number: '+86 138 0013 8000' }],
          emails: [{ address: 'wang.wei@qq.com' }],
          addresses: [
            { city: '上海市', postcode: '200001' },
            { city: 'Шанхай', postcode: '200001', kind: 'work' },
          ],
        }),
      ],
      [
        'companyCn',
        c.post('/api/customers', {
          kind: 'company',
          companyName: '东方物流',
          legalForm: '有限公司',
          taxId: creditCode('91310000MA1FL0000'),
          phones: [{ number: '+86 21 6321 0000' }],
        }),
      ],
      [
        'companyCnBad',
        c.post('/api/customers', {
          kind: 'company',
          companyName: '西湖物流',
          legalForm: '有限公司',
          taxId: '91310000MA1FL00001',
          phones: [{ number: '+86 571 8888 0000' }],
        }),
      ],
    ];
    for (const [key, request] of created) {
      const answer = await request;
      expect(answer.status, key).toBe(201);
      ids[key] = answer.body.id;
    }
    await vehicle('clean', withCheckDigit('LGWB4WRX0MA006142'), 2021);
    await vehicle('shanghai', withCheckDigit('LFV2A21K0G3000017'), 2016);
    const valid = withCheckDigit('1HGCM8260A0004352');
    await vehicle(
      'badVin',
      valid.slice(0, 8) + (valid[8] === '1' ? '2' : '1') + valid.slice(9),
      2010,
    );
    await vehicle('vinYear', withCheckDigit('5YJ3E1EA0LF000316'), 2019);
    // a European VIN need not carry the check digit: not judged
    await vehicle('vinYear', 'WDD2120021A123456', 2012);
    await sql`insert into customer_phones (customer_id, e164, raw)
              values (${ids.offPlan!}, '+7916482173', '8 916 482 17 3')`.execute(world.database.db);
  });
  afterAll(async () => world.close());

  async function quality(key: string) {
    return sql<{ problems: string[]; validity: number; consistency: number; completeness: number }>`
      select problems, validity, consistency, completeness from customer_quality
       where customer_id = ${ids[key]!}`
      .execute(world.database.db)
      .then((result) => result.rows[0]!);
  }

  it('flags each problem on its record and nothing on the correct ones', async () => {
    const run = await apiAs(world, 'stewardGroup').post('/api/quality/runs', {});
    expect(run.status).toBe(201);
    expect(run.body.customers).toBe(Object.keys(ids).length);
    expect(run.body.problems).toMatchObject({
      invalid_vin: 1,
      vin_year_mismatch: 1,
      city_postcode_mismatch: 1,
      invalid_postcode: 1,
      email_domain_typo: 1,
      invalid_email_domain: 1,
      invalid_phone: 1,
      invalid_tax_id: 2,
      role_email: 0,
    });
    for (const key of ['clean', 'companyGood', 'shanghai', 'companyCn'])
      expect((await quality(key)).problems, key).toEqual([]);
    expect((await quality('badVin')).problems).toEqual(['invalid_vin']);
    expect((await quality('vinYear')).problems).toEqual(['vin_year_mismatch']);
    expect((await quality('oblast')).problems).toEqual(['city_postcode_mismatch']);
    expect((await quality('shortPostcode')).problems).toEqual(['invalid_postcode']);
    expect((await quality('typo')).problems).toEqual(['email_domain_typo']);
    expect((await quality('noDomain')).problems).toEqual(['invalid_email_domain']);
    expect((await quality('offPlan')).problems).toEqual(['invalid_phone']);
    expect((await quality('companyBad')).problems).toEqual(['invalid_tax_id']);
    expect((await quality('companyCnBad')).problems).toEqual(['invalid_tax_id']);
  });

  it('takes validity down for a wrong value and consistency for a contradiction', async () => {
    expect(await quality('clean')).toMatchObject({ validity: 100, consistency: 100 });
    for (const key of ['badVin', 'shortPostcode', 'typo', 'noDomain', 'offPlan', 'companyBad'])
      expect(await quality(key), key).toMatchObject({ validity: 75, consistency: 100 });
    for (const key of ['vinYear', 'oblast'])
      expect(await quality(key), key).toMatchObject({ validity: 100, consistency: 50 });
    // a company is complete by its own fields: 8 of 9 (no contact person recorded)
    expect(await quality('companyGood')).toMatchObject({ validity: 100, completeness: 89 });
  });

  it('the worklist offers the domain a misspelt address meant', async () => {
    const steward = apiAs(world, 'stewardGroup');
    const typos = await steward.get('/api/quality/findings?problem=email_domain_typo');
    expect(typos.status).toBe(200);
    expect(typos.body.items).toHaveLength(1);
    expect(typos.body.items[0]).toMatchObject({
      customerId: ids.typo,
      suggestions: [
        {
          problem: 'email_domain_typo',
          value: 'Roman.Kozlov@gmial.com',
          suggestion: 'Roman.Kozlov@gmail.com',
        },
      ],
    });
    const companies = await steward.get('/api/quality/findings?problem=invalid_tax_id');
    expect(companies.body.total).toBe(2);
    expect(
      companies.body.items.every(
        (item: { suggestions: unknown[] }) => item.suggestions.length === 0,
      ),
    ).toBe(true);
    // a steward of region R2 (China) sees only the Chinese company
    const regional = await apiAs(world, 'stewardR2').get(
      '/api/quality/findings?problem=invalid_tax_id',
    );
    expect(regional.body.items.map((item: { customerId: string }) => item.customerId)).toEqual([
      ids.companyCnBad,
    ]);
  });
});
