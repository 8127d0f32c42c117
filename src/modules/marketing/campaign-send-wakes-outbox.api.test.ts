import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../http/types.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { injectAs, startOutboxServer, waitUntilSome } from '../messaging/outbox-server.testing.ts';
import { startSmtpSink, type SmtpSink } from '../messaging/smtp-sink.testing.ts';

/** 7 minutes: no cron form, so the outbox's own tick is a timer 7 minutes after the start */
const outboxIntervalMs = 7 * 60_000;

const mjml = `<mjml><mj-body><mj-section><mj-column><mj-text>Hello, {{customer.firstName}}</mj-text></mj-column></mj-section></mj-body></mjml>`;

/**
 * A CRM manager presses "send" and the e-mails leave at once: the campaign asks the outbox drain
 * for a pass when a page is committed (messaging's wakeOutbox, app.jobs.runSoon), it does not
 * wait for the worker's next tick. The tick here is minutes away, so mail that arrives within
 * the test came by that ask; consent still decides who gets one.
 */
describe('a campaign sent starts the outbox drain at once', () => {
  let world: TestWorld;
  let sink: SmtpSink;
  let server: App;

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
        lastName: 'Soon',
        preferredLanguage: 'en',
        emails: [{ address: `${key}.soon@example.com` }],
        consents,
      });
      expect(created.status, created.text).toBe(201);
    }
    server = await startOutboxServer(world, sink.url, outboxIntervalMs);
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
    await world?.close();
  });

  it('delivers the e-mail long before the outbox’s next tick, to the consenting only', async () => {
    const segment = await injectAs(server, world, 'crmA', '/api/segments', {
      name: 'Soon: everyone with e-mail',
      definition: { type: 'contact', channel: 'email' },
    });
    expect(segment.status, segment.text).toBe(201);
    const created = await injectAs(server, world, 'crmA', '/api/campaigns', {
      name: 'Soon',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      variants: [{ key: 'A', contents: { en: { subject: 'Right away', mjml } } }],
    });
    expect(created.status, created.text).toBe(201);
    const sent = await injectAs(
      server,
      world,
      'crmA',
      `/api/campaigns/${created.body.id}/send`,
      {},
    );
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body).toMatchObject({ status: 'sent', queued: 1, blocked: 1 });

    // 90 s, the outbox's own tick 7 minutes away: only the ask can have sent it by then
    await waitUntilSome(() => mailTo('vera.soon@example.com').length, 90_000);
    expect(mailTo('vera.soon@example.com').map((mail) => mail.subject)).toEqual(['Right away']);
    // Oleg gave no consent: the drain that ran sent him nothing
    expect(mailTo('oleg.soon@example.com')).toEqual([]);
  });
});
