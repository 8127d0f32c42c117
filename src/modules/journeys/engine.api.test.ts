import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { runJourneys } from './engine.ts';
import type { JourneyInput } from './journey.schemas.ts';

// the server's own runner stays out of the way: the test drives the clock
process.env.JOURNEY_INTERVAL_MS = String(3_600_000);

const emailConsent = (purpose: string) => [
  { channel: 'email', status: 'granted', method: 'signed_form', purpose },
];

const mjml = `<mjml><mj-body><mj-section><mj-column>
  <mj-text>Hello {{customer.firstName}}, your {{vehicle.make}} is due.</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/**
 * Dealer A's CRM manager runs a service-reminder journey: a week before each car's service is
 * due, at 10:00 in the owner's own time zone, an e-mail; three days later a call task. Only
 * people with consent get the e-mail, a do-not-contact record stops it, a booked visit ends the
 * journey, and running the runner twice does nothing twice.
 */
describe('a service-reminder journey runs in each owner’s time', () => {
  let world: TestWorld;
  let journeyId: string;
  const ids: Record<string, string> = {};
  const vehicles: Record<string, string> = {};

  const serviceDue = '2030-03-31';
  const reminder = (): JourneyInput => ({
    name: 'Service reminder A',
    ownerLevel: 'dealer',
    dealerId: world.dealers.A.id,
    trigger: { type: 'lifecycle', event: 'service_due' },
    reentry: 'every',
    reentryDays: 60,
    goal: { type: 'service_visit' },
    defaultLanguage: 'en',
    definition: {
      start: 'week-before',
      steps: [
        {
          id: 'week-before',
          type: 'wait',
          mode: 'until',
          field: 'service_due',
          offsetDays: -7,
          atHour: 10,
          next: 'mail',
        },
        {
          id: 'mail',
          type: 'send',
          channel: 'email',
          purpose: 'service',
          content: { en: { subject: 'Service due, {{customer.firstName}}', mjml } },
          next: 'three-days',
        },
        {
          id: 'three-days',
          type: 'wait',
          mode: 'duration',
          amount: 3,
          unit: 'days',
          atHour: 9,
          next: 'call',
        },
        {
          id: 'call',
          type: 'task',
          title: { en: 'Call about the service', ru: 'Позвонить о ТО' },
          assigneeRole: 'call_center',
          next: null,
        },
      ],
    },
  });

  async function customer(key: string, body: Record<string, unknown>) {
    const created = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: key[0]!.toUpperCase() + key.slice(1),
      lastName: 'Journey',
      emails: [{ address: `${key}@example.com` }],
      ...body,
    });
    expect(created.status, created.text).toBe(201);
    ids[key] = created.body.id;
  }

  /** The care programme's daily run emitted a service-due event for the person (or skipped it). */
  async function serviceDueEvent(
    key: string,
    occurrence: string,
    emittedAt = new Date(),
    skippedReason: string | null = null,
  ) {
    await withActor(world.database.db, systemActor('test'), (tx) =>
      tx
        .insertInto('lifecycle_events')
        .values({
          event_type: 'service_due',
          customer_id: ids[key]!,
          vehicle_id: vehicles[key]!,
          dealer_id: world.dealers.A.id,
          due_date: '2030-03-10',
          payload: JSON.stringify({ serviceDueDate: serviceDue }),
          occurrence_key: occurrence,
          emitted_at: emittedAt,
          skipped_reason: skippedReason,
        })
        .execute(),
    );
  }

  const runOf = (key: string) =>
    world.database.db
      .selectFrom('journey_enrollments')
      .selectAll()
      .where('journey_id', '=', journeyId)
      .where('customer_id', '=', ids[key]!)
      .orderBy('entered_at')
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
    await customer('anna', { timezone: 'Europe/Berlin', consents: emailConsent('service') });
    await customer('shen', { timezone: 'Asia/Shanghai', consents: emailConsent('service') });
    await customer('ivan', { timezone: 'America/New_York', consents: emailConsent('service') });
    // consent for marketing only: a service message needs consent for service
    await customer('boris', { consents: emailConsent('marketing') });
    await customer('dina', { timezone: 'Europe/Berlin', consents: emailConsent('service') });
    // an open complaint: the daily run skips her service reminder (seed 002), so no journey
    await customer('kira', { timezone: 'Europe/Berlin', consents: emailConsent('service') });
    const dnc = await apiAs(world, 'crmA').post(`/api/customers/${ids.dina}/do-not-contact`, {
      channel: null,
      reason: 'manual',
    });
    expect(dnc.status, dnc.text).toBe(201);
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      for (const key of Object.keys(ids)) {
        const vehicle = await tx
          .insertInto('vehicles')
          .values({ customer_id: ids[key]!, make_name: 'Xcar', model_name: 'Alpha' })
          .returning('id')
          .executeTakeFirstOrThrow();
        vehicles[key] = vehicle.id;
      }
    });
    const created = await apiAs(world, 'crmA').post('/api/journeys', reminder());
    expect(created.status, created.text).toBe(201);
    journeyId = created.body.id;
    expect(created.body.enabled).toBe(false);
  });
  afterAll(() => world?.close());

  it('enrols nobody while the journey is disabled', async () => {
    await serviceDueEvent('anna', 'before-enabling');
    await runJourneys(world.database.db, new Date());
    expect(await runOf('anna')).toHaveLength(0);
  });

  it('enrols the owners whose service-due event comes after enabling, once each', async () => {
    const enabled = await apiAs(world, 'crmA').post(`/api/journeys/${journeyId}/enable`, {});
    expect(enabled.status, enabled.text).toBe(200);
    for (const key of ['anna', 'shen', 'ivan', 'boris', 'dina']) await serviceDueEvent(key, 'v1');
    await serviceDueEvent('kira', 'v1', new Date(), 'open_complaint');
    // the runner's clock from here on: 1 March 2030
    const now = new Date('2030-03-01T00:00:00Z');
    const first = await runJourneys(world.database.db, now);
    expect(first.entered).toBe(5);
    // a second pass reads the same events (the overlap) and enrols nobody twice
    const second = await runJourneys(world.database.db, new Date(now.getTime() + 60_000));
    expect(second.entered).toBe(0);
    // the event from before enabling did not start a run
    expect(await runOf('anna')).toHaveLength(1);
    // a reminder the care programme excluded starts no message either
    expect(await runOf('kira')).toHaveLength(0);
  });

  it('wakes each owner at 10:00 on his own clock, a week before the service is due', async () => {
    const [anna] = await runOf('anna');
    const [shen] = await runOf('shen');
    const [ivan] = await runOf('ivan');
    expect(anna!.waiting).toBe(true);
    // 24 March 2030: Berlin is on CET until the 31st (UTC+1), New York on EDT (UTC-4)
    expect(anna!.wake_at.toISOString()).toBe('2030-03-24T09:00:00.000Z');
    expect(shen!.wake_at.toISOString()).toBe('2030-03-24T02:00:00.000Z');
    expect(ivan!.wake_at.toISOString()).toBe('2030-03-24T14:00:00.000Z');
  });

  it('sends at the wake time only to whom it may, and never twice', async () => {
    // 11:00 in Berlin: Anna, Shen and Dina are due; Ivan (New York) is still asleep
    const at = new Date('2030-03-24T10:00:00Z');
    const pass = await runJourneys(world.database.db, at);
    expect(pass.advanced).toBeGreaterThanOrEqual(3);
    const [annaMail] = await messagesOf('anna');
    expect(annaMail!.status).toBe('queued');
    expect(annaMail!.purpose).toBe('service');
    expect(annaMail!.subject).toBe('Service due, Anna');
    expect(annaMail!.body).toContain('Unsubscribe');
    expect((await messagesOf('ivan')).length).toBe(0);
    const [dinaMail] = await messagesOf('dina');
    expect(dinaMail!.status).toBe('blocked');
    expect(dinaMail!.blocked_reason).toBe('do_not_contact');

    await runJourneys(world.database.db, new Date('2030-03-24T15:00:00Z'));
    const [borisMail] = await messagesOf('boris');
    expect(borisMail!.status).toBe('blocked');
    expect(borisMail!.blocked_reason).toBe('no_consent');
    expect((await messagesOf('ivan'))[0]!.status).toBe('queued');

    // passes again at the same and later times: one message per person, still
    await runJourneys(world.database.db, new Date('2030-03-24T15:00:00Z'));
    await runJourneys(world.database.db, new Date('2030-03-25T15:00:00Z'));
    for (const key of ['anna', 'shen', 'ivan', 'boris', 'dina']) {
      expect(await messagesOf(key), key).toHaveLength(1);
    }
    const [anna] = await runOf('anna');
    expect(anna!.step_id).toBe('three-days');
    expect(anna!.wake_at.toISOString()).toBe('2030-03-27T08:00:00.000Z');
  });

  it('ends the run of an owner who booked his visit: no call task for him', async () => {
    await withActor(world.database.db, systemActor('test'), (tx) =>
      tx
        .insertInto('service_visits')
        .values({
          customer_id: ids.shen!,
          vehicle_id: vehicles.shen!,
          dealer_id: world.dealers.A.id,
          visit_date: '2030-03-25',
          visit_type: 'maintenance',
          currency: 'RUB',
          // booked on the runner's clock
          created_at: new Date('2030-03-25T08:00:00Z'),
        })
        .execute(),
    );
    const pass = await runJourneys(world.database.db, new Date('2030-03-28T12:00:00Z'));
    expect(pass.converted).toBe(1);
    const [shen] = await runOf('shen');
    expect(shen!.status).toBe('converted');
    const tasks = await world.database.db
      .selectFrom('tasks')
      .select(['customer_id', 'title', 'assignee_user_id'])
      .where('description', '=', 'Service reminder A')
      .execute();
    const called = tasks.map((task) => task.customer_id).sort();
    expect(called).toEqual([ids.anna, ids.boris, ids.dina, ids.ivan].sort());
    expect(tasks.every((task) => task.assignee_user_id === world.users.callCenterA.id)).toBe(true);
    const [anna] = await runOf('anna');
    expect(anna!.status).toBe('completed');
  });

  it('counts each step: reached, sent, blocked, waiting and converted', async () => {
    const detail = await apiAs(world, 'crmA').get(`/api/journeys/${journeyId}`);
    expect(detail.status, detail.text).toBe(200);
    const step = (id: string) => detail.body.steps.find((s: { stepId: string }) => s.stepId === id);
    expect(detail.body.totals).toMatchObject({ entered: 5, converted: 1, completed: 4 });
    expect(step('mail')).toMatchObject({ reached: 5, sent: 3, blocked: 2, converted: 1 });
    expect(step('call')).toMatchObject({ reached: 4, waiting: 0 });
  });

  it('lets an owner in again only after the re-entry period', async () => {
    await serviceDueEvent('anna', 'v2', new Date('2030-04-05T11:00:00Z'));
    await runJourneys(world.database.db, new Date('2030-04-05T12:00:00Z'));
    // entered on 1 March: 60 days have not passed
    expect(await runOf('anna')).toHaveLength(1);
    await serviceDueEvent('anna', 'v3', new Date('2030-05-05T11:00:00Z'));
    await runJourneys(world.database.db, new Date('2030-05-05T12:00:00Z'));
    expect(await runOf('anna')).toHaveLength(2);
  });
});
