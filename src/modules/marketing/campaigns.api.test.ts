import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';
import { hasConsent } from '../customers/index.ts';
import { deliverQueued, smtpTransport, type OutboxTransport } from '../messaging/index.ts';
import { bucketOf } from './ab-test.ts';
import { decodeAttr } from './unsubscribe.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../messaging/smtp-sink.testing.ts';

const granted = [{ channel: 'email', status: 'granted', method: 'signed_form' }];

const mjml = (greeting: string) => `<mjml><mj-body><mj-section><mj-column>
  <mj-text>${greeting}, {{customer.firstName}}!</mj-text>
  <mj-text>{{#if vehicle}}Your {{vehicle.make}} {{vehicle.model}} is due for winter tyres.{{/if}}</mj-text>
  <mj-button href="https://dealer-a.example/offer?x=1&amp;y=2">Book</mj-button>
  <mj-text>{{dealer.name}} · {{consultant.name}}</mj-text>
  <mj-text><a href="{{links.unsubscribe}}">unsubscribe</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/**
 * A dealer's CRM manager sends a winter-tyres e-mail to his customers: only people with
 * e-mail consent and no do-not-contact record get it, each in his language, once; opens and
 * clicks are tracked; the unsubscribe link works without a login.
 */
describe('a dealer runs an e-mail campaign', () => {
  let world: TestWorld;
  let sink: SmtpSink;
  let transport: OutboxTransport;
  const ids: Record<string, string> = {};
  let campaignId: string;

  async function customer(user: TestUserKey, key: string, body: Record<string, unknown>) {
    const created = await apiAs(world, user).post('/api/customers', {
      kind: 'person',
      firstName: key[0]!.toUpperCase() + key.slice(1),
      lastName: 'Campaign',
      emails: [{ address: `${key}@example.com` }],
      ...body,
    });
    expect(created.status, created.text).toBe(201);
    ids[key] = created.body.id;
    return created.body.id as string;
  }

  const outboxCount = async () =>
    Number(
      (
        await world.database.db
          .selectFrom('outbox_messages')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const mailTo = (address: string): ReceivedMail[] =>
    sink.received.filter((mail) => mail.to.includes(address));
  const htmlOf = (mail: ReceivedMail) =>
    mail.parts.find((p) => p.contentType.startsWith('text/html'))!.content;
  const textOf = (mail: ReceivedMail) =>
    mail.parts.find((p) => p.contentType.startsWith('text/plain'))!.content;
  const pathOf = (html: string, pattern: RegExp) => {
    const url = new URL(decodeAttr(pattern.exec(html)![1]!));
    return url.pathname + url.search;
  };

  beforeAll(async () => {
    world = await createTestWorld();
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url, 'Dealer A <crm@dealer-a.example>');
    await customer('managerA', 'anna', { consents: granted, preferredLanguage: 'ru' });
    await customer('managerA', 'fedor', {
      consents: granted,
      preferredLanguage: 'en',
      timezone: 'Asia/Shanghai',
    });
    await customer('managerA', 'boris', {});
    await customer('managerA', 'dina', { consents: granted });
    await customer('managerA', 'egor', { consents: granted });
    await customer('managerB', 'gleb', { consents: granted });
    await customer('managerA', 'ilya', { consents: granted });
    const system = systemActor('test');
    await withActor(world.database.db, system, async (tx) => {
      await tx
        .insertInto('vehicles')
        .values({ customer_id: ids.anna!, make_name: 'Xcar', model_name: 'Alpha' })
        .execute();
      // Ilya is dealer B's customer for brand X (the ownership rules): dealer A keeps off
      const brandX = await tx
        .selectFrom('brands')
        .select('id')
        .where('code', '=', 'X')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('lead_brand_owners')
        .values({ customer_id: ids.ilya!, brand_id: brandX.id, dealer_id: world.dealers.B.id })
        .execute();
      // Egor already got three marketing e-mails this week: the cap (3 per 7 days) is full
      await tx
        .insertInto('outbox_messages')
        .values(
          [1, 2, 3].map((n) => ({
            customer_id: ids.egor!,
            channel: 'email' as const,
            purpose: 'marketing' as const,
            recipient: 'egor@example.com',
            subject: `Earlier ${n}`,
            body: 'x',
            attachments: '[]',
            status: 'sent' as const,
            sent_at: new Date(),
          })),
        )
        .execute();
    });
    const dnc = await apiAs(world, 'crmA').post(`/api/customers/${ids.dina}/do-not-contact`, {
      channel: 'email',
      reason: 'manual',
      note: 'asked on the phone',
    });
    expect(dnc.status, dnc.text).toBe(201);
  });
  afterAll(async () => {
    transport.close?.();
    await sink.close();
    await world.close();
  });

  it('previews the e-mail with a real customer’s data in his language', async () => {
    const answer = await apiAs(world, 'crmA').post('/api/campaigns/preview', {
      customerId: ids.anna,
      content: { subject: 'Шины для {{customer.firstName}}', mjml: mjml('Здравствуйте') },
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.subject).toBe('Шины для Anna');
    expect(answer.body.html).toContain('Здравствуйте, Anna!');
    expect(answer.body.html).toContain('Your Xcar Alpha is due');
    expect(answer.body.html).toContain('Dealer A');
    expect(answer.body.text).toContain('Здравствуйте, Anna!');
    const broken = await apiAs(world, 'crmA').post('/api/campaigns/preview', {
      customerId: ids.anna,
      content: { subject: 'Hi {{#if}}', mjml: mjml('Hi') },
    });
    expect(broken.status).toBe(400);
    // dealer B's customer cannot be previewed by dealer A
    const foreign = await apiAs(world, 'crmA').post('/api/campaigns/preview', {
      customerId: ids.gleb,
      content: { subject: 'x', mjml: mjml('Hi') },
    });
    expect(foreign.status).toBe(404);
  });

  it('writes every message to the outbox once, and only consented people are queued', async () => {
    const api = apiAs(world, 'crmA');
    const segment = await api.post('/api/segments', {
      name: 'Everyone with e-mail',
      definition: { type: 'contact', channel: 'email' },
    });
    expect(segment.status, segment.text).toBe(201);
    const created = await api.post('/api/campaigns', {
      name: 'Winter tyres',
      goal: 'tyre changes in December',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId: segment.body.id,
      budgetMinor: 5_000_000,
      costMinor: 1_200_000,
      currency: 'RUB',
      defaultLanguage: 'ru',
      variants: [
        {
          key: 'A',
          contents: {
            ru: { subject: 'Зимние шины, {{customer.firstName}}', mjml: mjml('Здравствуйте') },
            en: { subject: 'Winter tyres, {{customer.firstName}}', mjml: mjml('Hello') },
          },
        },
      ],
    });
    expect(created.status, created.text).toBe(201);
    campaignId = created.body.id;
    expect((await apiAs(world, 'managerB').get(`/api/campaigns/${campaignId}`)).status).toBe(404);
    expect(
      (await apiAs(world, 'consultantA1').post(`/api/campaigns/${campaignId}/send`, {})).status,
    ).toBe(403);

    const before = await outboxCount();
    const sent = await api.post(`/api/campaigns/${campaignId}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    // Anna and Fedor queued; Boris (no consent), Dina (do not contact), Egor (cap) blocked;
    // Gleb is dealer B's, Ilya is owned by dealer B for brand X: not in the audience at all
    expect(sent.body).toMatchObject({ status: 'sent', phase: 'all', queued: 2, blocked: 3 });
    expect(await outboxCount()).toBe(before + 5);

    const report = await api.get(`/api/campaigns/${campaignId}`);
    expect(report.body.results.blockedReasons).toEqual({
      no_consent: 1,
      do_not_contact: 1,
      frequency_cap: 1,
    });

    // sending again changes nothing
    const again = await api.post(`/api/campaigns/${campaignId}/send`, {});
    expect(again.body).toMatchObject({ queued: 0, blocked: 0 });
    // even if the recipient records were lost, the outbox keys keep the messages single
    await world.database.db
      .deleteFrom('marketing_campaign_recipients')
      .where('campaign_id', '=', campaignId)
      .execute();
    const rerun = await api.post(`/api/campaigns/${campaignId}/send`, {});
    expect(rerun.body).toMatchObject({ queued: 0, blocked: 0, alreadyThere: 5 });
    expect(await outboxCount()).toBe(before + 5);
  });

  it('delivers through SMTP: personalised, in the person’s language, tracked, with an unsubscribe link', async () => {
    const report = await deliverQueued(world.database.db, transport);
    expect(report.sent).toBe(2);
    expect(mailTo('boris@example.com')).toHaveLength(0);
    expect(mailTo('dina@example.com')).toHaveLength(0);
    expect(mailTo('egor@example.com')).toHaveLength(0);
    expect(mailTo('gleb@example.com')).toHaveLength(0);
    expect(mailTo('ilya@example.com')).toHaveLength(0);
    const [anna] = mailTo('anna@example.com');
    expect(anna!.subject).toBe('Зимние шины, Anna');
    const html = htmlOf(anna!);
    expect(html).toContain('Здравствуйте, Anna!');
    expect(html).toContain('Your Xcar Alpha is due');
    expect(html).toMatch(/href="http:\/\/127\.0\.0\.1:3000\/m\/c\?t=[^"]+"/);
    expect(html).not.toContain('https://dealer-a.example/offer');
    expect(html).toMatch(/<img src="http:\/\/127\.0\.0\.1:3000\/m\/o\.gif\?t=[^"]+"/);
    expect(html).toMatch(/href="http:\/\/127\.0\.0\.1:3000\/m\/u\?t(=|&#x3D;)[^"]+"/);
    expect(textOf(anna!)).toContain('Здравствуйте, Anna!');
    const [fedor] = mailTo('fedor@example.com');
    expect(fedor!.subject).toBe('Winter tyres, Fedor');
    expect(htmlOf(fedor!)).toContain('Hello, Fedor!');
  });

  it('records opens and clicks from the signed links, and refuses forged ones', async () => {
    const html = htmlOf(mailTo('anna@example.com')[0]!);
    const pixel = pathOf(html, /<img src="([^"]+\/m\/o\.gif\?t=[^"]+)"/);
    const click = pathOf(html, /href="([^"]+\/m\/c\?t=[^"]+)"/);
    const opened = await world.app.inject({ method: 'GET', url: pixel });
    expect(opened.statusCode).toBe(200);
    expect(opened.headers['content-type']).toBe('image/gif');
    const clicked = await world.app.inject({ method: 'GET', url: click });
    expect(clicked.statusCode).toBe(302);
    expect(clicked.headers.location).toBe('https://dealer-a.example/offer?x=1&y=2');
    // a token with one character changed is refused and records nothing
    const at = click.length - 3;
    const forged = click.slice(0, at) + (click[at] === 'A' ? 'B' : 'A') + click.slice(at + 1);
    expect(forged).not.toBe(click);
    expect((await world.app.inject({ method: 'GET', url: forged })).statusCode).toBe(404);
    const report = await apiAs(world, 'crmA').get(`/api/campaigns/${campaignId}`);
    expect(report.body.results.variants[0]).toMatchObject({
      key: 'A',
      queued: 2,
      blocked: 3,
      sent: 2,
      opened: 1,
      clicked: 1,
      openRate: 0.5,
    });
    expect(report.body.results.costPerOpen).toBe(1_200_000);
  });

  it('unsubscribes without a login, as a consent withdrawal, and nothing reaches her after', async () => {
    const html = htmlOf(mailTo('anna@example.com')[0]!);
    const link = pathOf(html, /href="([^"]+\/m\/u\?t(?:=|&#x3D;)[^"]+)"/);
    const page = await world.app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Отписаться');
    // opening the page alone (a mail scanner) changes nothing
    expect(await hasConsent(world.database.db, ids.anna!, 'email')).toBe(true);
    const done = await world.app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Вы отписаны');
    expect(await hasConsent(world.database.db, ids.anna!, 'email')).toBe(false);
    const history = await apiAs(world, 'crmA').get(`/api/customers/${ids.anna}/do-not-contact`);
    expect(history.body.items[0]).toMatchObject({ reason: 'unsubscribed', channel: 'email' });
    const report = await apiAs(world, 'crmA').get(`/api/campaigns/${campaignId}`);
    expect(report.body.results.variants[0].unsubscribed).toBe(1);

    // the next campaign does not reach her
    const api = apiAs(world, 'crmA');
    const next = await api.post('/api/campaigns', {
      name: 'Spring service',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId: report.body.segmentId,
      currency: 'RUB',
      variants: [{ key: 'A', contents: { ru: { subject: 'Весна', mjml: mjml('Привет') } } }],
    });
    expect(next.status, next.text).toBe(201);
    await api.post(`/api/campaigns/${next.body.id}/send`, {});
    await deliverQueued(world.database.db, transport);
    expect(mailTo('anna@example.com').map((m) => m.subject)).toEqual(['Зимние шины, Anna']);
    // a bad token is a polite page, not an error
    const bad = await world.app.inject({ method: 'POST', url: '/m/u?t=not-a-real-token-at-all' });
    expect(bad.statusCode).toBe(404);
  });

  it('refuses a campaign for another dealer and names the wrong fields', async () => {
    const api = apiAs(world, 'crmA');
    const foreign = await api.post('/api/campaigns', {
      name: 'Poaching',
      ownerLevel: 'dealer',
      dealerId: world.dealers.B.id,
      listId: '00000000-0000-4000-8000-000000000000',
      currency: 'RUB',
      variants: [{ key: 'A', contents: { ru: { subject: 'x', mjml: mjml('x') } } }],
    });
    expect(foreign.status).toBe(403);
    const bad = await api.post('/api/campaigns', {
      name: 'Broken',
      ownerLevel: 'dealer',
      currency: 'RUB',
      defaultLanguage: 'en',
      variants: [
        { key: 'A', contents: { ru: { subject: 'x', mjml: mjml('x') } } },
        { key: 'A', contents: { en: { subject: 'x', mjml: mjml('x') } } },
      ],
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['segmentId', 'dealerId', 'variants.1.key', 'variants.0.contents.en']),
    );
  });
});

