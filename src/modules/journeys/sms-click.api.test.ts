import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { runJourneys } from './engine.ts';

process.env.JOURNEY_INTERVAL_MS = String(3_600_000);

/**
 * Dealer A tells a prospect by SMS that the X5 he asked about has arrived. The booking link in
 * the SMS goes out short, and his click counts on the journey step of his run.
 */
describe('a journey’s SMS carries a short tracked link', () => {
  let world: TestWorld;
  let journeyId: string;
  let customerId: string;

  beforeAll(async () => {
    world = await createTestWorld();
    const lead = await apiAs(world, 'consultantA1').post('/api/leads', {
      source: 'own_prospecting',
      person: {
        firstName: 'Anna',
        lastName: 'Texted',
        phones: [{ number: '+7 916 555 00 11' }],
        preferredLanguage: 'en',
      },
      vehicles: [{ make: 'Xcar', model: 'X5' }],
    });
    expect(lead.status, lead.text).toBe(201);
    customerId = lead.body.customerId;
    const consent = await apiAs(world, 'crmA').post(`/api/customers/${customerId}/consents`, {
      channel: 'sms',
      status: 'granted',
      method: 'signed_form',
      purpose: 'marketing',
    });
    expect(consent.status, consent.text).toBe(204);
    const created = await apiAs(world, 'crmA').post('/api/journeys', {
      name: 'X5 arrived: SMS',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      trigger: { type: 'model_arrived', make: 'Xcar', model: 'X5' },
      reentry: 'once',
      defaultLanguage: 'en',
      definition: {
        start: 'text',
        steps: [
          {
            id: 'text',
            type: 'send',
            channel: 'sms',
            content: {
              en: {
                text: '{{customer.firstName}}, your X5 is here: https://dealer-a.example/book!',
              },
            },
            next: null,
          },
        ],
      },
    });
    expect(created.status, created.text).toBe(201);
    journeyId = created.body.id;
    expect((await apiAs(world, 'crmA').post(`/api/journeys/${journeyId}/enable`, {})).status).toBe(
      200,
    );
    const arrival = await apiAs(world, 'consultantA1').post('/api/stock-arrivals', {
      make: 'Xcar',
      model: 'X5',
    });
    expect(arrival.status, arrival.text).toBe(201);
  });
  afterAll(() => world?.close());

  it('counts the click on the run’s step and lands on the dealer’s page', async () => {
    expect((await runJourneys(world.database.db, new Date(Date.now() + 1000))).entered).toBe(1);
    const message = await world.database.db
      .selectFrom('outbox_messages')
      .select(['id', 'body', 'status'])
      .where('customer_id', '=', customerId)
      .where('source_kind', '=', 'journey')
      .executeTakeFirstOrThrow();
    expect(message.status).toBe('queued');
    const code = /^Anna, your X5 is here: http:\/\/127\.0\.0\.1:3000\/s\/(\w{10})!$/.exec(
      message.body,
    )![1]!;
    const link = await world.database.db
      .selectFrom('marketing_sms_links')
      .selectAll()
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    const [run] = await world.database.db
      .selectFrom('journey_enrollments')
      .select('id')
      .where('journey_id', '=', journeyId)
      .execute();
    expect(link).toMatchObject({
      customer_id: customerId,
      message_id: message.id,
      campaign_id: null,
      journey_run_id: run!.id,
      step_id: 'text',
      target_url: 'https://dealer-a.example/book',
    });

    const clicked = await world.app.inject({ method: 'GET', url: `/s/${code}` });
    expect(clicked.statusCode).toBe(302);
    expect(clicked.headers.location).toBe('https://dealer-a.example/book');
    const report = await apiAs(world, 'crmA').get(`/api/journeys/${journeyId}`);
    expect(report.body.steps[0]).toMatchObject({ sent: 1, clicked: 1 });
    const [log] = await world.database.db
      .selectFrom('journey_step_log')
      .select('click_count')
      .where('customer_id', '=', customerId)
      .execute();
    expect(log).toEqual({ click_count: 1 });
  });
});
