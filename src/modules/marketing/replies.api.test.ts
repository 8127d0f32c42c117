import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import {
  configureReplyAddresses,
  deliverQueued,
  readReplyAddress,
  replyAddress,
  smtpTransport,
  type EmailTransport,
  type ReplyAddressConfig,
} from '../messaging/index.ts';
import { startSmtpSink, type SmtpSink } from '../messaging/smtp-sink.testing.ts';
import { startInboundSmtp, type InboundSmtp } from './inbound-smtp.ts';
import { replyAddressConfig } from './reply-capture.ts';

const letter = `<mjml><mj-body><mj-section><mj-column>
  <mj-text>Dear {{customer.firstName}}, spring service at {{dealer.name}}.</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/**
 * The group's spring letter goes to customers of dealers A and B with a signed Reply-To. Anna
 * (A) and Bella (B) answer from their mail programs, Boris's mailbox answers "out of office":
 * the listener files each under the person, the campaign and the variant; Anna's answer is on
 * her timeline and dealer A's CRM manager has a task to answer it; Boris's is counted apart and
 * gives nobody work. Made-up, altered and expired addresses are refused at RCPT. Each dealer's
 * manager sees the answers of his own customers only.
 */
describe('answers to a campaign e-mail are captured and attributed', () => {
  let world: TestWorld;
  let sink: SmtpSink;
  let outbound: EmailTransport;
  let inbound: InboundSmtp;
  let config: ReplyAddressConfig;
  let campaignId: string;
  const ids: Record<string, string> = {};

  const client = () =>
    nodemailer.createTransport({
      host: '127.0.0.1',
      port: inbound.port,
      secure: false,
      ignoreTLS: true,
    });

  async function customer(user: 'managerA' | 'managerB', key: string) {
    const created = await apiAs(world, user).post('/api/customers', {
      kind: 'person',
      firstName: key[0]!.toUpperCase() + key.slice(1),
      lastName: 'Replier',
      emails: [{ address: `${key}@example.com` }],
      consents: [{ channel: 'email', status: 'granted', method: 'signed_form' }],
    });
    expect(created.status, created.text).toBe(201);
    ids[key] = created.body.id;
  }

  const replyToOf = (key: string) =>
    sink.received.find((mail) => mail.to.includes(`${key}@example.com`))!.headers.get('reply-to')!;

  const repliesOf = (key: string) =>
    world.database.db
      .selectFrom('marketing_replies')
      .selectAll()
      .where('customer_id', '=', ids[key]!)
      .execute();

  beforeAll(async () => {
    world = await createTestWorld();
    config = await replyAddressConfig(world.database.db, 'replies.dealer.test');
    configureReplyAddresses(config);
    sink = await startSmtpSink();
    outbound = smtpTransport(sink.url, 'Group <crm@group.test>');
    inbound = await startInboundSmtp(world.database.db, { port: 0, host: '127.0.0.1', config });
    for (const key of ['anna', 'boris']) await customer('managerA', key);
    await customer('managerB', 'bella');
    const segment = await apiAs(world, 'crmGroup').post('/api/segments', {
      name: 'Repliers',
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Replier'] },
    });
    expect(segment.status, segment.text).toBe(201);
    const created = await apiAs(world, 'crmGroup').post('/api/campaigns', {
      name: 'Spring service',
      ownerLevel: 'group',
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      channel: 'email',
      variants: [{ key: 'A', contents: { en: { subject: 'Spring service', mjml: letter } } }],
    });
    expect(created.status, created.text).toBe(201);
    campaignId = created.body.id;
    const sent = await apiAs(world, 'crmGroup').post(`/api/campaigns/${campaignId}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    expect((await deliverQueued(world.database.db, { email: outbound.email })).sent).toBe(3);
  });
  afterAll(async () => {
    configureReplyAddresses(null);
    outbound.close();
    await inbound.close();
    await sink.close();
    await world.close();
  });

  it('sends each letter with its own signed Reply-To naming its outbox message', async () => {
    const recipients = await world.database.db
      .selectFrom('marketing_campaign_recipients')
      .select(['customer_id', 'message_id'])
      .where('campaign_id', '=', campaignId)
      .execute();
    for (const key of ['anna', 'boris', 'bella']) {
      const target = readReplyAddress(config, replyToOf(key));
      const row = recipients.find((r) => r.customer_id === ids[key])!;
      expect(target).toMatchObject({ ok: true, messageId: row.message_id });
    }
  });

  it('records a person’s answer by a real SMTP client: person, campaign, variant, text', async () => {
    const info = await client().sendMail({
      from: 'Anna <anna@example.com>',
      to: replyToOf('anna'),
      subject: 'Re: Spring service',
      messageId: '<answer-anna@example.com>',
      text: 'Yes, please call me on Friday.\n\nOn Mon, Dealer wrote:\n> Dear Anna, spring service',
    });
    expect(info.accepted).toHaveLength(1);
    const [reply] = await repliesOf('anna');
    expect(reply).toMatchObject({
      kind: 'reply',
      channel: 'email',
      campaign_id: campaignId,
      variant: 'A',
      sender: 'anna@example.com',
      subject: 'Re: Spring service',
      excerpt: 'Yes, please call me on Friday.',
    });
    expect(readReplyAddress(config, replyToOf('anna'))).toMatchObject({
      messageId: reply!.message_id,
    });
    // on her timeline, and a task for dealer A's CRM manager to answer it
    const timeline = await apiAs(world, 'managerA').get(`/api/activities?customerId=${ids.anna}`);
    expect(timeline.status, timeline.text).toBe(200);
    expect(timeline.body.items).toContainEqual(
      expect.objectContaining({
        channel: 'email',
        direction: 'inbound',
        note: 'Yes, please call me on Friday.',
      }),
    );
    const tasks = await apiAs(world, 'crmA').get('/api/tasks?status=open');
    expect(tasks.body.items).toContainEqual(
      expect.objectContaining({
        id: reply!.task_id,
        title: 'Answer the reply to “Spring service”',
        description: 'Yes, please call me on Friday.',
      }),
    );
    // the same message delivered again (a retry of the sending server) is still one answer
    await client().sendMail({
      from: 'anna@example.com',
      to: replyToOf('anna'),
      subject: 'Re: Spring service',
      messageId: '<answer-anna@example.com>',
      text: 'Yes, please call me on Friday.',
    });
    expect(await repliesOf('anna')).toHaveLength(1);
  });

  it('counts an out-of-office answer apart: no reply, no task', async () => {
    await client().sendMail({
      from: 'boris@example.com',
      to: replyToOf('boris'),
      subject: 'Automatic reply: Spring service',
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: 'I am away until Monday.',
    });
    const [reply] = await repliesOf('boris');
    expect(reply).toMatchObject({ kind: 'auto_reply', campaign_id: campaignId, task_id: null });
    const row = await world.database.db
      .selectFrom('marketing_campaign_recipients')
      .select('replied_at')
      .where('campaign_id', '=', campaignId)
      .where('customer_id', '=', ids.boris!)
      .executeTakeFirstOrThrow();
    expect(row.replied_at).toBeNull();
  });

  it('refuses made-up, altered, expired and foreign addresses at RCPT with 550', async () => {
    const genuine = replyToOf('bella');
    const [local, domain] = genuine.split('@') as [string, string];
    const altered = `${local.slice(0, 10)}${local[10] === 'a' ? 'b' : 'a'}${local.slice(11)}@${domain}`;
    const messageId = (readReplyAddress(config, genuine) as { messageId: string }).messageId;
    const expired = replyAddress(config, messageId, new Date(Date.now() - 60_000));
    const unknownMessage = replyAddress(config, '00000000-0000-4000-8000-000000000000');
    for (const to of [
      altered,
      expired,
      unknownMessage,
      `sales@${domain}`,
      'reply+abc@elsewhere.example',
    ]) {
      const error = await client()
        .sendMail({ from: 'x@example.com', to, subject: 'x', text: 'x' })
        .catch((caught: unknown) => caught as { responseCode?: number });
      expect(error, to).toMatchObject({ responseCode: 550 });
    }
    expect(await repliesOf('bella')).toHaveLength(0);
  });

  it('refuses a message above the size limit with 552 and keeps nothing of it', async () => {
    const small = await startInboundSmtp(world.database.db, {
      port: 0,
      host: '127.0.0.1',
      config,
      maxBytes: 4096,
    });
    try {
      const error = await nodemailer
        .createTransport({ host: '127.0.0.1', port: small.port, secure: false, ignoreTLS: true })
        .sendMail({
          from: 'anna@example.com',
          to: replyToOf('anna'),
          subject: 'Re: Spring service',
          text: 'A long story. '.repeat(1000),
        })
        .catch((caught: unknown) => caught as { responseCode?: number });
      expect(error).toMatchObject({ responseCode: 552 });
    } finally {
      await small.close();
    }
    expect(await repliesOf('anna')).toHaveLength(1);
  });

  it('shows each dealer the answers of his own customers, and counts replies per variant', async () => {
    await client().sendMail({
      from: 'bella@example.com',
      to: replyToOf('bella'),
      subject: 'Re: Spring service',
      text: 'Сколько стоит ТО?',
    });
    const asA = await apiAs(world, 'managerA').get(`/api/campaigns/${campaignId}/replies`);
    expect(asA.status, asA.text).toBe(200);
    expect(asA.body.items.map((item: { displayName: string }) => item.displayName).sort()).toEqual([
      'Anna Replier',
      'Boris Replier',
    ]);
    const asB = await apiAs(world, 'managerB').get(`/api/campaigns/${campaignId}/replies`);
    expect(asB.body.items).toEqual([
      expect.objectContaining({
        customerId: ids.bella,
        kind: 'reply',
        excerpt: 'Сколько стоит ТО?',
      }),
    ]);
    expect(asB.body.variants).toEqual([
      { variant: 'A', recipients: 3, replied: 2, replyRate: 2 / 3, autoReplies: 1, stops: 0 },
    ]);
    const badLimit = await apiAs(world, 'managerA').get(
      `/api/campaigns/${campaignId}/replies?limit=0`,
    );
    expect(badLimit.status).toBe(400);
    expect(badLimit.text).toContain('limit');
    // a role without marketing, and a dealer that cannot see a dealer campaign of another
    expect(
      (await apiAs(world, 'advisorA').get(`/api/campaigns/${campaignId}/replies`)).status,
    ).toBe(403);
  });

  it('selects the people who replied with the campaign leaf "replied"', async () => {
    const count = await apiAs(world, 'crmGroup').post('/api/segments/count', {
      definition: { type: 'campaign', response: 'replied', campaignIds: [campaignId] },
    });
    expect(count.status, count.text).toBe(200);
    expect(count.body.count).toBe(2);
    const ofA = await apiAs(world, 'managerA').post('/api/segments/count', {
      definition: { type: 'campaign', response: 'replied', campaignIds: [campaignId] },
    });
    expect(ofA.body.count).toBe(1);
  });
  it('files one message to two of our addresses under both, and the next on the connection under its own', async () => {
    const pooled = nodemailer.createTransport({
      host: '127.0.0.1',
      port: inbound.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
    });
    try {
      await pooled.sendMail({
        from: 'family@example.com',
        to: [replyToOf('boris'), replyToOf('bella')],
        subject: 'Re: Spring service',
        messageId: '<family-both@example.com>',
        text: 'We both would like to come.',
      });
      await pooled.sendMail({
        from: 'anna@example.com',
        to: replyToOf('anna'),
        subject: 'Re: Spring service',
        messageId: '<anna-later@example.com>',
        text: 'Friday after 3 pm, please.',
      });
    } finally {
      pooled.close();
    }
    const answersTo = async (messageId: string) => {
      const rows = await world.database.db
        .selectFrom('marketing_replies')
        .select(['customer_id', 'kind'])
        .where('external_id', 'like', `${messageId} %`)
        .execute();
      const keys = Object.keys(ids);
      return rows.map((row) => [keys.find((key) => ids[key] === row.customer_id), row.kind]).sort();
    };
    expect(await answersTo('<family-both@example.com>')).toEqual([
      ['bella', 'reply'],
      ['boris', 'reply'],
    ]);
    expect(await answersTo('<anna-later@example.com>')).toEqual([['anna', 'reply']]);
  });
});