describe('an A/B test of two subject lines', () => {
  let world: TestWorld;
  let sink: SmtpSink;
  let transport: OutboxTransport;
  const people = 40;

  beforeAll(async () => {
    world = await createTestWorld();
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url, 'Group <crm@group.example>');
    // 40 people: with 24, about 1 campaign id in 500 put the whole test share on one variant
    // (the split is a hash of campaign and person), and the test below failed by chance
    for (let i = 0; i < people; i++) {
      const created = await apiAs(world, 'managerA').post('/api/customers', {
        kind: 'person',
        firstName: `Person${i}`,
        lastName: 'Test',
        emails: [{ address: `p${i}@example.com` }],
        consents: granted,
      });
      expect(created.status).toBe(201);
    }
  });
  afterAll(async () => {
    transport.close?.();
    await sink.close();
    await world.close();
  });

  it('sends the variants to the test share, then the winner by open rate to everyone else', async () => {
    const api = apiAs(world, 'crmGroup');
    const segment = await api.post('/api/segments', {
      name: 'Consented',
      definition: { type: 'consent', channel: 'email' },
    });
    const created = await api.post('/api/campaigns', {
      name: 'Come back',
      ownerLevel: 'group',
      segmentId: segment.body.id,
      currency: 'RUB',
      abTestShare: 50,
      abMetric: 'open_rate',
      abWaitHours: 2,
      variants: [
        {
          key: 'A',
          contents: { ru: { subject: 'Special prices on brake pads', mjml: mjml('Hi') } },
        },
        { key: 'B', contents: { ru: { subject: 'Your bonus: 500 roubles!', mjml: mjml('Hi') } } },
      ],
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id;
    const test = await api.post(`/api/campaigns/${id}/send`, {});
    expect(test.body).toMatchObject({ status: 'testing', phase: 'test' });
    const inTest = test.body.queued as number;
    // the test share is each person's stable bucket below 50 %: exactly those, and some of them
    const recipients = await world.database.db
      .selectFrom('marketing_campaign_recipients')
      .select('customer_id')
      .where('campaign_id', '=', id)
      .execute();
    expect(recipients.length).toBe(inTest);
    expect(inTest).toBeGreaterThan(0);
    expect(recipients.every((r) => bucketOf(id, r.customer_id) < 5000)).toBe(true);
    await deliverQueued(world.database.db, transport);
    expect(sink.received).toHaveLength(inTest);
    const bySubject = (subject: string) => sink.received.filter((m) => m.subject === subject);
    expect(bySubject('Special prices on brake pads').length).toBeGreaterThan(0);
    expect(bySubject('Your bonus: 500 roubles!').length).toBeGreaterThan(0);

    // every B reader opens the mail, one A reader does
    const opens = [
      ...bySubject('Your bonus: 500 roubles!'),
      bySubject('Special prices on brake pads')[0]!,
    ];
    for (const mail of opens) {
      const html = mail.parts.find((p) => p.contentType.startsWith('text/html'))!.content;
      const url = new URL(/<img src="([^"]+)"/.exec(html)![1]!);
      expect(
        (await world.app.inject({ method: 'GET', url: url.pathname + url.search })).statusCode,
      ).toBe(200);
    }

    // the scheduler leaves it alone before the wait is over
    const { runDueCampaigns } = await import('./campaigns.service.ts');
    expect(await runDueCampaigns(world.database.db)).toBe(0);
    // ... and finishes it when the wait is over
    await world.database.db
      .updateTable('marketing_campaigns')
      .set({ test_sent_at: new Date(Date.now() - 3 * 3_600_000) })
      .where('id', '=', id)
      .execute();
    expect(await runDueCampaigns(world.database.db)).toBe(1);
    const report = await api.get(`/api/campaigns/${id}`);
    expect(report.body).toMatchObject({ status: 'sent', winnerVariant: 'B' });
    expect(report.body.winnerNote).toMatch(/^B wins on open rate/);

    await deliverQueued(world.database.db, transport, { batchSize: 100 });
    expect(sink.received).toHaveLength(people);
    // the other half got the winner; nobody got two e-mails
    expect(bySubject('Your bonus: 500 roubles!').length).toBe(
      people - bySubject('Special prices on brake pads').length,
    );
    const addresses = sink.received.map((m) => m.to[0]);
    expect(new Set(addresses).size).toBe(people);
    expect(
      report.body.results.variants.map((v: { key: string; recipients: number }) => v.key),
    ).toEqual(['A', 'B']);
  });
});
