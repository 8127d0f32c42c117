import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { deliverQueued, type OutgoingMessage } from '../messaging/index.ts';
import { smsLength } from './sms-length.ts';

const letter = `<mjml><mj-body><mj-section><mj-column>
  <mj-text>Dear {{customer.firstName}}, your {{vehicle.make}} is welcome at {{dealer.name}}.</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/**
 * Dealer A's CRM manager reaches his customers beyond e-mail: an SMS (only to people with SMS
 * consent, held back in their quiet hours), a call list for the call centre (one task with the
 * script per person with phone consent) and a letter (a print run of the people with postal
 * consent: addresses as CSV and one letter per person). Dealer B sees none of it.
 */
describe('a dealer runs SMS, call and direct-mail campaigns', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  let everyone: string;

  async function customer(key: string, body: Record<string, unknown>) {
    const created = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: key[0]!.toUpperCase() + key.slice(1),
      lastName: 'Channel',
      ...body,
    });
    expect(created.status, created.text).toBe(201);
    ids[key] = created.body.id;
  }
  /** PUT as a user (the test world's client has no put) */
  async function put(user: 'crmA' | 'crmGroup', url: string, body: unknown) {
    const response = await world.app.inject({
      method: 'PUT',
      url,
      headers: { authorization: `Bearer ${world.users[user].token}` },
      payload: body as object,
    });
    return { status: response.statusCode, text: response.body };
  }
  const consent = (channel: string) => ({ channel, status: 'granted', method: 'signed_form' });

  async function campaign(body: Record<string, unknown>): Promise<string> {
    const created = await apiAs(world, 'crmA').post('/api/campaigns', {
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId: everyone,
      currency: 'RUB',
      defaultLanguage: 'en',
      ...body,
    });
    expect(created.status, created.text).toBe(201);
    return created.body.id;
  }

  async function recipients(campaignId: string) {
    return world.database.db
      .selectFrom('marketing_campaign_recipients')
      .select(['customer_id', 'status', 'blocked_reason', 'task_id', 'message_id'])
      .where('campaign_id', '=', campaignId)
      .execute();
  }
  const keyOf = (id: string) => Object.entries(ids).find(([, value]) => value === id)![0];

  beforeAll(async () => {
    world = await createTestWorld();
    const address = { country: 'RU', city: 'Kazan', postcode: '420000', street: 'Baumana 1' };
    await customer('anna', {
      phones: [{ number: '+7 916 111 22 33' }],
      consents: [consent('sms'), consent('phone'), consent('post')],
      addresses: [address],
      timezone: 'UTC',
    });
    await customer('boris', {
      phones: [{ number: '+7 916 222 33 44' }],
      addresses: [{ ...address, street: '=HYPERLINK("x")' }],
      timezone: 'UTC',
    });
    await customer('vera', {
      phones: [{ number: '+7 916 333 44 55' }],
      consents: [consent('sms'), consent('phone'), consent('post')],
      addresses: [address],
      timezone: 'UTC',
    });
    await customer('dina', { consents: [consent('sms'), consent('post')], timezone: 'UTC' });
    const segment = await apiAs(world, 'crmA').post('/api/segments', {
      name: 'Everyone',
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Channel'] },
    });
    expect(segment.status, segment.text).toBe(201);
    everyone = segment.body.id;
    // Vera asked on the phone not to be called or written to any more
    const dnc = await apiAs(world, 'crmA').post(`/api/customers/${ids.vera}/do-not-contact`, {
      channel: null,
      reason: 'manual',
    });
    expect(dnc.status, dnc.text).toBe(201);
  });
  afterAll(async () => world.close());

  it('counts SMS length and parts for the alphabet the text needs', () => {
    expect(smsLength('Hello {world}')).toEqual({ encoding: 'gsm7', length: 15, segments: 1 });
    expect(smsLength('a'.repeat(161)).segments).toBe(2);
    expect(smsLength('Привет')).toEqual({ encoding: 'ucs2', length: 6, segments: 1 });
    expect(smsLength('Ж'.repeat(71)).segments).toBe(2);
    expect(smsLength('')).toEqual({ encoding: 'gsm7', length: 0, segments: 0 });
  });

  it('sends an SMS to consented people only, after their quiet hours', async () => {
    const preview = await apiAs(world, 'crmA').post('/api/campaigns/preview', {
      customerId: ids.anna,
      channel: 'sms',
      content: { text: 'Привет, {{customer.firstName}}! Шиномонтаж в {{dealer.name}}.' },
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.text).toBe('Привет, Anna! Шиномонтаж в Dealer A.');
    expect(preview.body.sms).toMatchObject({ encoding: 'ucs2', segments: 1 });

    const missingText = await apiAs(world, 'crmA').post('/api/campaigns', {
      name: 'No text',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId: everyone,
      currency: 'RUB',
      defaultLanguage: 'en',
      channel: 'sms',
      variants: [{ key: 'A', contents: { en: { subject: 'x' } } }],
    });
    expect(missingText.status).toBe(400);
    expect(JSON.stringify(missingText.body)).toContain('variants.0.contents.en.text');

    // quiet hours cover the present hour (UTC, the people's zone): nothing may go out now
    const hour = new Date().getUTCHours();
    const rule = await put('crmGroup', '/api/marketing/contact-rules', {
      channel: 'sms',
      maxMessages: 5,
      periodDays: 7,
      quietStart: hour,
      quietEnd: (hour + 2) % 24,
    });
    expect(rule.status, rule.text).toBe(200);
    const id = await campaign({
      name: 'Tyres by SMS',
      channel: 'sms',
      variants: [{ key: 'A', contents: { en: { text: 'Hi {{customer.firstName}}, tyres!' } } }],
    });
    const sent = await apiAs(world, 'crmA').post(`/api/campaigns/${id}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    const rows = await recipients(id);
    const status = Object.fromEntries(
      rows.map((row) => [keyOf(row.customer_id), row.blocked_reason ?? row.status]),
    );
    expect(status).toEqual({
      anna: 'queued',
      boris: 'no_consent',
      vera: 'do_not_contact',
      dina: 'no_recipient',
    });
    const delivered: OutgoingMessage[] = [];
    const transport = {
      sms: async (message: OutgoingMessage) => {
        delivered.push(message);
        return { providerMessageId: `gw-${delivered.length}` };
      },
    };
    expect((await deliverQueued(world.database.db, transport)).sent).toBe(0);
    // the quiet hours end: the message goes, once
    await world.database.db
      .updateTable('outbox_messages')
      .set({ next_attempt_at: new Date(Date.now() - 1000) })
      .where('source_id', '=', id)
      .execute();
    expect((await deliverQueued(world.database.db, transport)).sent).toBe(1);
    expect((await deliverQueued(world.database.db, transport)).sent).toBe(0);
    expect(delivered.map((m) => [m.recipient, m.body])).toEqual([
      ['+79161112233', 'Hi Anna, tyres!'],
    ]);
  });

  it('gives the call centre one task with the script per person who may be called', async () => {
    const id = await campaign({
      name: 'Service clinic calls',
      channel: 'call',
      callAssigneeUserId: world.users.callCenterA.id,
      callDueDays: 2,
      variants: [
        {
          key: 'A',
          contents: {
            en: {
              subject: 'Invite {{customer.firstName}} to the clinic',
              text: 'Good day, {{customer.firstName}}! {{dealer.name}} invites you.',
            },
          },
        },
      ],
    });
    const foreignAssignee = await put('crmA', `/api/campaigns/${id}`, {
      name: 'Service clinic calls',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId: everyone,
      currency: 'RUB',
      channel: 'call',
      callAssigneeUserId: world.users.consultantB1.id,
      variants: [{ key: 'A', contents: { ru: { subject: 'x', text: 'y' } } }],
    });
    expect(foreignAssignee.status).toBe(400);
    const sent = await apiAs(world, 'crmA').post(`/api/campaigns/${id}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body).toMatchObject({ queued: 1, blocked: 3 });
    const again = await apiAs(world, 'crmA').post(`/api/campaigns/${id}/send`, {});
    expect(again.body).toMatchObject({ queued: 0 });
    const rows = await recipients(id);
    const anna = rows.find((row) => row.customer_id === ids.anna)!;
    expect(anna.task_id).not.toBeNull();
    const tasks = await apiAs(world, 'callCenterA').get('/api/tasks?status=open');
    expect(tasks.status, tasks.text).toBe(200);
    const mine = (tasks.body.items as { title: string; description: string }[]).filter((t) =>
      t.title.startsWith('Invite'),
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      title: 'Invite Anna to the clinic',
      description: 'Good day, Anna! Dealer A invites you.',
    });
  });

  it('exports a print run of addresses and letters for postal consent only', async () => {
    const id = await campaign({
      name: 'Anniversary letter',
      channel: 'mail',
      variants: [{ key: 'A', contents: { en: { mjml: letter } } }],
    });
    const early = await apiAs(world, 'crmA').get(`/api/campaigns/${id}/direct-mail.csv`);
    expect(early.status).toBe(409);
    const sent = await apiAs(world, 'crmA').post(`/api/campaigns/${id}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    const csv = await apiAs(world, 'crmA').get(`/api/campaigns/${id}/direct-mail.csv`);
    expect(csv.status).toBe(200);
    const lines = csv.text.trim().split('\r\n');
    // Anna only: Boris has no postal consent, Vera is do-not-contact, Dina has no address
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(ids.anna);
    expect(lines[1]).toContain('Baumana 1,,,420000,Kazan');
    const letters = await apiAs(world, 'crmA').get(`/api/campaigns/${id}/direct-mail/letters`);
    expect(letters.status).toBe(200);
    expect(letters.text.match(/class="letter"/g)).toHaveLength(1);
    expect(letters.text).toContain('Dear Anna, your  is welcome at Dealer A.');
    expect(letters.text).toContain('420000 Kazan');
    // a withdrawal after the send takes the person out of the print run
    const withdrawn = await apiAs(world, 'managerA').post(`/api/customers/${ids.anna}/consents`, {
      channel: 'post',
      status: 'withdrawn',
      method: 'verbal',
    });
    expect(withdrawn.status, withdrawn.text).toBeLessThan(300);
    const after = await apiAs(world, 'crmA').get(`/api/campaigns/${id}/direct-mail.csv`);
    expect(after.text.trim().split('\r\n')).toHaveLength(1);
    // dealer B cannot see the campaign at all
    const foreign = await apiAs(world, 'managerB').get(`/api/campaigns/${id}/direct-mail.csv`);
    expect(foreign.status).toBe(404);
  });
});
