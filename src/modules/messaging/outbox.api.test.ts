import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { queueMessage, queueMessages } from './outbox.service.ts';
import { deliverQueued, type OutboxTransport } from './outbox-sender.ts';
import { smtpTransport } from './smtp-transport.ts';
import { drainOutbox } from './outbox-worker.ts';
import { httpSmsTransport } from './sms-http.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.testing.ts';

const grant = (channel: 'email' | 'sms') => ({ channel, status: 'granted', method: 'signed_form' });

describe('every message goes through the outbox, and only with consent', () => {
  let world: TestWorld;
  let sink: SmtpSink;
  let transport: OutboxTransport;
  const system = systemActor('test');

  async function customer(name: string, consents: object[]): Promise<string> {
    const created = await apiAs(world, 'consultantA1').post('/api/customers', {
      kind: 'person',
      firstName: name,
      lastName: 'Outbox',
      emails: [{ address: `${name.toLowerCase()}@example.com` }],
      phones: [{ number: '+7 916 555 10 20' }],
      consents,
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  const queue = (customerId: string, channel: 'email' | 'sms', subject: string) =>
    withActor(world.database.db, system, (tx) =>
      queueMessage(tx, {
        customerId,
        channel,
        recipient: channel === 'email' ? 'anna@example.com' : '+79165551020',
        subject,
        body: `Hello, ${subject}`,
        attachments:
          channel === 'email'
            ? [{ filename: 'note.txt', contentType: 'text/plain', content: 'Привет, 你好' }]
            : [],
      }),
    );

  const row = (id: string) =>
    world.database.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    world = await createTestWorld();
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url, 'Dealer A <crm@dealer-a.example>');
  });
  afterAll(async () => {
    transport.close?.();
    await sink.close();
    await world.close();
  });

  it('refuses to send an e-mail to a customer who never consented, and keeps the refusal on record', async () => {
    const customerId = await customer('Boris', []);
    const queued = await queue(customerId, 'email', 'Autumn offer');
    expect(queued).toMatchObject({ status: 'blocked', reason: 'no_consent' });
    await deliverQueued(world.database.db, transport);
    expect(sink.received.find((mail) => mail.subject === 'Autumn offer')).toBeUndefined();
    expect(await row(queued.id)).toMatchObject({ status: 'blocked', blocked_reason: 'no_consent' });
  });

  it('a consent for SMS does not allow an e-mail', async () => {
    const customerId = await customer('Vera', [grant('sms')]);
    expect(await queue(customerId, 'email', 'Winter tyres')).toMatchObject({
      status: 'blocked',
      reason: 'no_consent',
    });
    expect(await queue(customerId, 'sms', 'Winter tyres')).toMatchObject({ status: 'queued' });
  });

  it('sends a consented e-mail through SMTP, recorded before it leaves and marked sent after', async () => {
    const customerId = await customer('Anna', [grant('email')]);
    const queued = await queue(customerId, 'email', 'Service reminder');
    expect(queued.status).toBe('queued');
    expect(await row(queued.id)).toMatchObject({ status: 'queued', attempts: 0 });
    const report = await deliverQueued(world.database.db, transport);
    expect(report.sent).toBeGreaterThanOrEqual(1);
    const mail = sink.received.find((m) => m.subject === 'Service reminder')!;
    expect(mail.to).toEqual(['anna@example.com']);
    expect(mail.headers.get('message-id')).toBe(`<${queued.id}@autocrm.outbox>`);
    expect(mail.parts.find((p) => p.filename === 'note.txt')?.content).toBe('Привет, 你好');
    expect(
      mail.parts.find((p) => p.contentType.startsWith('text/plain') && !p.filename)?.content,
    ).toContain('Hello, Service reminder');
    const sent = await row(queued.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
    expect(sent.provider_message_id).toContain(queued.id);
    // audited: who queued it and each change of its delivery state, not the rendered body
    const audit = await world.database.db
      .selectFrom('audit_log')
      .select(['action', 'new_values'])
      .where('table_name', '=', 'outbox_messages')
      .where('record_id', '=', queued.id)
      .orderBy('id')
      .execute();
    expect(audit[0]).toMatchObject({
      action: 'insert',
      new_values: { subject: 'Service reminder' },
    });
    expect(audit[0]!.new_values).not.toHaveProperty('body');
    // queued, claimed (a lease: still queued), sending, sent
    expect(audit.map((entry) => (entry.new_values as { status?: string }).status)).toEqual([
      'queued',
      undefined,
      'sending',
      'sent',
    ]);
    expect(audit[1]!.new_values).toHaveProperty('claim_token');
    // a second pass finds nothing more to send: no duplicate
    const before = sink.received.length;
    await deliverQueued(world.database.db, transport);
    expect(sink.received.length).toBe(before);
  });

  it('does not send a queued e-mail whose consent was withdrawn before the sender came', async () => {
    const customerId = await customer('Gleb', [grant('email')]);
    const queued = await queue(customerId, 'email', 'Withdrawn in between');
    const withdrawn = await apiAs(world, 'consultantA1').post(
      `/api/customers/${customerId}/consents`,
      {
        channel: 'email',
        status: 'withdrawn',
        method: 'call_recording',
      },
    );
    expect(withdrawn.status).toBe(204);
    const report = await deliverQueued(world.database.db, transport);
    expect(report.blocked).toBe(1);
    expect(sink.received.find((m) => m.subject === 'Withdrawn in between')).toBeUndefined();
    expect(await row(queued.id)).toMatchObject({ status: 'blocked', blocked_reason: 'no_consent' });
  });

  it('retries after a temporary SMTP failure and gives up after the last attempt', async () => {
    const customerId = await customer('Dina', [grant('email')]);
    const queued = await queue(customerId, 'email', 'Flaky server');
    sink.rejectNext(1);
    const first = await deliverQueued(world.database.db, transport);
    expect(first.retrying).toBe(1);
    const waiting = await row(queued.id);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
    expect(waiting.last_error).toMatch(/try again later/);
    expect(waiting.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
    // make it due again and let the server recover
    await world.database.db
      .updateTable('outbox_messages')
      .set({ next_attempt_at: new Date(Date.now() - 1000) })
      .where('id', '=', queued.id)
      .execute();
    await deliverQueued(world.database.db, transport);
    expect(await row(queued.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sink.received.filter((m) => m.subject === 'Flaky server')).toHaveLength(1);

    const hopeless = await queue(customerId, 'email', 'Never arrives');
    await world.database.db
      .updateTable('outbox_messages')
      .set({ max_attempts: 1 })
      .where('id', '=', hopeless.id)
      .execute();
    sink.rejectNext(1);
    const last = await deliverQueued(world.database.db, transport);
    expect(last.failed).toBe(1);
    expect(await row(hopeless.id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('fails a message left half-sent by a crash instead of sending it a second time', async () => {
    const customerId = await customer('Egor', [grant('email')]);
    const queued = await queue(customerId, 'email', 'Crashed mid-send');
    // what a process that died after claiming the row leaves behind
    await world.database.db
      .updateTable('outbox_messages')
      .set({ status: 'sending', attempts: 1, claimed_at: new Date(Date.now() - 3_600_000) })
      .where('id', '=', queued.id)
      .execute();
    const report = await deliverQueued(world.database.db, transport);
    expect(report.interrupted).toBe(1);
    expect(sink.received.find((m) => m.subject === 'Crashed mid-send')).toBeUndefined();
    const after = await row(queued.id);
    expect(after.status).toBe('failed');
    expect(after.last_error).toMatch(/delivery unknown/);
  });

  it('sends a message that a crashed pass had claimed but not started, once its lease is over', async () => {
    const customerId = await customer('Fedor', [grant('email')]);
    const queued = await queue(customerId, 'email', 'Claimed then crashed');
    // what a pass that died after claiming its batch leaves: still queued, lease running
    await world.database.db
      .updateTable('outbox_messages')
      .set({
        claim_token: crypto.randomUUID(),
        claimed_at: new Date(),
        next_attempt_at: new Date(Date.now() + 60_000),
      })
      .where('id', '=', queued.id)
      .execute();
    await deliverQueued(world.database.db, transport);
    expect(sink.received.find((m) => m.subject === 'Claimed then crashed')).toBeUndefined();
    expect(await row(queued.id)).toMatchObject({ status: 'queued', attempts: 0 });
    // the lease ends: the next pass sends it, once, and nothing is failed as interrupted
    await world.database.db
      .updateTable('outbox_messages')
      .set({ next_attempt_at: new Date(Date.now() - 1000) })
      .where('id', '=', queued.id)
      .execute();
    const report = await deliverQueued(world.database.db, transport);
    expect(report.interrupted).toBe(0);
    expect(sink.received.filter((m) => m.subject === 'Claimed then crashed')).toHaveLength(1);
    expect(await row(queued.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a worker tick sends batch after batch while they come back full, within its time budget', async () => {
    const db = world.database.db;
    const customerId = await customer('Drain', [grant('email')]);
    const queueMany = (prefix: string, count: number) =>
      withActor(db, system, (tx) =>
        queueMessages(
          tx,
          Array.from({ length: count }, (_, i) => ({
            customerId,
            channel: 'email' as const,
            recipient: 'drain@example.com',
            subject: `${prefix} ${i}`,
            body: 'Hello',
          })),
        ),
      );
    const received = (prefix: string) =>
      sink.received.filter((mail) => mail.subject?.startsWith(`${prefix} `)).length;
    await drainOutbox(db, transport); // whatever earlier tests left due
    // a tick whose budget is spent after the first pass sends one batch, the next tick the rest
    await queueMany('Budget', 60);
    await drainOutbox(db, transport, { batchSize: 50, budgetMs: 0 });
    await expect.poll(() => received('Budget')).toBe(50);
    await drainOutbox(db, transport, { batchSize: 50, budgetMs: 0 });
    await expect.poll(() => received('Budget')).toBe(60);
    // with time to spare one tick drains 120 messages in three passes, each message once
    await queueMany('Drain', 120);
    // (a budget far beyond the three passes: the default 15 s ran out after one on a loaded machine)
    const report = await drainOutbox(db, transport, { batchSize: 50, budgetMs: 600_000 });
    expect(report.sent).toBe(120);
    await expect.poll(() => received('Drain')).toBe(120);
    const subjects = sink.received
      .filter((mail) => mail.subject?.startsWith('Drain '))
      .map((mail) => mail.subject);
    expect(new Set(subjects).size).toBe(120);
  });

  it('keeps SMS queued and says why while no SMS provider is configured', async () => {
    const customerId = await customer('Zoya', [grant('sms')]);
    const queued = await queue(customerId, 'sms', 'Sms waits');
    await deliverQueued(world.database.db, transport);
    expect(await row(queued.id)).toMatchObject({ status: 'queued', attempts: 0 });
    const list = await apiAs(world, 'consultantA1').get(`/api/messages?customerId=${customerId}`);
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({
      channel: 'sms',
      status: 'queued',
      reason: 'no SMS provider configured',
    });
  });

  it('sends a consented SMS through an HTTP gateway, and retries when the gateway fails', async () => {
    const received: { auth: string | undefined; body: Record<string, string> }[] = [];
    // the gateway is busy the first time it sees this story's message
    let failFor: string | null = null;
    const gateway = http.createServer((request, response) => {
      let data = '';
      request.on('data', (chunk: Buffer) => (data += chunk.toString()));
      request.on('end', () => {
        const body = JSON.parse(data) as Record<string, string>;
        if (body.reference === failFor) {
          failFor = null;
          response.writeHead(503).end('busy');
          return;
        }
        received.push({ auth: request.headers.authorization, body });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: `gw-${body.reference}` }));
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const { port } = gateway.address() as AddressInfo;
    const sms = httpSmsTransport(`http://127.0.0.1:${port}/send`, 'secret-token');
    try {
      const customerId = await customer('Sima', [grant('sms')]);
      const queued = await queue(customerId, 'sms', 'Tyres are ready');
      failFor = queued.id;
      await deliverQueued(world.database.db, sms);
      expect(await row(queued.id)).toMatchObject({ status: 'queued', attempts: 1 });
      expect(received.filter((call) => call.body.reference === queued.id)).toEqual([]);
      // the retry waits for its back-off; make it due now
      await world.database.db
        .updateTable('outbox_messages')
        .set({ next_attempt_at: new Date(Date.now() - 1000) })
        .where('id', '=', queued.id)
        .execute();
      await deliverQueued(world.database.db, sms);
      expect(received.filter((call) => call.body.reference === queued.id)).toEqual([
        {
          auth: 'Bearer secret-token',
          body: { to: '+79165551020', text: 'Hello, Tyres are ready', reference: queued.id },
        },
      ]);
      expect(await row(queued.id)).toMatchObject({
        status: 'sent',
        provider_message_id: `gw-${queued.id}`,
      });
    } finally {
      await new Promise((resolve) => gateway.close(resolve));
    }
  });

  it("a consultant of dealer B cannot read the messages of dealer A's customer", async () => {
    const customerId = await customer('Inna', [grant('email')]);
    await queue(customerId, 'email', 'Private');
    const other = await apiAs(world, 'consultantB1').get(`/api/messages?customerId=${customerId}`);
    expect(other.status).toBe(404);
    const own = await apiAs(world, 'managerA').get(`/api/messages?customerId=${customerId}`);
    expect(own.body.items.map((m: { subject: string }) => m.subject)).toEqual(['Private']);
  });
});
