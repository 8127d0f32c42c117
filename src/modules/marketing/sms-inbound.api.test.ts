import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { deliverQueued, type OutgoingMessage } from '../messaging/index.ts';
import { readLocalInbound } from './sms-local-inbound.ts';

const secret = 'sms-inbound-secret-for-tests';

/**
 * Dealer A texts its customers. The SMS gateway posts what comes back to /api/sms/inbound with
 * the shared secret: Sam's question is filed under the campaign and variant of the last SMS he
 * got, and Sam's later STOP withdraws his SMS consent, so the next SMS campaign leaves him out
 * while Tom, who said nothing, still gets it.
 */
describe('SMS answers from the gateway', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  let segmentId: string;
  let firstCampaign: string;
  let lastCampaign: string;
  const delivered: OutgoingMessage[] = [];
  const sms = {
    sms: async (message: OutgoingMessage) => {
      delivered.push(message);
      return { providerMessageId: `gw-${delivered.length}` };
    },
  };

  const inbound = (
    body: unknown,
    headers: Record<string, string> = { 'x-webhook-secret': secret },
  ) =>
    world.app.inject({ method: 'POST', url: '/api/sms/inbound', headers, payload: body as object });

  async function customer(key: string, phone: string) {
    const created = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: key[0]!.toUpperCase() + key.slice(1),
      lastName: 'Texter',
      phones: [{ number: phone }],
      consents: [{ channel: 'sms', status: 'granted', method: 'signed_form' }],
      timezone: 'UTC',
    });
    expect(created.status, created.text).toBe(201);
    ids[key] = created.body.id;
  }

  async function sendSms(name: string): Promise<string> {
    const created = await apiAs(world, 'crmA').post('/api/campaigns', {
      name,
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId,
      currency: 'RUB',
      defaultLanguage: 'en',
      channel: 'sms',
      variants: [{ key: 'A', contents: { en: { text: `${name} for {{customer.firstName}}` } } }],
    });
    expect(created.status, created.text).toBe(201);
    const sent = await apiAs(world, 'crmA').post(`/api/campaigns/${created.body.id}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    await deliverQueued(world.database.db, sms);
    return created.body.id;
  }

  beforeAll(async () => {
    process.env.SMS_INBOUND_SECRET = secret;
    world = await createTestWorld();
    await customer('sam', '+7 916 700 11 22');
    await customer('tom', '+7 916 700 33 44');
    const segment = await apiAs(world, 'crmA').post('/api/segments', {
      name: 'Texters',
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Texter'] },
    });
    expect(segment.status, segment.text).toBe(201);
    segmentId = segment.body.id;
    // quiet hours away from the present hour (the people's zone is UTC), so the SMS leave now
    const hour = new Date().getUTCHours();
    const rule = await apiAs(world, 'crmGroup').put('/api/marketing/contact-rules', {
      channel: 'sms',
      maxMessages: 10,
      periodDays: 7,
      quietStart: (hour + 2) % 24,
      quietEnd: (hour + 3) % 24,
    });
    expect(rule.status, rule.text).toBe(200);
  });
  afterAll(async () => {
    delete process.env.SMS_INBOUND_SECRET;
    await world.close();
  });

  it('refuses the hook without the secret (401) and names a bad field (400)', async () => {
    const body = { from: '+79167001122', text: 'hi' };
    expect((await inbound(body, {})).statusCode).toBe(401);
    expect((await inbound(body, { 'x-webhook-secret': 'wrong' })).statusCode).toBe(401);
    const badPhone = await inbound({ from: 'not a phone', text: 'hi' });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.fields).toContainEqual(
      expect.objectContaining({ path: 'from', code: 'invalid_phone' }),
    );
    const noText = await inbound({ from: '+79167001122' });
    expect(noText.statusCode).toBe(400);
    expect(noText.body).toContain('text');
    const future = await inbound({
      from: '+79167001122',
      text: 'hi',
      receivedAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields).toContainEqual(
      expect.objectContaining({ path: 'receivedAt', code: 'in_future' }),
    );
  });

  it('files an answer under the last SMS sent to the number: campaign, variant, person', async () => {
    const campaignId = await sendSms('Tyres');
    firstCampaign = campaignId;
    expect(delivered.map((m) => m.recipient).sort()).toEqual(['+79167001122', '+79167003344']);
    // the gateway writes the number nationally; it is read into E.164
    const answer = await inbound({
      from: '8 916 700-11-22',
      text: 'Сколько стоит?',
      id: 'gw-in-1',
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({ matched: true, kind: 'reply', duplicate: false });
    const again = await inbound({ from: '+79167001122', text: 'Сколько стоит?', id: 'gw-in-1' });
    expect(again.json()).toMatchObject({ matched: true, duplicate: true });
    const replies = await apiAs(world, 'crmA').get(`/api/campaigns/${campaignId}/replies`);
    expect(replies.body.items).toEqual([
      expect.objectContaining({
        customerId: ids.sam,
        channel: 'sms',
        kind: 'reply',
        variant: 'A',
        excerpt: 'Сколько стоит?',
      }),
    ]);
    expect(replies.body.variants).toEqual([
      { variant: 'A', recipients: 2, replied: 1, replyRate: 0.5, autoReplies: 0, stops: 0 },
    ]);
    // a number no SMS went to: nothing says whose answer it is, nothing is kept
    const stranger = await inbound({ from: '+79160000000', text: 'Who is this?' });
    expect(stranger.json()).toMatchObject({ matched: false, kind: 'reply', withdrawn: 0 });
  });

  it('takes STOP as a withdrawal of SMS consent: the next campaign leaves him out', async () => {
    const stop = await inbound({ from: '+79167001122', text: 'СТОП' });
    expect(stop.json()).toMatchObject({ matched: true, kind: 'stop' });
    const consent = await world.database.db
      .selectFrom('consents')
      .select(['status', 'method'])
      .where('customer_id', '=', ids.sam!)
      .where('channel', '=', 'sms')
      .orderBy('recorded_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(consent).toEqual({ status: 'withdrawn', method: 'sms_reply' });
    // the campaign he answered counts the STOP apart, not as a reply
    const tyres = await apiAs(world, 'crmA').get(`/api/campaigns/${firstCampaign}/replies`);
    expect(tyres.body.variants).toEqual([
      { variant: 'A', recipients: 2, replied: 1, replyRate: 0.5, autoReplies: 0, stops: 1 },
    ]);
    expect(tyres.body.items.map((item: { kind: string }) => item.kind).sort()).toEqual([
      'reply',
      'stop',
    ]);

    delivered.length = 0;
    const next = await sendSms('Winter check');
    expect(delivered.map((m) => m.recipient)).toEqual(['+79167003344']);
    const sam = await world.database.db
      .selectFrom('marketing_campaign_recipients')
      .select(['status', 'blocked_reason'])
      .where('campaign_id', '=', next)
      .where('customer_id', '=', ids.sam!)
      .executeTakeFirstOrThrow();
    expect(sam.status).toBe('blocked');
    lastCampaign = next;
  });

  it('takes answers dropped into the local driver’s inbound folder, and sets bad files aside', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'autocrm-sms-in-'));
    try {
      await mkdir(path.join(folder, 'inbound'));
      await writeFile(
        path.join(folder, 'inbound', '01.json'),
        JSON.stringify({ from: '+79167003344', text: 'Запишите меня на четверг' }),
      );
      await writeFile(path.join(folder, 'inbound', '02.json'), '{"from": "nobody", "text": "x"}');
      await writeFile(path.join(folder, 'inbound', '03.json'), 'not json');
      expect(await readLocalInbound(world.database.db, folder, 'RU')).toEqual({
        taken: 1,
        rejected: 2,
      });
      expect(await readdir(path.join(folder, 'inbound', 'done'))).toEqual(['01.json']);
      expect((await readdir(path.join(folder, 'inbound', 'rejected'))).sort()).toEqual([
        '02.json',
        '03.json',
      ]);
      const replies = await apiAs(world, 'crmA').get(`/api/campaigns/${lastCampaign}/replies`);
      expect(replies.body.items).toEqual([
        expect.objectContaining({ customerId: ids.tom, excerpt: 'Запишите меня на четверг' }),
      ]);
      // a second pass finds nothing new
      expect(await readLocalInbound(world.database.db, folder, 'RU')).toEqual({
        taken: 0,
        rejected: 0,
      });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
  it('takes a STOP from a number no recent SMS went to as a withdrawal for everyone with it', async () => {
    await customer('una', '+7 916 700 55 66');
    const stop = await inbound({ from: '+79167005566', text: 'STOP' });
    expect(stop.statusCode, stop.body).toBe(200);
    expect(stop.json()).toMatchObject({ matched: false, kind: 'stop', withdrawn: 1 });
    const consent = await world.database.db
      .selectFrom('consents')
      .select(['status', 'method'])
      .where('customer_id', '=', ids.una!)
      .where('channel', '=', 'sms')
      .orderBy('recorded_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(consent).toEqual({ status: 'withdrawn', method: 'sms_reply' });
  });
});
