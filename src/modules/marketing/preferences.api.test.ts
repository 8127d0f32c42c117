import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { hasConsent } from '../customers/index.ts';
import { deliverQueued, smtpTransport, type OutboxTransport } from '../messaging/index.ts';
import { startSmtpSink, type SmtpSink } from '../messaging/smtp-sink.testing.ts';
import { linkSigner, linkSignerFor } from './links.ts';
import { decodeAttr } from './unsubscribe.ts';

const mjml = `<mjml><mj-body><mj-section><mj-column>
  <mj-text>Здравствуйте, {{customer.firstName}}!</mj-text>
  <mj-button href="https://dealer-a.example/offer">Offer</mj-button>
  <mj-text><a href="{{links.preferences}}">настройки</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;

const form = { 'content-type': 'application/x-www-form-urlencoded' };

/**
 * Anna opens her preferences from a campaign e-mail, without a login: she keeps SMS, stops
 * e-mail, takes letters by post and reads in English from now on; later she takes e-mail back.
 */
describe('a customer sets her own preferences from her personal link', () => {
  let world: TestWorld;
  let sink: SmtpSink;
  let transport: OutboxTransport;
  let annaId: string;
  let link: string;

  const suppressions = () =>
    world.database.db
      .selectFrom('marketing_suppressions')
      .select(['channel', 'reason', 'lifted_at'])
      .where('customer_id', '=', annaId)
      .orderBy('created_at')
      .execute();
  const consentRows = () =>
    world.database.db
      .selectFrom('consents')
      .select(['channel', 'status', 'method'])
      .where('customer_id', '=', annaId)
      .where('method', '=', 'web_form')
      .orderBy('recorded_at')
      .execute();

  beforeAll(async () => {
    world = await createTestWorld();
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url, 'Dealer A <crm@dealer-a.example>');
    const created = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: 'Anna',
      lastName: 'Preferences',
      preferredLanguage: 'ru',
      emails: [{ address: 'anna.prefs@example.com' }],
      phones: [{ number: '+7 916 555 10 22' }],
      consents: [
        { channel: 'email', status: 'granted', method: 'signed_form' },
        { channel: 'sms', status: 'granted', method: 'signed_form' },
      ],
    });
    expect(created.status, created.text).toBe(201);
    annaId = created.body.id;

    const api = apiAs(world, 'crmA');
    const segment = await api.post('/api/segments', {
      name: 'Anna',
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Preferences'] },
    });
    const campaign = await api.post('/api/campaigns', {
      name: 'Spring',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'ru',
      variants: [{ key: 'A', contents: { ru: { subject: 'Весна', mjml } } }],
    });
    expect(campaign.status, campaign.text).toBe(201);
    expect((await api.post(`/api/campaigns/${campaign.body.id}/send`, {})).body).toMatchObject({
      queued: 1,
    });
    await deliverQueued(world.database.db, transport);
    const html = sink.received
      .find((mail) => mail.to.includes('anna.prefs@example.com'))!
      .parts.find((part) => part.contentType.startsWith('text/html'))!.content;
    // the preferences link goes straight to her page: it is no click of the campaign
    const href = /href="([^"]+\/m\/p\?t(?:=|&#x3D;)[^"]+)"/.exec(html)![1]!;
    const url = new URL(decodeAttr(href));
    link = url.pathname + url.search;
    expect(html).toMatch(/\/m\/c\?t/); // the offer button is tracked as before
  });
  afterAll(async () => {
    transport.close?.();
    await sink.close();
    await world.close();
  });

  it('shows her channels in her language, and a GET changes nothing', async () => {
    const page = await world.app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Ваши настройки');
    expect(page.body).toMatch(/name="email" value="on" checked/);
    expect(page.body).toMatch(/name="sms" value="on" checked/);
    expect(page.body).not.toMatch(/name="post" value="on" checked/);
    expect(page.body).toMatch(/<option value="ru" selected>/);
    expect(await consentRows()).toEqual([]);
  });

  it('records her choice: e-mail withdrawn and do-not-contact, post granted, SMS untouched, English', async () => {
    const saved = await world.app.inject({
      method: 'POST',
      url: link,
      headers: form,
      payload: 'sms=on&post=on&language=en&form=preferences',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('Saved. Thank you.');
    expect(saved.body).toMatch(/name="post" value="on" checked/);
    expect(saved.body).not.toMatch(/name="email" value="on" checked/);
    expect(await hasConsent(world.database.db, annaId, 'email')).toBe(false);
    expect(await hasConsent(world.database.db, annaId, 'sms')).toBe(true);
    expect(await hasConsent(world.database.db, annaId, 'post')).toBe(true);
    expect(await hasConsent(world.database.db, annaId, 'phone')).toBe(false);
    // only the changes are recorded, as her own act through the web form
    expect(await consentRows()).toEqual([
      { channel: 'email', status: 'withdrawn', method: 'web_form' },
      { channel: 'post', status: 'granted', method: 'web_form' },
    ]);
    expect(await suppressions()).toEqual([
      { channel: 'email', reason: 'unsubscribed', lifted_at: null },
    ]);
    const profile = await world.database.db
      .selectFrom('customers')
      .select('preferred_language')
      .where('id', '=', annaId)
      .executeTakeFirstOrThrow();
    expect(profile.preferred_language).toBe('en');

    // the same form again adds nothing
    await world.app.inject({
      method: 'POST',
      url: link,
      headers: form,
      payload: 'sms=on&post=on&language=en',
    });
    expect(await consentRows()).toHaveLength(2);
    expect(await suppressions()).toHaveLength(1);
  });

  it('takes e-mail back: consent granted again and her own unsubscribe lifted, a bounce kept', async () => {
    await withActor(world.database.db, systemActor('test'), (tx) =>
      tx
        .insertInto('marketing_suppressions')
        .values({ customer_id: annaId, channel: 'sms', reason: 'bounced', note: 'test' })
        .execute(),
    );
    const saved = await world.app.inject({
      method: 'POST',
      url: link,
      headers: form,
      payload: 'email=on&sms=on&post=on&language=en',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toMatch(/data-held="sms"/);
    expect(saved.body).not.toMatch(/data-held="email"/);
    expect(await hasConsent(world.database.db, annaId, 'email')).toBe(true);
    const rows = await suppressions();
    expect(rows.find((row) => row.channel === 'email')!.lifted_at).not.toBeNull();
    expect(rows.find((row) => row.channel === 'sms')).toMatchObject({
      reason: 'bounced',
      lifted_at: null,
    });
  });

  it('is reached from the unsubscribe page, in her language', async () => {
    const signer = await linkSignerFor(world.database.db);
    const unsubscribe = signer.sign({
      k: 'unsubscribe',
      c: null,
      p: annaId,
      ch: 'email',
      e: Math.floor(Date.now() / 1000) + 600,
    });
    const page = await world.app.inject({ method: 'GET', url: `/m/u?t=${unsubscribe}` });
    expect(page.body).toContain('Or choose which messages you receive');
    const href = /href="([^"]+)" data-link="preferences"/.exec(page.body)![1]!;
    const url = new URL(decodeAttr(href));
    const preferences = await world.app.inject({ method: 'GET', url: url.pathname + url.search });
    expect(preferences.statusCode).toBe(200);
    expect(preferences.body).toContain('Your preferences');
  });

  it('refuses a forged, an expired or another kind of link, and changes nothing', async () => {
    const before = await consentRows();
    const forged = linkSigner('not-the-key').sign({
      k: 'preferences',
      p: annaId,
      e: Math.floor(Date.now() / 1000) + 600,
    });
    const signer = await linkSignerFor(world.database.db);
    const expired = signer.sign({
      k: 'preferences',
      p: annaId,
      e: Math.floor(Date.now() / 1000) - 1,
    });
    const event = signer.sign({
      k: 'event',
      c: annaId,
      p: annaId,
      e: Math.floor(Date.now() / 1000) + 600,
    });
    for (const token of [forged, expired, event, 'nonsense']) {
      const answer = await world.app.inject({
        method: 'POST',
        url: `/m/p?t=${token}`,
        headers: form,
        payload: 'language=zh',
      });
      expect(answer.statusCode).toBe(404);
      expect(answer.body).toContain('Ссылка недействительна');
    }
    expect(await consentRows()).toEqual(before);
    const bad = await world.app.inject({
      method: 'POST',
      url: link,
      headers: form,
      payload: 'email=yes&language=xx',
    });
    expect(bad.statusCode).toBe(400);
    expect(await consentRows()).toEqual(before);
  });
});
