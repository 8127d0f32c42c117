import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, startWakeStage, waitUntilSome } from '../messaging/outbox-server.testing.ts';

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
  let stage: Awaited<ReturnType<typeof startWakeStage>>;

  beforeAll(async () => {
    stage = await startWakeStage('Soon', outboxIntervalMs);
  });
  afterAll(async () => {
    await stage?.close();
  });

  it('delivers the e-mail long before the outbox’s next tick, to the consenting only', async () => {
    const { world, server, mailTo } = stage;
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
    await waitUntilSome(() => mailTo('vera').length, 90_000);
    expect(mailTo('vera').map((mail) => mail.subject)).toEqual(['Right away']);
    // Oleg gave no consent: the drain that ran sent him nothing
    expect(mailTo('oleg')).toEqual([]);
  });
});
