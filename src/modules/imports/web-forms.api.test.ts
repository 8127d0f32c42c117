import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { formRateLimit } from './web-form-intake.service.ts';

const origin = 'https://xcar-dealer-a.example';

/** Dealer A's website sends its enquiries straight into the CRM. */
describe('a dealer website posts enquiries through its web form', () => {
  let world: TestWorld;
  let key: string;
  let siteId: string;
  beforeAll(async () => {
    // the sites sit behind a proxy that names the client in X-Forwarded-For
    world = await createTestWorld({ trustProxy: true });
  });
  afterAll(async () => world.close());

  const post = async (
    body: Record<string, unknown> | string,
    options: { ip?: string; origin?: string | null; siteKey?: string; form?: boolean } = {},
  ) => {
    const response = await world.app.inject({
      method: 'POST',
      url: `/api/public/forms/${options.siteKey ?? key}/leads`,
      headers: {
        'x-forwarded-for': options.ip ?? '203.0.113.1',
        ...(options.origin === null ? {} : { origin: options.origin ?? origin }),
        'content-type': options.form ? 'application/x-www-form-urlencoded' : 'application/json',
      },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.statusCode, headers: response.headers, body: response.json() };
  };
  const person = (phone: string, extra: Record<string, unknown> = {}) => ({
    name: 'Olga Ivanova',
    phone,
    model: 'X5',
    renderedAt: Date.now() - 20_000,
    website: '',
    ...extra,
  });
  const customerOfPhone = async (e164: string) =>
    world.database.db
      .selectFrom('customer_phones')
      .select('customer_id')
      .where('e164', '=', e164)
      .execute();

  it('the CRM manager registers the site and sees its key once', async () => {
    const created = await apiAs(world, 'crmA').post('/api/web-form-sites', {
      name: 'Dealer A website',
      dealerCode: 'A',
      allowedOrigins: [`${origin}/`],
    });
    expect(created.status).toBe(201);
    key = created.body.key;
    siteId = created.body.site.id;
    expect(key).toMatch(/^wfk_/);
    expect(created.body.site).toMatchObject({
      dealerCode: 'A',
      allowedOrigins: [origin],
      active: true,
      keyPrefix: key.slice(0, 10),
    });
    const list = await apiAs(world, 'crmA').get('/api/web-form-sites');
    expect(list.body.items).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(key);
    const stored = await world.database.db
      .selectFrom('web_form_sites')
      .select('token_hash')
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(key.slice(4));
  });

  it('other dealers and consultants neither see nor manage it', async () => {
    expect((await apiAs(world, 'managerB').get('/api/web-form-sites')).status).toBe(403);
    expect((await apiAs(world, 'consultantA1').get('/api/web-form-sites')).status).toBe(403);
    const crmGroup = await apiAs(world, 'crmGroup').get('/api/web-form-sites');
    expect(crmGroup.body.items).toHaveLength(1);
    const intoB = await apiAs(world, 'crmA').post('/api/web-form-sites', {
      name: 'Not mine',
      dealerCode: 'B',
    });
    expect(intoB.status).toBe(403);
    const brandSite = await apiAs(world, 'crmA').post('/api/web-form-sites', {
      name: 'Xcar',
      brandCode: 'X',
    });
    expect(brandSite.status).toBe(403);
  });

  it('an enquiry becomes a lead of dealer A with exactly the consents ticked', async () => {
    const answer = await post(
      person('+7 916 300-00-01', {
        email: 'olga@example.ru',
        consentEmail: true,
        consentSms: false,
      }),
    );
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ status: 'accepted' });
    expect(answer.headers['access-control-allow-origin']).toBe(origin);
    const [owner] = await customerOfPhone('+79163000001');
    const lead = await world.database.db
      .selectFrom('leads')
      .select(['dealer_id', 'source_key'])
      .where('customer_id', '=', owner!.customer_id)
      .executeTakeFirstOrThrow();
    expect(lead).toEqual({ dealer_id: world.dealers.A.id, source_key: 'website' });
    const consents = await apiAs(world, 'crmA').get(
      `/api/customers/${owner!.customer_id}/consents`,
    );
    expect(consents.body.items).toEqual([
      expect.objectContaining({
        channel: 'email',
        status: 'granted',
        method: 'web_form',
        evidence: 'web form «Dealer A website»',
      }),
    ]);
  });

  it('a plain HTML form post works too, with its ticked box as "on"', async () => {
    const form = new URLSearchParams({
      name: 'Pavel Orlov',
      phone: '+7 916 300-00-02',
      consentSms: 'on',
      renderedAt: String(Date.now() - 30_000),
      website: '',
    }).toString();
    expect((await post(form, { form: true })).status).toBe(202);
    const [owner] = await customerOfPhone('+79163000002');
    const consents = await apiAs(world, 'crmA').get(
      `/api/customers/${owner!.customer_id}/consents`,
    );
    expect(
      consents.body.items.map((c: { channel: string; status: string }) => [c.channel, c.status]),
    ).toEqual([['sms', 'granted']]);
  });

  it('a person who writes again gets the same answer and stays one person', async () => {
    const answer = await post(person('8 916 300-00-01', { comment: 'Any news?' }));
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ status: 'accepted' });
    expect(await customerOfPhone('+79163000001')).toHaveLength(1);
  });

  it('robots are answered like people and nothing of theirs is stored', async () => {
    const links = 'Cheap https://a.example https://b.example https://c.example';
    const attempts = [
      person('+7 916 300-00-11', { website: 'http://spam.example' }),
      person('+7 916 300-00-12', { renderedAt: Date.now() - 500 }),
      person('+7 916 300-00-13', { renderedAt: undefined }),
      person('+7 916 300-00-14', { comment: links }),
    ];
    for (const [i, attempt] of attempts.entries()) {
      const answer = await post(attempt, { ip: `198.51.100.${i}` });
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ status: 'accepted' });
    }
    for (const phone of ['+79163000011', '+79163000012', '+79163000013', '+79163000014']) {
      expect(await customerOfPhone(phone)).toHaveLength(0);
    }
  });

  it('an enquiry without phone or e-mail is refused, naming the fields', async () => {
    const answer = await post({ name: 'No Contact', renderedAt: Date.now() - 20_000 });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'phone',
      'email',
    ]);
  });

  it('refuses foreign origins and unknown keys; answers the preflight of its own origin', async () => {
    const foreign = await post(person('+7 916 300-00-21'), {
      origin: 'https://evil.example',
      ip: '192.0.2.50',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const unknown = await post(person('+7 916 300-00-22'), {
      siteKey: 'wfk_notakeyatall',
      ip: '192.0.2.51',
    });
    expect(unknown.status).toBe(404);
    const preflight = await world.app.inject({
      method: 'OPTIONS',
      url: `/api/public/forms/${key}/leads`,
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type');
    expect(await customerOfPhone('+79163000021')).toHaveLength(0);
  });

  it('limits the submissions of one address, not of the others, in the database', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < formRateLimit.hits; i++) {
      expect((await post({ website: 'robot' }, { ip })).status).toBe(202);
    }
    const limited = await post(person('+7 916 300-00-31'), { ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await customerOfPhone('+79163000031')).toHaveLength(0);
    const counter = await world.database.db
      .selectFrom('web_form_hits')
      .select('hits')
      .where('client_ip', '=', ip)
      .executeTakeFirstOrThrow();
    expect(counter.hits).toBe(formRateLimit.hits + 1);
    expect((await post(person('+7 916 300-00-32'), { ip: '192.0.2.78' })).status).toBe(202);
  });

  it('a lead from the brand website is captured for the brand, for lead routing to place', async () => {
    const created = await apiAs(world, 'admin').post('/api/web-form-sites', {
      name: 'Xcar brand website',
      brandCode: 'X',
      allowedOrigins: ['https://xcar.example'],
    });
    expect(created.status).toBe(201);
    const answer = await post(person('+7 916 300-00-51'), {
      siteKey: created.body.key,
      origin: 'https://xcar.example',
      ip: '192.0.2.60',
    });
    expect(answer.status).toBe(202);
    const [owner] = await customerOfPhone('+79163000051');
    const lead = await world.database.db
      .selectFrom('leads')
      .select(['dealer_id', 'brand_id'])
      .where('customer_id', '=', owner!.customer_id)
      .executeTakeFirstOrThrow();
    const brandX = await world.database.db
      .selectFrom('brands')
      .select('id')
      .where('code', '=', 'X')
      .executeTakeFirstOrThrow();
    expect(lead.brand_id).toBe(brandX.id);
    expect((await apiAs(world, 'crmA').get('/api/web-form-sites')).body.items).toHaveLength(1);
  });

  it('an enquiry from a person probably on file under another number waits in the review queue', async () => {
    const known = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: 'Иван',
      middleName: 'Петрович',
      lastName: 'Соколов',
      birthDate: '1985-04-12',
      phones: [{ number: '8 (916) 482-17-39' }],
    });
    expect(known.status).toBe(201);
    const answer = await post(person('+7 903 765-43-21', { name: 'Ivan Petrovich Sokolov' }), {
      ip: '192.0.2.70',
    });
    // the site learns nothing about the base
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ status: 'accepted' });
    const [created] = await customerOfPhone('+79037654321');
    expect(created!.customer_id).not.toBe(known.body.id);
    const queue = await apiAs(world, 'crmA').get('/api/quality/duplicates');
    expect(queue.status).toBe(200);
    const pairs = queue.body.items.map(
      (pair: { customerA: { id: string }; customerB: { id: string } }) =>
        [pair.customerA.id, pair.customerB.id].sort(),
    );
    expect(pairs).toContainEqual([known.body.id, created!.customer_id].sort());
  });

  it('a deactivated site is closed', async () => {
    const off = await apiAs(world, 'crmA').patch(`/api/web-form-sites/${siteId}`, {
      active: false,
    });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await post(person('+7 916 300-00-41'), { ip: '192.0.2.90' })).status).toBe(404);
  });
});
