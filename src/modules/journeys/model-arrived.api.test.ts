import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { runJourneys } from './engine.ts';
import type { JourneyInput } from './journey.schemas.ts';
import { readyMadeJourneys } from './ready-made.ts';
import { decodeAttr } from '../marketing/unsubscribe.ts';

process.env.JOURNEY_INTERVAL_MS = String(3_600_000);

const mjml = `<mjml><mj-body><mj-section><mj-column>
  <mj-text>{{customer.firstName}}, the {{arrival.make}} {{arrival.model}} you asked about is here.</mj-text>
  <mj-text><a href="https://dealer-a.example/book?model=x5&amp;d=1">Book a test drive</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/**
 * Dealer A's CRM manager invites prospects to a test drive when the X5 they asked about
 * arrives. An X5 recorded at A brings in exactly A's prospects with an open lead for the X5,
 * once; not those who asked about another model, lost leads, or B's prospects; and only
 * those with consent get the e-mail.
 */
describe('a car arriving in stock invites the prospects who asked about the model', () => {
  let world: TestWorld;
  let journeyId: string;
  const ids: Record<string, string> = {};

  const journey = (): JourneyInput => ({
    name: 'X5 arrived: test drive',
    ownerLevel: 'dealer',
    dealerId: world.dealers.A.id,
    trigger: { type: 'model_arrived', make: 'Xcar', model: 'X5' },
    reentry: 'once',
    goal: { type: 'test_drive' },
    defaultLanguage: 'en',
    definition: {
      start: 'invite',
      steps: [
        {
          id: 'invite',
          type: 'send',
          channel: 'email',
          content: { en: { subject: 'Your {{arrival.model}} is here', mjml } },
          next: null,
        },
      ],
    },
  });

  async function prospect(
    key: string,
    model: string,
    options: { consultant?: 'consultantA1' | 'consultantB1'; consent?: boolean } = {},
  ) {
    const lead = await apiAs(world, options.consultant ?? 'consultantA1').post('/api/leads', {
      source: 'own_prospecting',
      person: {
        firstName: key[0]!.toUpperCase() + key.slice(1),
        lastName: 'Arrival',
        emails: [{ address: `${key}@example.com` }],
        preferredLanguage: 'en',
      },
      vehicles: [{ make: 'Xcar', model }],
    });
    expect(lead.status, lead.text).toBe(201);
    ids[key] = lead.body.customerId;
    ids[`${key}Lead`] = lead.body.leadId;
    if (options.consent) {
      const consent = await apiAs(world, 'crmA').post(`/api/customers/${ids[key]}/consents`, {
        channel: 'email',
        status: 'granted',
        method: 'signed_form',
        purpose: 'marketing',
      });
      expect(consent.status, consent.text).toBe(204);
    }
  }

  const runsOf = (key: string) =>
    world.database.db
      .selectFrom('journey_enrollments')
      .selectAll()
      .where('journey_id', '=', journeyId)
      .where('customer_id', '=', ids[key]!)
      .execute();
  const messagesOf = (key: string) =>
    world.database.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('customer_id', '=', ids[key]!)
      .where('source_kind', '=', 'journey')
      .execute();

  beforeAll(async () => {
    world = await createTestWorld();
    await prospect('anna', 'X5', { consent: true });
    await prospect('boris', 'X5');
    await prospect('cyril', 'X3', { consent: true });
    await prospect('dora', 'X5', { consent: true });
    await prospect('egor', 'X5', { consultant: 'consultantB1' });
    const lost = await apiAs(world, 'consultantA1').post(`/api/leads/${ids.doraLead}/stage`, {
      stage: 'lost',
      lostReason: 'bought_competitor',
    });
    expect(lost.status, lost.text).toBe(200);
    const created = await apiAs(world, 'crmA').post('/api/journeys', journey());
    expect(created.status, created.text).toBe(201);
    journeyId = created.body.id;
    const enabled = await apiAs(world, 'crmA').post(`/api/journeys/${journeyId}/enable`, {});
    expect(enabled.status, enabled.text).toBe(200);
  });
  afterAll(() => world?.close());

  it('a consultant records an arrival; bad input is refused naming the field', async () => {
    const api = apiAs(world, 'consultantA1');
    const noModel = await api.post('/api/stock-arrivals', { make: 'Xcar' });
    expect(noModel.status).toBe(400);
    expect(noModel.text).toContain('model');
    const badVin = await api.post('/api/stock-arrivals', {
      make: 'Xcar',
      model: 'X5',
      vin: 'NOT-A-VIN',
    });
    expect(badVin.status).toBe(400);
    expect(badVin.body.error.fields).toEqual([expect.objectContaining({ path: 'vin' })]);
    const otherDealer = await api.post('/api/stock-arrivals', {
      make: 'Xcar',
      model: 'X5',
      dealerCode: 'B',
    });
    expect(otherDealer.status).toBe(403);
    const noRight = await apiAs(world, 'callCenterA').post('/api/stock-arrivals', {
      make: 'Xcar',
      model: 'X5',
    });
    expect(noRight.status).toBe(403);

    // lower case on purpose: the trigger matches the model whatever its case
    const arrival = await api.post('/api/stock-arrivals', { make: 'xcar', model: 'x5', trim: 'M' });
    expect(arrival.status, arrival.text).toBe(201);
    expect(arrival.body).toMatchObject({ dealerCode: 'A', make: 'xcar', model: 'x5', trim: 'M' });
    const atB = await apiAs(world, 'consultantB1').post('/api/stock-arrivals', {
      make: 'Xcar',
      model: 'X5',
    });
    expect(atB.status, atB.text).toBe(201);
    // each dealer sees its own stock
    const seenByB = await apiAs(world, 'consultantB1').get('/api/stock-arrivals');
    expect(seenByB.body.items.map((a: { dealerCode: string }) => a.dealerCode)).toEqual(['B']);
    const seenByGroup = await apiAs(world, 'admin').get('/api/stock-arrivals?model=X5');
    expect(seenByGroup.body.items).toHaveLength(2);
  });

  it('enters exactly A’s open prospects for the X5, and mails only the one with consent', async () => {
    const pass = await runJourneys(world.database.db, new Date(Date.now() + 1000));
    expect(pass.entered).toBe(2);
    expect(await runsOf('anna')).toHaveLength(1);
    expect(await runsOf('boris')).toHaveLength(1);
    for (const key of ['cyril', 'dora', 'egor']) expect(await runsOf(key), key).toHaveLength(0);
    const [annaMail] = await messagesOf('anna');
    expect(annaMail).toMatchObject({ status: 'queued', subject: 'Your x5 is here' });
    expect(annaMail!.body).toContain('the xcar x5 you asked about');
    const [borisMail] = await messagesOf('boris');
    expect(borisMail).toMatchObject({ status: 'blocked', blocked_reason: 'no_consent' });
  });

  it('a second pass, or a second X5, brings nobody in again (enters once)', async () => {
    expect((await runJourneys(world.database.db, new Date(Date.now() + 60_000))).entered).toBe(0);
    const again = await apiAs(world, 'consultantA1').post('/api/stock-arrivals', {
      make: 'Xcar',
      model: 'X5',
    });
    expect(again.status, again.text).toBe(201);
    expect((await runJourneys(world.database.db, new Date(Date.now() + 120_000))).entered).toBe(0);
    expect(await runsOf('anna')).toHaveLength(1);
    expect(await messagesOf('anna')).toHaveLength(1);
  });

  it('counts opens and clicks of the invitation on its step, from the signed links', async () => {
    const [mail] = await messagesOf('anna');
    const html = mail!.body_html!;
    const pathOf = (pattern: RegExp) => {
      const url = new URL(decodeAttr(pattern.exec(html)![1]!));
      return url.pathname + url.search;
    };
    const pixel = pathOf(/<img src="([^"]+\/m\/j\/o\.gif\?t=[^"]+)"/);
    const click = pathOf(/href="([^"]+\/m\/j\/c\?t=[^"]+)"/);
    expect(html).not.toContain('https://dealer-a.example/book');
    const before = await apiAs(world, 'crmA').get(`/api/journeys/${journeyId}`);
    expect(before.body.steps[0]).toMatchObject({ sent: 1, opened: 0, clicked: 0 });
    const opened = await world.app.inject({ method: 'GET', url: pixel });
    expect(opened.statusCode).toBe(200);
    expect(opened.headers['content-type']).toBe('image/gif');
    const clicked = await world.app.inject({ method: 'GET', url: click });
    expect(clicked.statusCode).toBe(302);
    expect(clicked.headers.location).toBe('https://dealer-a.example/book?model=x5&d=1');
    // a second click counts the person once; a forged token records nothing
    await world.app.inject({ method: 'GET', url: click });
    const at = click.length - 3;
    const forged = click.slice(0, at) + (click[at] === 'A' ? 'B' : 'A') + click.slice(at + 1);
    expect((await world.app.inject({ method: 'GET', url: forged })).statusCode).toBe(404);
    const after = await apiAs(world, 'crmA').get(`/api/journeys/${journeyId}`);
    expect(after.body.steps[0]).toMatchObject({ sent: 1, opened: 1, clicked: 1 });
    const [log] = await world.database.db
      .selectFrom('journey_step_log')
      .select(['open_count', 'click_count'])
      .where('customer_id', '=', ids.anna!)
      .execute();
    expect(log).toEqual({ open_count: 1, click_count: 2 });
  });

  it('ships the ready-made test-drive invitation, disabled, with texts in three languages', () => {
    const template = readyMadeJourneys().find((j) => j.key === 'model-arrived-test-drive');
    expect(template?.body.trigger).toMatchObject({ type: 'model_arrived' });
    expect(readyMadeJourneys()).toHaveLength(11);
  });
});
