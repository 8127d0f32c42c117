import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import {
  deliverQueued,
  parseSmtpFailure,
  queueMessage,
  smtpTransport,
  type OutboxTransport,
} from '../messaging/index.ts';
import { startSmtpSink, type SmtpSink } from '../messaging/smtp-sink.testing.ts';

const granted = [{ channel: 'email', status: 'granted', method: 'signed_form' }];

/**
 * Mail to a dead address: the SMTP server refuses it at send time (550 5.1.1), or the
 * provider reports it later through the bounce webhook. Either way the bounce is on record
 * and the person's e-mail becomes do-not-contact "bounced", so nothing more is sent there.
 */
describe('bounces stop mail to dead addresses', () => {
  let world: TestWorld;
  let sink: SmtpSink;
  let transport: OutboxTransport;
  const ids: Record<string, string> = {};
  const secret = 'bounce-secret-for-tests';

  async function customer(key: string) {
    const created = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: key,
      lastName: 'Bounce',
      emails: [{ address: `${key}@example.com` }],
      consents: granted,
    });
    expect(created.status, created.text).toBe(201);
    ids[key] = created.body.id;
  }

  const queue = (key: string, subject: string) =>
    withActor(world.database.db, systemActor('test'), (tx) =>
      queueMessage(tx, {
        customerId: ids[key]!,
        channel: 'email',
        purpose: 'marketing',
        recipient: `${key}@example.com`,
        subject,
        body: 'Hello',
      }),
    );

  const suppressionsOf = (key: string) =>
    world.database.db
      .selectFrom('marketing_suppressions')
      .select(['channel', 'reason', 'note'])
      .where('customer_id', '=', ids[key]!)
      .where('lifted_at', 'is', null)
      .execute();

  const hook = (body: unknown, headers: Record<string, string> = { 'x-webhook-secret': secret }) =>
    world.app.inject({ method: 'POST', url: '/hooks/bounces', headers, payload: body as object });

  beforeAll(async () => {
    process.env.BOUNCE_WEBHOOK_SECRET = secret;
    world = await createTestWorld();
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url, 'Dealer A <crm@dealer-a.example>');
    for (const key of ['anna', 'boris', 'vera', 'gleb']) await customer(key);
  });
  afterAll(async () => {
    delete process.env.BOUNCE_WEBHOOK_SECRET;
    transport.close?.();
    await sink.close();
    await world.close();
  });

  it('reads permanent and transient refusals from the SMTP reply', () => {
    expect(
      parseSmtpFailure(
        Object.assign(new Error('x'), {
          responseCode: 550,
          response: '550 5.1.1 <a@b.c>: Recipient address rejected: User unknown',
        }),
      ),
    ).toMatchObject({ permanent: true, statusCode: '5.1.1' });
    expect(
      parseSmtpFailure(
        Object.assign(new Error('x'), { responseCode: 452, response: '452 4.2.2 Mailbox full' }),
      ),
    ).toMatchObject({ permanent: false, statusCode: '4.2.2' });
    expect(parseSmtpFailure(Object.assign(new Error('x'), { responseCode: 554 }))).toMatchObject({
      permanent: true,
      statusCode: '554',
    });
    expect(parseSmtpFailure(new Error('connect ECONNREFUSED')).permanent).toBe(false);
  });

  it('records a hard bounce at send time and stops further mail to the person', async () => {
    sink.unknown.add('anna@example.com');
    const first = await queue('anna', 'First');
    const second = await queue('anna', 'Second');
    const report = await deliverQueued(world.database.db, transport, { batchSize: 1 });
    expect(report).toMatchObject({ sent: 0, failed: 1, retrying: 0 });
    const rows = await world.database.db
      .selectFrom('outbox_messages')
      .select(['id', 'status', 'blocked_reason', 'last_error'])
      .where('id', 'in', [first.id, second.id])
      .execute();
    const byId = Object.fromEntries(rows.map((row) => [row.id, row]));
    // the refused one is failed without retries; the one still waiting is held back
    expect(byId[first.id]).toMatchObject({ status: 'failed' });
    expect(byId[first.id]!.last_error).toContain('5.1.1');
    expect(byId[second.id]).toMatchObject({ status: 'blocked', blocked_reason: 'do_not_contact' });
    const bounces = await world.database.db
      .selectFrom('outbox_bounces')
      .selectAll()
      .where('customer_id', '=', ids.anna!)
      .execute();
    expect(bounces).toHaveLength(1);
    expect(bounces[0]).toMatchObject({ kind: 'hard', status_code: '5.1.1', source: 'smtp' });
    expect(await suppressionsOf('anna')).toEqual([
      expect.objectContaining({ channel: 'email', reason: 'bounced' }),
    ]);
    expect(sink.received.filter((mail) => mail.to.includes('anna@example.com'))).toHaveLength(0);
    // the record is what the campaign send reads: Anna is left out of the next campaign
    const later = await apiAs(world, 'crmA').get(`/api/customers/${ids.anna}/do-not-contact`);
    expect(later.status, later.text).toBe(200);
    expect(later.body.items ?? later.body).toEqual([
      expect.objectContaining({ reason: 'bounced', channel: 'email' }),
    ]);
  });

  it('holds back the next message of a person whose address bounced while other lanes send', async () => {
    for (const key of ['lena', 'mira', 'nina', 'olga', 'pavel']) await customer(key);
    sink.unknown.add('lena@example.com');
    const first = await queue('lena', 'Lena first');
    const second = await queue('lena', 'Lena second');
    const others = [];
    for (const key of ['mira', 'nina', 'olga', 'pavel']) others.push(await queue(key, 'Lanes'));
    // one pass, all of them claimed together, four lanes: Lena's two stay in one lane
    const report = await deliverQueued(world.database.db, transport, {
      batchSize: 50,
      concurrency: 4,
    });
    expect(report).toMatchObject({ sent: 4, failed: 1, skipped: 1, retrying: 0 });
    const rows = await world.database.db
      .selectFrom('outbox_messages')
      .select(['id', 'status', 'blocked_reason'])
      .where('id', 'in', [first.id, second.id, ...others.map((message) => message.id)])
      .execute();
    const byId = Object.fromEntries(rows.map((row) => [row.id, row]));
    expect(byId[first.id]).toMatchObject({ status: 'failed' });
    expect(byId[second.id]).toMatchObject({ status: 'blocked', blocked_reason: 'do_not_contact' });
    for (const message of others) expect(byId[message.id]).toMatchObject({ status: 'sent' });
    const bounces = await world.database.db
      .selectFrom('outbox_bounces')
      .select('message_id')
      .where('recipient', '=', 'lena@example.com')
      .execute();
    expect(bounces).toEqual([{ message_id: first.id }]);
  });

  it('takes bounce reports from the provider’s webhook with the shared secret only', async () => {
    const message = await queue('boris', 'Offer');
    expect((await deliverQueued(world.database.db, transport)).sent).toBe(1);
    const event = {
      events: [
        {
          messageId: `<${message.id}@autocrm.outbox>`,
          recipient: 'Boris@example.com',
          type: 'hard',
          status: '5.1.1',
        },
      ],
    };
    expect((await hook(event, {})).statusCode).toBe(401);
    expect((await hook(event, { 'x-webhook-secret': 'guess' })).statusCode).toBe(401);
    expect(await suppressionsOf('boris')).toEqual([]);
    const answer = await hook(event);
    expect(answer.statusCode, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ recorded: 1, hard: 1, unmatched: 0 });
    expect(await suppressionsOf('boris')).toEqual([
      expect.objectContaining({ channel: 'email', reason: 'bounced' }),
    ]);
    // an address we never wrote to is not stored
    const stranger = await hook({
      events: [{ recipient: 'nobody@example.com', type: 'hard' }],
    });
    expect(JSON.parse(stranger.body)).toEqual({ recorded: 0, hard: 0, unmatched: 1 });
    const bad = await hook({ events: [{ recipient: 'x@example.com', type: 'bouncy' }] });
    expect(bad.statusCode).toBe(400);
  });

  it('counts the third soft bounce within 30 days as a hard one', async () => {
    await queue('vera', 'One');
    expect((await deliverQueued(world.database.db, transport)).sent).toBe(1);
    const soft = { events: [{ recipient: 'vera@example.com', type: 'soft', status: '4.2.2' }] };
    expect(JSON.parse((await hook(soft)).body)).toMatchObject({ recorded: 1, hard: 0 });
    expect(JSON.parse((await hook(soft)).body)).toMatchObject({ recorded: 1, hard: 0 });
    expect(await suppressionsOf('vera')).toEqual([]);
    expect(JSON.parse((await hook(soft)).body)).toMatchObject({ recorded: 1, hard: 1 });
    expect(await suppressionsOf('vera')).toHaveLength(1);
    // a person with one soft bounce keeps getting mail
    await queue('gleb', 'Hi');
    expect((await deliverQueued(world.database.db, transport)).sent).toBe(1);
    await hook({ events: [{ recipient: 'gleb@example.com', type: 'soft' }] });
    expect(await suppressionsOf('gleb')).toEqual([]);
  });
});
