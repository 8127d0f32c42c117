import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { queueMessage } from '../messaging/index.ts';
import { runEventCare } from './event-care.service.ts';
import { localDayAt, startsLocal } from './event-times.ts';
import { createEventCampaign } from './events.testing.ts';
import { registerForEvent } from './events.service.ts';

const zone = 'Europe/Moscow';
const hour = 3_600_000;
const marketing = { channel: 'email', status: 'granted', method: 'signed_form' };
const surveys = { ...marketing, purpose: 'surveys' };

/**
 * Event care sends in batches: seven guests of one show, read two at a time so that batches
 * break between them, get their reminder in one pass, each by his own consent and rules; the
 * one reminded by an earlier pass gets nothing more, and a second pass writes nothing.
 */
describe('event care reminds a batch of guests, each by his own consent and rules', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  let campaignId: string;
  const startsAt = localDayAt(new Date(Date.now() + 10 * 86_400_000), zone, 0, 18);
  const at = (offsetMs: number) => new Date(startsAt.getTime() + offsetMs);
  const db = () => world.database.db;
  const eventMessages = () =>
    db()
      .selectFrom('outbox_messages')
      .select(['customer_id', 'subject', 'body', 'status', 'blocked_reason', 'idempotency_key'])
      .where('source_kind', '=', 'event_care')
      .where('source_id', '=', campaignId)
      .execute();

  beforeAll(async () => {
    world = await createTestWorld();
    const people: [string, 'en' | 'ru' | 'zh', object[]][] = [
      ['anna', 'en', [marketing]],
      ['boris', 'ru', [marketing]],
      ['chen', 'zh', []],
      ['dina', 'en', [marketing]],
      ['egor', 'en', [marketing]],
      ['fedor', 'ru', []],
      ['galina', 'en', [surveys]],
    ];
    for (const [key, language, consents] of people) {
      const created = await apiAs(world, 'managerA').post('/api/customers', {
        kind: 'person',
        firstName: key[0]!.toUpperCase() + key.slice(1),
        lastName: 'Batch',
        emails: [{ address: `${key}.batch@example.com` }],
        consents,
        preferredLanguage: language,
      });
      expect(created.status, created.text).toBe(201);
      ids[key] = created.body.id;
    }
    const api = apiAs(world, 'crmA');
    // Egor asked not to be contacted by e-mail at all
    const dnc = await api.post(`/api/customers/${ids.egor}/do-not-contact`, {
      channel: 'email',
      reason: 'manual',
    });
    expect(dnc.status, dnc.text).toBe(201);
    campaignId = await createEventCampaign(world, {
      name: 'Xcar night',
      venue: 'Showroom, Lenina 1',
      startsAt,
      capacity: 10,
    });
    for (const key of Object.keys(ids)) {
      await registerForEvent(db(), campaignId, ids[key]!, at(-7 * 24 * hour));
    }
    // Dina was reminded by an earlier pass (the outbox message and the event's record of it)
    await withActor(db(), systemActor('job'), async (tx) => {
      const message = await queueMessage(tx, {
        customerId: ids.dina!,
        channel: 'email',
        recipient: 'dina.batch@example.com',
        subject: 'Reminder: Xcar night',
        body: 'See you',
        idempotencyKey: `event:${campaignId}:${ids.dina}:reminder`,
        source: { kind: 'event_care', id: campaignId },
      });
      await tx
        .insertInto('marketing_event_messages')
        .values({
          campaign_id: campaignId,
          customer_id: ids.dina!,
          kind: 'reminder',
          message_id: message.id,
          status: message.status,
        })
        .execute();
    });
  });
  afterAll(async () => {
    await world.close();
  });

  it('writes exactly one reminder per guest not yet reminded, sent only with consent', async () => {
    // two days before by default; the pass runs an hour after it fell due
    expect(await runEventCare(db(), at(-47 * hour), { batchSize: 2 })).toEqual({
      reminder: 6,
      morning: 0,
      feedback: 0,
    });
    const messages = await eventMessages();
    const of = (key: string) => messages.filter((m) => m.customer_id === ids[key]);
    for (const key of Object.keys(ids)) {
      expect(of(key), key).toHaveLength(1);
      expect(of(key)[0]!.idempotency_key).toBe(`event:${campaignId}:${ids[key]}:reminder`);
    }
    expect(of('anna')[0]).toMatchObject({ status: 'queued', blocked_reason: null });
    expect(of('anna')[0]!.subject).toContain('Reminder: Xcar night');
    expect(of('anna')[0]!.body).toContain(startsLocal(startsAt, zone, 'en'));
    expect(of('boris')[0]).toMatchObject({ status: 'queued' });
    expect(of('boris')[0]!.subject).toContain('Напоминание');
    expect(of('boris')[0]!.body).toContain(startsLocal(startsAt, zone, 'ru'));
    // no consent (or consent to surveys only, not to marketing): on record, never sent
    for (const key of ['chen', 'fedor', 'galina']) {
      expect(of(key)[0], key).toMatchObject({ status: 'blocked', blocked_reason: 'no_consent' });
    }
    expect(of('chen')[0]!.subject).toContain('Xcar night');
    expect(of('egor')[0]).toMatchObject({ status: 'blocked', blocked_reason: 'do_not_contact' });
    // Dina keeps the one message of the earlier pass
    expect(of('dina')[0]!.body).toBe('See you');
    const records = await db()
      .selectFrom('marketing_event_messages')
      .select(['customer_id', 'status', 'blocked_reason'])
      .where('campaign_id', '=', campaignId)
      .execute();
    expect(records).toHaveLength(7);
    expect(records.filter((r) => r.status === 'queued')).toHaveLength(3);
  });

  it('a second pass, however it is batched, writes nothing', async () => {
    const before = await eventMessages();
    for (const batchSize of [2, 500]) {
      expect(await runEventCare(db(), at(-46 * hour), { batchSize })).toEqual({
        reminder: 0,
        morning: 0,
        feedback: 0,
      });
    }
    expect(await eventMessages()).toHaveLength(before.length);
  });
});
