import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

describe('a consultant records a walk-in customer and finds him again', () => {
  let world: TestWorld;
  let customerId: string;
  beforeAll(async () => {
    world = await createTestWorld();
  });
  afterAll(async () => world.close());

  it('creates a person with phones, e-mail, address and consents', async () => {
    const api = apiAs(world, 'consultantA1');
    const created = await api.post('/api/customers', {
      kind: 'person',
      firstName: 'Иван',
      middleName: 'Петрович',
      lastName: 'Соколов',
      gender: 'male',
      birthDate: '1985-04-12',
      interests: ['Fishing', 'off_road'],
      phones: [{ number: '8 (916) 123-45-67' }, { number: '+86 139 1234 5678', kind: 'work' }],
      emails: [{ address: 'Ivan.Sokolov@Mail.ru' }],
      addresses: [
        { city: 'Москва', postcode: '127411', street: 'Дмитровское ш.', building: '163' },
      ],
      consents: [
        { channel: 'email', status: 'granted', method: 'signed_form', evidence: 'form 2026/118' },
        { channel: 'sms', status: 'withdrawn', method: 'verbal' },
      ],
    });
    expect(created.status).toBe(201);
    customerId = created.body.id;

    const view = await api.get(`/api/customers/${customerId}`);
    expect(view.status).toBe(200);
    expect(view.body.profile).toMatchObject({
      displayName: 'Соколов Иван Петрович',
      lifecycleStage: 'prospect',
      interests: ['fishing', 'off_road'],
    });
    expect(view.body.phones).toEqual([
      expect.objectContaining({ e164: '+79161234567', raw: '8 (916) 123-45-67', primary: true }),
      expect.objectContaining({ e164: '+8613912345678', kind: 'work', primary: false }),
    ]);
    expect(view.body.addresses[0]).toMatchObject({ country: 'RU', city: 'Москва' });
    expect(view.body.dealers).toEqual([
      expect.objectContaining({
        code: 'A',
        relations: ['prospect'],
        assignedTo: { id: world.users.consultantA1.id, name: 'consultantA1' },
      }),
    ]);
    expect(view.body.consents).toEqual([
      expect.objectContaining({ channel: 'email', status: 'granted', method: 'signed_form' }),
      expect.objectContaining({ channel: 'sms', status: 'withdrawn' }),
    ]);
    expect(view.body.timeline.map((entry: { kind: string }) => entry.kind)).toEqual([
      'consent',
      'consent',
    ]);
  });

  it('finds him by phone in any format, by name in Cyrillic or Latin, by e-mail', async () => {
    const api = apiAs(world, 'consultantA1');
    for (const search of [
      '+7 916 123 45 67',
      '89161234567',
      '4567',
      'Соколов',
      'sokolov',
      'SOKOLOV ivan',
      'ivan.sokolov@',
      'соколов 4567',
    ]) {
      const found = await api.get(`/api/customers?search=${encodeURIComponent(search)}`);
      expect(found.status, search).toBe(200);
      expect(found.body.total, search).toBe(1);
      expect(found.body.items[0], search).toMatchObject({
        id: customerId,
        phone: '+79161234567',
        email: 'Ivan.Sokolov@Mail.ru',
        city: 'Москва',
        dealerCodes: ['A'],
      });
    }
    const nothing = await api.get(`/api/customers?search=${encodeURIComponent('petrovа 9999')}`);
    expect(nothing.body).toEqual({ items: [], total: 0, totalExact: true, totalCapped: false });
  });

  it('finds a Chinese surname as typed, and by its pinyin in Latin letters', async () => {
    const api = apiAs(world, 'crmA');
    const names = [
      ['李', '娜'],
      ['刘', '伟'],
      ['林', '芳'],
    ];
    for (const [lastName, firstName] of names) {
      const created = await api.post('/api/customers', { kind: 'person', lastName, firstName });
      expect(created.status).toBe(201);
    }
    const names$ = async (search: string) =>
      (await api.get(`/api/customers?search=${encodeURIComponent(search)}`)).body.items
        .map((item: { displayName: string }) => item.displayName)
        .sort();
    // 李 is not Liu or Lin, though all three are "li..." in pinyin
    expect(await names$('李')).toEqual(['李娜']);
    expect(await names$('li')).toEqual(['李娜', '林芳', '刘伟'].sort());
    expect(await names$('liu')).toEqual(['刘伟']);
  });

  it('changes the profile and replaces the phone list', async () => {
    const api = apiAs(world, 'consultantA1');
    const changed = await api.patch(`/api/customers/${customerId}`, {
      lastName: 'Соколов-Белый',
      occupation: 'engineer',
      phones: [{ number: '+7 903 765 43 21' }],
    });
    expect(changed.status).toBe(204);
    const view = await api.get(`/api/customers/${customerId}`);
    expect(view.body.profile).toMatchObject({
      displayName: 'Соколов-Белый Иван Петрович',
      occupation: 'engineer',
    });
    expect(view.body.phones.map((p: { e164: string }) => p.e164)).toEqual(['+79037654321']);
    const found = await api.get('/api/customers?search=beliy');
    expect(found.body.total).toBe(0);
    const foundTranslit = await api.get('/api/customers?search=belyi');
    expect(foundTranslit.body.total).toBe(1);
  });

  it('records a consent withdrawal and keeps the history', async () => {
    const api = apiAs(world, 'consultantA1');
    const withdrawn = await api.post(`/api/customers/${customerId}/consents`, {
      channel: 'email',
      status: 'withdrawn',
      method: 'email_link',
    });
    expect(withdrawn.status).toBe(204);
    const history = await api.get(`/api/customers/${customerId}/consents`);
    expect(
      history.body.items
        .filter((c: { channel: string }) => c.channel === 'email')
        .map((c: { status: string }) => c.status),
    ).toEqual(['withdrawn', 'granted']);
    const view = await api.get(`/api/customers/${customerId}`);
    expect(view.body.consents.find((c: { channel: string }) => c.channel === 'email').status).toBe(
      'withdrawn',
    );
    const withEmailConsent = await api.get('/api/customers?consent=email');
    expect(withEmailConsent.body.total).toBe(0);
  });

  it('creates a company with categories and finds it by tax id', async () => {
    const api = apiAs(world, 'crmA');
    const created = await api.post('/api/customers', {
      kind: 'company',
      companyName: 'Ромашка',
      legalForm: 'ООО',
      taxId: '7701234567',
      categories: ['fleet', 'leasing'],
    });
    expect(created.status).toBe(201);
    const found = await api.get('/api/customers?search=7701234567');
    expect(found.body.items.map((c: { displayName: string }) => c.displayName)).toEqual([
      'ООО Ромашка',
    ]);
    const fleet = await api.get('/api/customers?category=fleet&kind=company');
    expect(fleet.body.total).toBe(1);
  });

  it('writes every change to the audit log with who did it', async () => {
    const rows = await world.database.db
      .selectFrom('audit_log')
      .select(['table_name', 'action', 'actor_user_id', 'new_values'])
      .where('customer_id', '=', customerId)
      .where('table_name', '=', 'customers')
      .orderBy('id')
      .execute();
    expect(rows.map((row) => row.action)).toEqual(['insert', 'update']);
    expect(rows.every((row) => row.actor_user_id === world.users.consultantA1.id)).toBe(true);
    expect(rows[1]!.new_values).toMatchObject({
      last_name: 'Соколов-Белый',
      occupation: 'engineer',
    });
  });
});
