import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, startWakeStage, waitUntilSome } from '../messaging/outbox-server.testing.ts';
import { runEventCare } from './event-care.service.ts';
import { localDayAt } from './event-times.ts';
import { registerForEvent } from './events.service.ts';
import { createEventCampaign } from './events.testing.ts';

/** 7 minutes: no cron form, so the outbox's own tick is a timer 7 minutes after the start */
const outboxIntervalMs = 7 * 60_000;
const hourMs = 3_600_000;
/** the outbox's own tick is 7 minutes away: mail within this came by the ask */
const withinMs = 90_000;
/** room for three waits, so that a missing mail fails on its assertion, not on the timeout */
const testMs = 4 * withinMs;

/**
 * Not only campaigns and journeys: every path that queues mail a person is waiting for asks the
 * outbox drain for a pass once its transaction has committed. The advisor's "check your data"
 * letter, an event's reminder, and the notice that the event is cancelled each arrive long
 * before the outbox's next tick; Oleg, who gave no consent, gets none of them.
 */
describe('notices and letters start the outbox drain at once', () => {
  let stage: Awaited<ReturnType<typeof startWakeStage>>;
  const subjectsTo = (person: 'vera' | 'oleg') => stage.mailTo(person).map((mail) => mail.subject);

  beforeAll(async () => {
    stage = await startWakeStage('Notice', outboxIntervalMs);
  });
  afterAll(async () => {
    await stage?.close();
  });

  it(
    'sends the data-check letter the advisor asks for',
    async () => {
      const { world, server, ids } = stage;
      const asked = await injectAs(
        server,
        world,
        'crmA',
        `/api/customers/${ids.vera}/data-check`,
        {},
      );
      expect(asked.status, asked.text).toBe(201);
      await waitUntilSome(() => stage.mailTo('vera').length, withinMs);
      expect(stage.mailTo('vera')).toHaveLength(1);
    },
    testMs,
  );

  it(
    'sends the reminder the event-care pass queues, then the cancellation notice',
    async () => {
      const { world, server, ids, sink } = stage;
      const db = world.database.db;
      // 18:00 Moscow three days on (66 to 90 hours away, whatever the hour now): the default
      // reminder, two days before, falls due after the guests register, so they get it
      const startsAt = localDayAt(new Date(Date.now() + 3 * 86_400_000), 'Europe/Moscow', 0, 18);
      const eventId = await createEventCampaign(world, {
        name: 'Wake day',
        startsAt,
        capacity: 5,
      });
      const sent = await injectAs(server, world, 'crmA', `/api/campaigns/${eventId}/send`, {});
      expect(sent.status, sent.text).toBe(200);
      await waitUntilSome(
        () => subjectsTo('vera').filter((s) => s === 'Invitation').length,
        withinMs,
      );
      for (const person of ['vera', 'oleg'] as const)
        await registerForEvent(db, eventId, ids[person]);
      sink.received.length = 0;

      // the care pass a day before the start: the reminder is queued and leaves at once
      const report = await runEventCare(db, new Date(startsAt.getTime() - 24 * hourMs));
      expect(report.reminder).toBe(2);
      await waitUntilSome(() => stage.mailTo('vera').length, withinMs);
      expect(stage.mailTo('vera')).toHaveLength(1);
      sink.received.length = 0;

      const cancelled = await injectAs(
        server,
        world,
        'crmA',
        `/api/campaigns/${eventId}/event-cancel`,
        {
          reason: null,
        },
      );
      expect(cancelled.status, cancelled.text).toBe(200);
      expect(cancelled.body).toMatchObject({ notices: { queued: 1, blocked: 1 } });
      await waitUntilSome(() => stage.mailTo('vera').length, withinMs);
      expect(stage.mailTo('vera')).toHaveLength(1);
      expect(stage.mailTo('oleg')).toEqual([]);
    },
    testMs,
  );
});
