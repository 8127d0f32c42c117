import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../testing/test-world.ts';

/** Bad input gets a 4xx JSON error naming the field, and nothing is written. */
describe('bad input is refused clearly and nothing is half-written', () => {
  let world: TestWorld;
  let customerId: string;
  const counts = async () => {
    const db = world.database.db;
    const count = async (
      table: 'customers' | 'customer_phones' | 'customer_emails' | 'vehicles' | 'consents',
    ) =>
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    return {
      customers: await count('customers'),
      phones: await count('customer_phones'),
      emails: await count('customer_emails'),
      vehicles: await count('vehicles'),
      consents: await count('consents'),
    };
  };

  beforeAll(async () => {
    world = await createTestWorld();
    const created = await apiAs(world, 'crmA').post('/api/customers', {
      kind: 'person',
      lastName: 'Baseline',
    });
    customerId = created.body.id;
  });
  afterAll(async () => world.close());

  const raw = (payload: string, contentType = 'application/json') =>
    world.app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: { authorization: `Bearer ${world.users.crmA.token}`, 'content-type': contentType },
      payload,
    });

  it('malformed JSON answers 400 invalid_json', async () => {
    const before = await counts();
    const answer = await raw('{"kind": "person", "lastName": ');
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.code).toBe('invalid_json');
    expect(await counts()).toEqual(before);
  });

  it('a 10 MB body answers 413 before anything is parsed', async () => {
    const before = await counts();
    const answer = await raw(
      JSON.stringify({ kind: 'person', lastName: 'x'.repeat(10 * 1024 * 1024) }),
    );
    expect(answer.statusCode).toBe(413);
    expect(answer.json().error.code).toBe('body_too_large');
    expect(await counts()).toEqual(before);
  });

  it('a body that is not JSON answers 415', async () => {
    const answer = await raw('kind=person', 'application/x-www-form-urlencoded');
    expect(answer.statusCode).toBe(415);
    expect(answer.json().error.code).toBe('unsupported_media_type');
  });

  it.each([
    ['an unknown field', { kind: 'person', lastName: 'A', shoeSize: 44 }, 'shoeSize'],
    [
      'an unknown nested field',
      { kind: 'person', lastName: 'A', phones: [{ number: '+79161234567', fax: true }] },
      'phones.0.fax',
    ],
    ['a wrong type', { kind: 'person', lastName: 'A', childrenCount: 'two' }, 'childrenCount'],
    ['an unknown enum value', { kind: 'robot', lastName: 'A' }, 'kind'],
    [
      'an unparseable phone',
      { kind: 'person', lastName: 'A', phones: [{ number: '12' }] },
      'phones.0.number',
    ],
    [
      'a phone that is letters',
      { kind: 'person', lastName: 'A', phones: [{ number: 'call me maybe' }] },
      'phones.0.number',
    ],
    [
      'an e-mail without @',
      { kind: 'person', lastName: 'A', emails: [{ address: 'ivan.mail.ru' }] },
      'emails.0.address',
    ],
    [
      'a birth date in the future',
      { kind: 'person', lastName: 'A', birthDate: '2999-01-01' },
      'birthDate',
    ],
    [
      'a date that is not a date',
      { kind: 'person', lastName: 'A', birthDate: '31.12.1980' },
      'birthDate',
    ],
    [
      'a person without a name',
      { kind: 'person', phones: [{ number: '+79161234567' }] },
      'lastName',
    ],
    ['a company without a name', { kind: 'company', taxId: '7701' }, 'companyName'],
    ['an unknown dealer', { kind: 'person', lastName: 'A', dealerCode: 'NOPE' }, 'dealerCode'],
    ['a 10,000-character name', { kind: 'person', lastName: 'x'.repeat(10_000) }, 'lastName'],
  ])('%s answers 400 naming the field, nothing written', async (_what, body, field) => {
    const before = await counts();
    const answer = await apiAs(world, 'crmA').post('/api/customers', body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation_failed');
    expect(answer.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect(answer.body.error.message).toContain(field);
    // a code on every problem, so the web app says it in the reader's language
    for (const problem of answer.body.error.fields as { path: string; code?: string }[]) {
      expect(problem.code, problem.path).toMatch(/^[a-z_.]+$/);
    }
    expect(await counts()).toEqual(before);
  });

  it('one good and one bad phone: the whole customer is refused, not saved half', async () => {
    const before = await counts();
    const answer = await apiAs(world, 'crmA').post('/api/customers', {
      kind: 'person',
      lastName: 'Half',
      phones: [{ number: '+79161234567' }, { number: '+7 000' }],
      emails: [{ address: 'half@example.com' }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual([
      {
        path: 'phones.1.number',
        message: expect.stringContaining('+7 000'),
        code: 'invalid_phone',
        params: { value: '+7 000' },
      },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('each field problem carries a code and its parameters, for the web app to translate', async () => {
    const answer = await apiAs(world, 'crmA').post('/api/customers', {
      kind: 'robot',
      lastName: 'x'.repeat(1000),
      childrenCount: 'two',
      emails: [{ address: 'ivan.mail.ru' }],
      shoeSize: 44,
    });
    expect(answer.status).toBe(400);
    const byPath = Object.fromEntries(
      answer.body.error.fields.map((f: { path: string; code: string; params?: object }) => [
        f.path,
        { code: f.code, ...(f.params ? { params: f.params } : {}) },
      ]),
    );
    expect(byPath).toMatchObject({
      kind: { code: 'invalid_choice' },
      lastName: { code: 'too_long', params: { max: expect.any(Number) } },
      childrenCount: { code: 'invalid_type' },
      shoeSize: { code: 'unknown_field' },
    });
    const service = await apiAs(world, 'crmA').post('/api/customers', {
      kind: 'person',
      phones: [{ number: '+79161234567' }],
      birthDate: '2999-01-01',
    });
    expect(service.status).toBe(400);
    expect(
      service.body.error.fields.map((f: { path: string; code: string }) => [f.path, f.code]),
    ).toEqual(
      expect.arrayContaining([
        ['lastName', 'name_required'],
        ['birthDate', 'in_future'],
      ]),
    );
  });

  it('an invalid VIN answers 400 naming vin; a wrong Chinese check digit too', async () => {
    const api = apiAs(world, 'crmA');
    const before = await counts();
    for (const vin of ['WBA3A5C51CF25698', 'WBA3A5C51CF2569O8', 'LSVAU2180N2183295']) {
      const answer = await api.post('/api/vehicles', { customerId, vin });
      expect(answer.status, vin).toBe(400);
      expect(answer.body.error.fields[0].path).toBe('vin');
    }
    expect(await counts()).toEqual(before);
  });

  it('a European VIN with a wrong check digit is kept with a warning', async () => {
    const answer = await apiAs(world, 'crmA').post('/api/vehicles', {
      customerId,
      vin: 'WBA3A5C51CF256980',
    });
    expect(answer.status).toBe(201);
    expect(answer.body.warnings[0]).toContain('check digit');
  });

  it('wrong query parameters answer 400 naming them', async () => {
    const api = apiAs(world, 'crmA');
    const answer = await api.get('/api/customers?limit=100000&sort=shoe');
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'limit',
      'sort',
    ]);
    const notUuid = await api.get('/api/customers/not-a-uuid');
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.error.fields[0].path).toBe('id');
  });

  it('an unknown route answers a JSON 404', async () => {
    const answer = await apiAs(world, 'crmA').get('/api/nothing-here');
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  });
});
