import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../http/types.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { injectAs, startOutboxServer, waitUntilSome } from '../messaging/outbox-server.testing.ts';
import { startSmtpSink, type SmtpSink } from '../messaging/smtp-sink.testing.ts';
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
  let world: TestWorld;
  let sink: SmtpSink;
  let server: App;
  const ids: Record<string, string> = {};

  const mailTo = (address: string) => sink.received.filter((mail) => mail.to.includes(address));

  beforeAll(async () => {
    world = await createTestWorld();
    sink = await startSmtpSink();
    for (const [key, consents] of [
      ['vera', [{ channel: 'email', status: 'granted', method: 'signed_form' }]],
      ['oleg', []],
    ] as const) {
      const created = await apiAs(world, 'managerA').post('/api/customers', {
        kind: 'person',
        firstName: key,
        lastName: 'Journey',
        preferredLanguage: 'en',
        emails: [{ address: `${key}.journey@example.com` }],
        consents,
      });
      expect(created.status, created.text).toBe(201);
      ids[key] = created.body.id;
    }
    server = await startOutboxServer(world, sink.url, outboxIntervalMs);
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
    await world?.close();
  });

  it('delivers the step’s e-mail when the runner has queued it', async () => {
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
        ['vera', 'oleg'].map((key) => ({
          event_type: 'service_due',
          customer_id: ids[key]!,
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
    await waitUntilSome(() => mailTo('vera.journey@example.com').length, 90_000);
    expect(mailTo('vera.journey@example.com').map((mail) => mail.subject)).toEqual([
      'From the journey',
    ]);
    expect(mailTo('oleg.journey@example.com')).toEqual([]);
  });
});
