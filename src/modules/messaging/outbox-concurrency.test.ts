import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import type { AppDatabase } from '../../db/database.ts';
import { createTestDatabase } from '../../testing/test-database.ts';
import { outboxConcurrency } from './outbox-concurrency.ts';
import { queueMessages } from './outbox.service.ts';
import { deliverQueued, type OutgoingMessage } from './outbox-sender.ts';
import { drainOutbox } from './outbox-worker.ts';
import { insertConsentingPeople } from './consenting-people.testing.ts';
import { startSmtpSink } from './smtp-sink.testing.ts';
import { smtpTransport } from './smtp-transport.ts';

/**
 * Issue 5: the outbox sends several messages at once, never more than its bound, a person's
 * own messages still one after another, and each message once even with two senders.
 */
describe('OUTBOX_CONCURRENCY', () => {
  it('is 5 unless set, and a value outside 1..32 stops the server', () => {
    expect(outboxConcurrency(undefined)).toBe(5);
    expect(outboxConcurrency('')).toBe(5);
    expect(outboxConcurrency('12')).toBe(12);
    for (const wrong of ['0', '-1', '2.5', 'eight', '33']) {
      expect(() => outboxConcurrency(wrong)).toThrow(/OUTBOX_CONCURRENCY/);
    }
  });
});

describe('concurrent delivery', () => {
  let database: AppDatabase;
  const system = systemActor('test');

  /** `people` customers with e-mail consent, `each` queued e-mails apiece (in turn). */
  async function queueFor(prefix: string, people: number, each: number) {
    const customers = await withActor(database.db, system, (tx) =>
      insertConsentingPeople(tx, people, prefix, 'Lanes'),
    );
    // a person's messages come due one right after the other (claim order is next_attempt_at),
    // so lanes that ignored whose they are would send them side by side
    const due = Date.now() - 60_000;
    const queued = await withActor(database.db, system, (tx) =>
      queueMessages(
        tx,
        customers.flatMap((customer, i) =>
          Array.from({ length: each }, (_, round) => ({
            customerId: customer.id,
            channel: 'email' as const,
            recipient: `${prefix.toLowerCase()}${i}@example.com`,
            subject: `${prefix} ${i} #${round}`,
            body: 'Hello',
            notBefore: new Date(due + i * each + round),
          })),
        ),
      ),
    );
    expect(queued.every((message) => message.status === 'queued')).toBe(true);
    const ids = queued.map((message) => message.id);
    return ids;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('has up to the bound in flight and never more, one message per person at a time', async () => {
    const ids = await queueFor('Bound', 12, 3);
    let inFlight = 0;
    let peak = 0;
    const busy = new Set<string>();
    let overlapped = 0;
    const order = new Map<string, number[]>();
    const email = async (message: OutgoingMessage) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      if (busy.has(message.recipient)) overlapped += 1;
      busy.add(message.recipient);
      const [, round] = /#(\d+)$/.exec(message.subject ?? '')!;
      order.set(message.recipient, [...(order.get(message.recipient) ?? []), Number(round)]);
      await sleep(15);
      busy.delete(message.recipient);
      inFlight -= 1;
      return { providerMessageId: `fake-${message.id}` };
    };
    const report = await deliverQueued(database.db, { email }, { batchSize: 50, concurrency: 4 });
    expect(report).toMatchObject({ sent: ids.length, skipped: 0, failed: 0, retrying: 0 });
    expect(peak).toBe(4);
    expect(overlapped).toBe(0);
    // each person's messages left in the order they were queued
    for (const rounds of order.values()) expect(rounds).toEqual([0, 1, 2]);
    const rows = await database.db
      .selectFrom('outbox_messages')
      .select(['status', 'attempts', 'provider_message_id', 'id'])
      .where('id', 'in', ids)
      .execute();
    for (const row of rows) {
      expect(row).toMatchObject({
        status: 'sent',
        attempts: 1,
        provider_message_id: `fake-${row.id}`,
      });
    }
  });

  it('records each outcome on its own message while others are in flight', async () => {
    const ids = await queueFor('Mixed', 8, 1);
    const email = async (message: OutgoingMessage) => {
      await sleep(10);
      if (/ [13] #/.test(message.subject ?? '')) throw new Error('451 4.3.0 try again later');
      return { providerMessageId: `fake-${message.id}` };
    };
    const report = await deliverQueued(database.db, { email }, { batchSize: 50, concurrency: 4 });
    expect(report).toMatchObject({ sent: 6, retrying: 2, failed: 0 });
    const rows = await database.db
      .selectFrom('outbox_messages')
      .select(['subject', 'status', 'last_error', 'attempts'])
      .where('id', 'in', ids)
      .execute();
    for (const row of rows) {
      if (/ [13] #/.test(row.subject ?? '')) {
        expect(row).toMatchObject({ status: 'queued', attempts: 1 });
        expect(row.last_error).toMatch(/try again later/);
      } else {
        expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
      }
    }
  });

  it('two drains side by side over pooled SMTP send each message exactly once', async () => {
    // the retries above wait for their back-off: only this test's messages are due
    const ids = await queueFor('Twice', 20, 3);
    const sink = await startSmtpSink({ delayMs: 10 });
    const one = smtpTransport(sink.url, 'One <one@autocrm.test>', { connections: 3 });
    const two = smtpTransport(sink.url, 'Two <two@autocrm.test>', { connections: 3 });
    try {
      const options = { batchSize: 10, concurrency: 3, budgetMs: 60_000 };
      const [first, second] = await Promise.all([
        drainOutbox(database.db, one, options),
        drainOutbox(database.db, two, options),
      ]);
      expect(first.sent + second.sent).toBe(ids.length);
      // both did part of the work, each over several connections at once
      expect(first.sent).toBeGreaterThan(0);
      expect(second.sent).toBeGreaterThan(0);
      expect(sink.load.peakConnections).toBeGreaterThan(3);
      expect(sink.load.peakConnections).toBeLessThanOrEqual(6);
      expect(sink.load.peakHeld).toBeGreaterThan(1);
      expect(sink.load.peakHeld).toBeLessThanOrEqual(6);
      const arrived = sink.received.map(
        (mail) => /^<([^@>]+)@autocrm\.outbox>$/.exec(mail.headers.get('message-id') ?? '')?.[1],
      );
      expect(arrived.length).toBe(ids.length);
      expect([...arrived].sort()).toEqual([...ids].sort());
      const rows = await database.db
        .selectFrom('outbox_messages')
        .select(['status', 'attempts'])
        .where('id', 'in', ids)
        .execute();
      expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
    } finally {
      one.close();
      two.close();
      await sink.close();
    }
  });
});
