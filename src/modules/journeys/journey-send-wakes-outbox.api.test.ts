import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, startWakeStage, waitUntilSome } from '../messaging/outbox-server.testing.ts';
import { runJourneys } from './engine.ts';

// the server's own runner stays out of the way: the test runs the pass itself
process.env.JOURNEY_INTERVAL_MS = String(3_600_000);

/** 7 minutes: no cron form, so the outbox's own tick is a timer 7 minutes after the start */
const outboxIntervalMs = 7 * 60_000;

/**
 * A journey's send step queues an e-mail, and the runner asks the outbox drain for a pass when
 * its batch is committed: the e-mail leaves at once, not at the outbox's next tick (minutes
 * away here). Nobody without consent gets one.
 */
describe('a journey’s e-mail starts the outbox drain at once', () => {
  let stage: Awaited<ReturnType<typeof startWakeStage>>;

  beforeAll(async () => {
    stage = await startWakeStage('Journey', outboxIntervalMs);
  });
  afterAll(async () => {
    await stage?.close();
  });

  it('delivers the step’s e-mail when the runner has queued it', async () => {
    const { world, server, ids, mailTo } = stage;
    const journey = await injectAs(server, world, 'crmA', '/api/journeys', {
      name: 'Soon journey',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      trigger: { type: 'lifecycle', event: 'service_due' },
      defaultLanguage: 'en',
      definition: {
        start: 'mail',
        steps: [
          {
            id: 'mail',
            type: 'send',
            channel: 'email',
            purpose: 'marketing',
            content: {
              en: {
                subject: 'From the journey',
                mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Hi {{customer.firstName}}</mj-text></mj-column></mj-section></mj-body></mjml>',
              },
            },
            next: null,
          },
        ],
      },
    });
    expect(journey.status, journey.text).toBe(201);
    const enabled = await injectAs(
      server,
      world,
      'crmA',
      `/api/journeys/${journey.body.id}/enable`,
      {},
    );
    expect(enabled.status, enabled.text).toBe(200);
    await world.database.db
      .insertInto('lifecycle_events')
      .values(
        (['vera', 'oleg'] as const).map((key) => ({
          event_type: 'service_due',
          customer_id: ids[key],
          dealer_id: world.dealers.A.id,
          due_date: '2030-03-10',
          payload: JSON.stringify({}),
          occurrence_key: `soon-${key}`,
          emitted_at: new Date(),
        })),
      )
      .execute();
    // what the journeys job does on its tick: enrol, then move; the send step queues the e-mail
    const report = await runJourneys(world.database.db);
    expect(report.entered).toBe(2);

    // 90 s, the outbox's own tick 7 minutes away: only the ask can have sent it by then
    await waitUntilSome(() => mailTo('vera').length, 90_000);
    expect(mailTo('vera').map((mail) => mail.subject)).toEqual(['From the journey']);
    expect(mailTo('oleg')).toEqual([]);
  });
});
