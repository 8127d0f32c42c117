import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { deliverQueued, smtpTransport, type OutboxTransport } from '../messaging/index.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../messaging/smtp-sink.testing.ts';
import { wrongAnswerAssignee } from './data-check-assignee.ts';

const serviceEmail = {
  channel: 'email',
  status: 'granted',
  purpose: 'service',
  method: 'signed_form',
};
const marketingEmail = { ...serviceEmail, purpose: 'marketing' };

/**
 * The CRM manager of dealer A asks Anna by e-mail to confirm her contact data. The letter goes
 * through the outbox in her language with a signed link; her page shows her own data, partly
 * hidden, and "All correct" verifies her by e-mail link, once. Chen (asked by the group's data
 * steward) says something is wrong: the steward gets a task with his words. Boris agreed only
 * to advertising, Dina has no e-mail: nobody writes to them. Dealer B sees none of it.
 */
describe('a CRM manager asks a customer to confirm her data by e-mail', () => {
  let world: TestWorld;
  let sink: SmtpSink;
  let transport: OutboxTransport;
  const ids: Record<string, string> = {};
  const links: Record<string, string> = {};
  const db = () => world.database.db;
  const ask = (key: string, user: Parameters<typeof apiAs>[1] = 'crmA') =>
    apiAs(world, user).post(`/api/customers/${ids[key]}/data-check`);
  const textOf = (mail: ReceivedMail) =>
    mail.parts.find((p) => p.contentType.startsWith('text/plain'))!.content;
  const page = (path: string, answer?: object, ip = '203.0.113.7') =>
    world.app.inject({
      method: answer ? 'POST' : 'GET',
      url: path,
      remoteAddress: ip,
      ...(answer
        ? {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: new URLSearchParams(answer as Record<string, string>).toString(),
          }
        : {}),
    });
  const customer = (key: string) =>
    db()
      .selectFrom('customers')
      .select(['verified_at', 'verification_method', 'verified_by'])
      .where('id', '=', ids[key]!)
      .executeTakeFirstOrThrow();
  const outboxOf = (key: string) =>
    db()
      .selectFrom('outbox_messages')
      .select(['status', 'purpose', 'source_kind'])
      .where('customer_id', '=', ids[key]!)
      .execute();

  beforeAll(async () => {
    world = await createTestWorld();
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url, 'Dealer A <crm@dealer-a.example>');
    const people: [string, 'en' | 'ru' | 'zh', object][] = [
      [
        'anna',
        'en',
        {
          emails: [{ address: 'anna.check@example.com' }],
          phones: [{ number: '+7 916 555 12 34' }],
          addresses: [{ city: 'Moscow', street: 'Lenina', building: '1', apartment: '42' }],
          consents: [serviceEmail],
        },
      ],
      [
        'boris',
        'ru',
        { emails: [{ address: 'boris.check@example.com' }], consents: [marketingEmail] },
      ],
      ['chen', 'zh', { emails: [{ address: 'chen.check@example.com' }], consents: [serviceEmail] }],
      ['dina', 'en', { phones: [{ number: '+7 916 555 00 01' }], consents: [serviceEmail] }],
      ['eva', 'ru', { emails: [{ address: 'eva.check@example.com' }], consents: [serviceEmail] }],
      ['fay', 'en', { emails: [{ address: 'fay.check@example.com' }], consents: [serviceEmail] }],
    ];
    for (const [key, language, data] of people) {
      const created = await apiAs(world, 'crmA').post('/api/customers', {
        kind: 'person',
        firstName: key[0]!.toUpperCase() + key.slice(1),
        lastName: 'Check',
        preferredLanguage: language,
        ...data,
      });
      expect(created.status, created.text).toBe(201);
      ids[key] = created.body.id;
    }
  });
  afterAll(async () => {
    await world.close();
    await sink.close();
  });

  it('sends Anna the letter in English through the outbox, with her signed link', async () => {
    const asked = await ask('anna');
    expect(asked.status, asked.text).toBe(201);
    expect(asked.body).toMatchObject({ requestedBy: 'crmA', answer: null, answeredAt: null });
    const days = (Date.parse(asked.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect(await outboxOf('anna')).toEqual([
      { status: 'queued', purpose: 'service', source_kind: 'data_check' },
    ]);
    expect((await deliverQueued(db(), transport)).sent).toBe(1);
    const mail = sink.received.find((m) => m.to.includes('anna.check@example.com'))!;
    expect(mail.subject).toBe('Please confirm your contact details');
    const link = textOf(mail).match(/https?:\/\/\S+(\/m\/d\?t=\S+)/);
    expect(link).not.toBeNull();
    links.anna = link![1]!;
    // only the token's hash is kept
    const row = await db()
      .selectFrom('marketing_data_checks')
      .selectAll()
      .where('id', '=', asked.body.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(links.anna).not.toContain(row.token_hash);
    const list = await apiAs(world, 'managerA').get(`/api/customers/${ids.anna}/data-checks`);
    expect(list.body.items).toEqual([asked.body]);

    // asking again while the first letter waits for its answer sends nothing
    const again = await ask('anna', 'managerA');
    expect(again.status).toBe(409);
    expect(again.body.error.fields[0]).toMatchObject({
      path: 'customerId',
      code: 'already_asked',
      params: { requestedAt: asked.body.requestedAt },
    });
    expect(await outboxOf('anna')).toHaveLength(1);
  });

  it('queues nothing without consent to service e-mails or without an e-mail (409 naming why)', async () => {
    const boris = await ask('boris');
    expect(boris.status).toBe(409);
    expect(boris.body.error.fields[0]).toMatchObject({ path: 'consents', code: 'no_consent' });
    const dina = await ask('dina');
    expect(dina.status).toBe(409);
    expect(dina.body.error.fields[0]).toMatchObject({ path: 'email', code: 'no_email' });
    expect(await outboxOf('boris')).toEqual([]);
    expect(await outboxOf('dina')).toEqual([]);
    const rows = await db()
      .selectFrom('marketing_data_checks')
      .select('id')
      .where('customer_id', 'in', [ids.boris!, ids.dina!])
      .execute();
    expect(rows).toEqual([]);
  });

  it('keeps other dealers and roles without the right out', async () => {
    const outside = await ask('anna', 'managerB');
    expect(outside.status).toBe(404);
    const list = await apiAs(world, 'managerB').get(`/api/customers/${ids.anna}/data-checks`);
    expect(list.status).toBe(404);
    expect(JSON.stringify(list.body)).not.toContain('crmA');
    expect((await ask('anna', 'analystGroup')).status).toBe(403);
    expect(await outboxOf('anna')).toHaveLength(1);
  });

  it('shows Anna her own data, partly hidden, without login and without answering on a GET', async () => {
    const shown = await page(links.anna!);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(shown.body).toContain('Anna Check');
    expect(shown.body).toContain('***-12-34');
    expect(shown.body).not.toContain('9165551234');
    expect(shown.body).toContain('an***@example.com');
    expect(shown.body).not.toContain('anna.check@');
    expect(shown.body).toContain('Lenina');
    expect(shown.body).not.toContain('42');
    expect(shown.body).not.toContain('Chen');
    expect((await customer('anna')).verified_at).toBeNull();
  });

  it('"All correct" verifies her by e-mail link at the answer, once', async () => {
    const before = Date.now();
    const answered = await page(links.anna!, { answer: 'correct' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.body).toContain('Your details are confirmed');
    const verified = await customer('anna');
    expect(verified.verification_method).toBe('email_link');
    expect(verified.verified_by).toBeNull();
    expect(new Date(verified.verified_at!).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const view = await apiAs(world, 'crmA').get(`/api/customers/${ids.anna}`);
    expect(view.body.verification).toMatchObject({ method: 'email_link', verifiedBy: null });
    const history = await apiAs(world, 'crmA').get(`/api/activities?customerId=${ids.anna}`);
    expect(history.body.items).toEqual([
      expect.objectContaining({ channel: 'email', direction: 'inbound', outcome: 'info' }),
    ]);

    // the same link again: a clear page, and nothing changes
    const again = await page(links.anna!, { answer: 'wrong', note: 'all wrong' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('already been used');
    expect(await customer('anna')).toEqual(verified);
    expect((await page(links.anna!)).statusCode).toBe(409);
    const tasks = await db()
      .selectFrom('tasks')
      .select('id')
      .where('customer_id', '=', ids.anna!)
      .execute();
    expect(tasks).toEqual([]);
    const list = await apiAs(world, 'crmA').get(`/api/customers/${ids.anna}/data-checks`);
    expect(list.body.items[0]).toMatchObject({ answer: 'correct', answerNote: null });
  });

  it('"Something is wrong" gives the data steward who asked a task with Chen’s words, and verifies nothing', async () => {
    const asked = await ask('chen', 'stewardGroup');
    expect(asked.status, asked.text).toBe(201);
    await deliverQueued(db(), transport);
    const mail = sink.received.find((m) => m.to.includes('chen.check@example.com'))!;
    expect(mail.subject).toBe('请确认您的联系方式');
    const link = textOf(mail).match(/https?:\/\/\S+(\/m\/d\?t=\S+)/)![1]!;
    const answered = await page(link, { answer: 'wrong', note: 'New phone: +86 138 0000 0000' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.body).toContain('lang="zh"');
    expect((await customer('chen')).verified_at).toBeNull();
    const task = await db()
      .selectFrom('tasks')
      .select(['assignee_user_id', 'description', 'title', 'dealer_id'])
      .where('customer_id', '=', ids.chen!)
      .executeTakeFirstOrThrow();
    expect(task).toMatchObject({
      assignee_user_id: world.users.stewardGroup.id,
      description: 'New phone: +86 138 0000 0000',
      title: 'The customer says his contact data is wrong',
      dealer_id: world.dealers.A.id,
    });
    const list = await apiAs(world, 'stewardGroup').get(`/api/customers/${ids.chen}/data-checks`);
    expect(list.body.items[0]).toMatchObject({
      answer: 'wrong',
      answerNote: 'New phone: +86 138 0000 0000',
    });
  });

  it('an expired link shows so and changes nothing; a forged one is not valid', async () => {
    const asked = await ask('chen', 'crmA');
    expect(asked.status).toBe(201);
    await deliverQueued(db(), transport);
    const mails = sink.received.filter((m) => m.to.includes('chen.check@example.com'));
    const link = textOf(mails.at(-1)!).match(/https?:\/\/\S+(\/m\/d\?t=\S+)/)![1]!;
    await db()
      .updateTable('marketing_data_checks')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', asked.body.id)
      .execute();
    const shown = await page(link);
    expect(shown.statusCode).toBe(410);
    expect(shown.body).toContain('此链接已过期');
    expect(shown.body).not.toContain('Chen');
    const answered = await page(link, { answer: 'correct' });
    expect(answered.statusCode).toBe(410);
    expect((await customer('chen')).verified_at).toBeNull();

    const forged = await page(`${link.slice(0, -3)}abc`);
    expect(forged.statusCode).toBe(404);
    expect((await page('/m/d?t=')).statusCode).toBe(404);
    // a bad answer names the field
    const bad = await page(links.anna!, { answer: 'maybe' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('answer');
  });

  it('asks a list at once: each customer as the single action would, the answer per customer', async () => {
    const outsider = await apiAs(world, 'managerB').post('/api/customers', {
      kind: 'person',
      lastName: 'Outside',
      emails: [{ address: 'outside.check@example.com' }],
      consents: [serviceEmail],
    });
    const api = apiAs(world, 'crmA');
    const asked = await api.post('/api/data-checks', {
      customerIds: [ids.anna, ids.boris, ids.dina, outsider.body.id, ids.anna],
    });
    expect(asked.status, asked.text).toBe(200);
    expect(asked.body.items).toEqual([
      { customerId: ids.anna, status: 'queued', reason: null, requestId: expect.any(String) },
      { customerId: ids.boris, status: 'refused', reason: 'no_consent', requestId: null },
      { customerId: ids.dina, status: 'refused', reason: 'no_email', requestId: null },
      { customerId: outsider.body.id, status: 'not_found', reason: null, requestId: null },
    ]);
    expect(await outboxOf('boris')).toEqual([]);
    const outside = await db()
      .selectFrom('outbox_messages')
      .select('id')
      .where('customer_id', '=', outsider.body.id)
      .execute();
    expect(outside).toEqual([]);
    expect(
      (await apiAs(world, 'analystGroup').post('/api/data-checks', { customerIds: [ids.anna] }))
        .status,
    ).toBe(403);
    const empty = await api.post('/api/data-checks', { customerIds: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].path).toBe('customerIds');
  });

  const lastLink = async (address: string) => {
    await deliverQueued(db(), transport);
    const mails = sink.received.filter((m) => m.to.includes(address));
    return textOf(mails.at(-1)!).match(/https?:\/\/\S+(\/m\/d\?t=\S+)/)![1]!;
  };

  it('a request a day later replaces the open one: the old link says so and answers nothing', async () => {
    const first = await ask('eva');
    expect(first.status, first.text).toBe(201);
    const oldLink = await lastLink('eva.check@example.com');
    // a day has passed without an answer
    await db()
      .updateTable('marketing_data_checks')
      .set({ requested_at: new Date(Date.now() - 25 * 3_600_000) })
      .where('id', '=', first.body.id)
      .execute();
    // dealer B still sees nothing of her and sends nothing
    expect((await ask('eva', 'managerB')).status).toBe(404);
    expect(await outboxOf('eva')).toHaveLength(1);
    const second = await ask('eva', 'managerA');
    expect(second.status, second.text).toBe(201);
    expect(await outboxOf('eva')).toHaveLength(2);
    const newLink = await lastLink('eva.check@example.com');
    expect(newLink).not.toBe(oldLink);

    const shown = await page(oldLink, undefined, '203.0.113.8');
    expect(shown.statusCode).toBe(410);
    expect(shown.body).toContain('Эта ссылка заменена новой');
    expect(shown.body).not.toContain('Eva');
    const answered = await page(oldLink, { answer: 'correct' }, '203.0.113.8');
    expect(answered.statusCode).toBe(410);
    expect((await customer('eva')).verified_at).toBeNull();
    const list = await apiAs(world, 'crmA').get(`/api/customers/${ids.eva}/data-checks`);
    expect(list.body.items).toMatchObject([
      { id: second.body.id, supersededBy: null, answer: null },
      { id: first.body.id, supersededBy: second.body.id, answer: null },
    ]);

    // the newer link still answers
    const confirmed = await page(newLink, { answer: 'correct' }, '203.0.113.8');
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((await customer('eva')).verification_method).toBe('email_link');
  });

  it('"Something is wrong" goes to the dealer’s CRM manager when the requester is no longer active', async () => {
    const asked = await ask('fay', 'managerA');
    expect(asked.status, asked.text).toBe(201);
    const link = await lastLink('fay.check@example.com');
    const manager = world.users.managerA.id;
    await db().updateTable('users').set({ active: false }).where('id', '=', manager).execute();
    try {
      const answered = await page(link, { answer: 'wrong', note: 'I moved' }, '203.0.113.9');
      expect(answered.statusCode, answered.body).toBe(200);
    } finally {
      await db().updateTable('users').set({ active: true }).where('id', '=', manager).execute();
    }
    const task = await db()
      .selectFrom('tasks')
      .select(['assignee_user_id', 'description', 'dealer_id'])
      .where('customer_id', '=', ids.fay!)
      .executeTakeFirstOrThrow();
    expect(task).toEqual({
      assignee_user_id: world.users.crmA.id,
      description: 'I moved',
      dealer_id: world.dealers.A.id,
    });
    const list = await apiAs(world, 'crmA').get(`/api/customers/${ids.fay}/data-checks`);
    expect(list.body.items[0]).toMatchObject({ answer: 'wrong', answerNote: 'I moved' });
  });

  it('asks a saved segment’s members with consent, in the asker’s scope only', async () => {
    const outsider = await apiAs(world, 'managerB').post('/api/customers', {
      kind: 'person',
      firstName: 'Gus',
      lastName: 'Check',
      emails: [{ address: 'gus.check@example.com' }],
      consents: [serviceEmail],
    });
    expect(outsider.status, outsider.text).toBe(201);
    const checks = { type: 'field', field: 'last_name', op: 'eq', values: ['Check'] };
    const segment = await apiAs(world, 'crmA').post('/api/segments', {
      name: 'Everybody Check',
      definition: checks,
    });
    expect(segment.status, segment.text).toBe(201);

    // dealer B may not use dealer A's segment: 404, and nobody is written to
    const outside = await apiAs(world, 'managerB').post('/api/data-checks', {
      segmentId: segment.body.id,
    });
    expect(outside.status).toBe(404);
    const gusOutbox = () =>
      db()
        .selectFrom('outbox_messages')
        .select('id')
        .where('customer_id', '=', outsider.body.id)
        .execute();
    expect(await gusOutbox()).toEqual([]);

    const asked = await apiAs(world, 'crmA').post('/api/data-checks', {
      segmentId: segment.body.id,
    });
    expect(asked.status, asked.text).toBe(200);
    const byCustomer = Object.fromEntries(
      asked.body.items.map((item: { customerId: string }) => [item.customerId, item]),
    );
    // Boris agreed to advertising only: left out; Gus is dealer B's
    expect(Object.keys(byCustomer).sort()).toEqual(
      [ids.anna, ids.chen, ids.dina, ids.eva, ids.fay].sort(),
    );
    expect(byCustomer[ids.anna!]).toMatchObject({ status: 'refused', reason: 'already_asked' });
    expect(byCustomer[ids.dina!]).toMatchObject({ status: 'refused', reason: 'no_email' });
    for (const key of ['chen', 'eva', 'fay']) {
      expect(byCustomer[ids[key]!], key).toMatchObject({ status: 'queued' });
    }
    expect(await gusOutbox()).toEqual([]);

    const both = await apiAs(world, 'crmA').post('/api/data-checks', {
      segmentId: segment.body.id,
      customerIds: [ids.anna],
    });
    expect(both.status).toBe(400);
    expect(both.body.error.fields[0].path).toBe('customerIds');
  });

  it('the "something is wrong" fallback prefers the customer’s latest dealer, else the asked one, else nobody', async () => {
    const assignee = (
      customerId: string,
      request: { userId: string | null; dealerId: string | null },
    ) => withActor(db(), systemActor('job'), (tx) => wrongAnswerAssignee(tx, customerId, request));
    const dealerA = world.dealers.A.id;
    const dealerB = world.dealers.B.id;
    // an active requester keeps it
    expect(
      await assignee(ids.boris!, { userId: world.users.consultantA1.id, dealerId: dealerA }),
    ).toEqual({ userId: world.users.consultantA1.id, locale: expect.any(String) });
    // no requester: the asked dealer's CRM manager while Boris knows dealer A only
    expect(await assignee(ids.boris!, { userId: null, dealerId: dealerA })).toMatchObject({
      userId: world.users.crmA.id,
    });
    // Boris was at dealer B since: its manager (B has no CRM manager) comes before A's
    await db()
      .insertInto('customer_dealers')
      .values({
        customer_id: ids.boris!,
        dealer_id: dealerB,
        last_at: new Date(Date.now() + 86_400_000),
      })
      .execute();
    try {
      expect(await assignee(ids.boris!, { userId: null, dealerId: dealerA })).toMatchObject({
        userId: world.users.managerB.id,
      });
    } finally {
      await db()
        .deleteFrom('customer_dealers')
        .where('customer_id', '=', ids.boris!)
        .where('dealer_id', '=', dealerB)
        .execute();
    }
    // no requester, no dealer known: nobody
    expect(
      await assignee('00000000-0000-4000-8000-000000000000', { userId: null, dealerId: null }),
    ).toBeNull();
  });
});
