import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { decodeAttr } from './unsubscribe.ts';
import { eventPlace, registerForEvent } from './events.service.ts';
import { createEventCampaign } from './events.testing.ts';
import { linkSignerFor } from './links.ts';

const granted = [{ channel: 'email', status: 'granted', method: 'signed_form' }];
const invitation = `<mjml><mj-body><mj-section><mj-column>
  <mj-text>{{customer.firstName}}, the new Xcar is here.</mj-text>
  <mj-button href="{{links.register}}">Register</mj-button>
</mj-column></mj-section></mj-body></mjml>`;

/**
 * Seed 001's show as an event campaign: dealer A invites its customers to a showroom evening
 * with two places. Anna registers through the link in her e-mail, Boris too, Chen and Dina
 * land on the waitlist; Anna cancels and Chen moves up; the dealer marks who came.
 */
describe('a dealer invites his customers to a show with limited places', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  let campaignId: string;
  const startsAt = new Date(Date.now() + 10 * 86_400_000);

  const form = (url: string, action: 'register' | 'cancel') =>
    world.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `action=${action}`,
    });
  const linkOf = async (who: string) => {
    const signer = await linkSignerFor(world.database.db);
    const token = signer.sign({
      k: 'event',
      c: campaignId,
      p: ids[who]!,
      e: Math.floor(Date.now() / 1000) + 3600,
    });
    return `/m/e?t=${token}`;
  };

  beforeAll(async () => {
    world = await createTestWorld();
    for (const key of ['anna', 'boris', 'chen', 'dina']) {
      const created = await apiAs(world, 'managerA').post('/api/customers', {
        kind: 'person',
        firstName: key[0]!.toUpperCase() + key.slice(1),
        lastName: 'Show',
        emails: [{ address: `${key}@example.com` }],
        consents: granted,
        preferredLanguage: 'en',
      });
      expect(created.status, created.text).toBe(201);
      ids[key] = created.body.id;
    }
  });
  afterAll(async () => {
    await world.close();
  });

  it('refuses an event without a time or capacity, and a registration-rate test of a plain mailing', async () => {
    const api = apiAs(world, 'crmA');
    const segment = await api.post('/api/segments', {
      name: 'Show guests',
      definition: { type: 'consent', channel: 'email' },
    });
    expect(segment.status, segment.text).toBe(201);
    const base = {
      name: 'Xcar show',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      variants: [{ key: 'A', contents: { en: { subject: 'Invitation', mjml: invitation } } }],
    };
    const bad = await api.post('/api/campaigns', { ...base, kind: 'event' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'eventCapacity',
      'eventStartsAt',
    ]);
    const plain = await api.post('/api/campaigns', { ...base, abMetric: 'registration_rate' });
    expect(plain.status).toBe(400);
    expect(plain.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['abMetric']);

    const created = await api.post('/api/campaigns', {
      ...base,
      kind: 'event',
      eventVenue: 'Showroom, Lenina 1',
      eventStartsAt: startsAt.toISOString(),
      eventCapacity: 2,
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ kind: 'event', eventCapacity: 2 });
    campaignId = created.body.id;
    const sent = await api.post(`/api/campaigns/${campaignId}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body.queued).toBe(4);
  });

  it('registers through the personal link in the e-mail, then fills the waitlist in order', async () => {
    const message = await world.database.db
      .selectFrom('outbox_messages')
      .select('body_html')
      .where('customer_id', '=', ids.anna!)
      .executeTakeFirstOrThrow();
    // the register button is click-tracked: the redirect's signed target is Anna's page
    const signer = await linkSignerFor(world.database.db);
    const targets = [...(message.body_html ?? '').matchAll(/\/m\/c\?t=([^"&\s]+)/g)]
      .map((match) => signer.verify(decodeAttr(match[1]!)))
      .flatMap((payload) => (payload?.k === 'click' ? [payload.u] : []));
    const registerUrl = targets.find((url) => url.includes('/m/e?t='));
    expect(registerUrl).toBeDefined();
    const url = new URL(registerUrl!);
    const link = url.pathname + url.search;

    const page = await world.app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Xcar show');
    expect(page.body).toContain('Showroom, Lenina 1');
    expect(page.body).toContain('value="register"');
    const done = await form(link, 'register');
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('data-status="registered"');
    // a second press changes nothing
    expect((await form(link, 'register')).body).toContain('data-status="registered"');

    expect((await form(await linkOf('boris'), 'register')).body).toContain(
      'data-status="registered"',
    );
    const chen = await form(await linkOf('chen'), 'register');
    expect(chen.body).toContain('data-status="waitlisted"');
    expect(chen.body).toContain('number 1 on the waiting list');
    expect((await form(await linkOf('dina'), 'register')).body).toContain('number 2');
  });

  it('gives a freed place to the first on the waitlist', async () => {
    const anna = await form(await linkOf('anna'), 'cancel');
    expect(anna.body).toContain('data-status="cancelled"');
    const list = await apiAs(world, 'crmA').get(`/api/campaigns/${campaignId}/registrations`);
    expect(list.status, list.text).toBe(200);
    expect(list.body).toMatchObject({ capacity: 2, registered: 2, waitlisted: 1, cancelled: 1 });
    const byStatus = (status: string) =>
      list.body.items
        .filter((item: { status: string }) => item.status === status)
        .map((item: { customerId: string }) => item.customerId);
    expect(byStatus('registered').sort()).toEqual([ids.boris, ids.chen].sort());
    expect(byStatus('waitlisted')).toEqual([ids.dina]);
    expect((await world.app.inject({ method: 'GET', url: await linkOf('dina') })).body).toContain(
      'number 1',
    );
  });

  it('marks who came (registered people only) and counts registrations per variant', async () => {
    const api = apiAs(world, 'crmA');
    // attendance opens on the event's day (event-attendance.api.test.ts): the show begins now
    await sql`update marketing_campaigns set event_starts_at = now() - interval '1 hour'
      where id = ${campaignId}`.execute(world.database.db);
    const marked = await api.post(`/api/campaigns/${campaignId}/attendance`, {
      customerIds: [ids.boris, ids.dina],
    });
    expect(marked.status, marked.text).toBe(200);
    expect(marked.body.updated).toBe(1);
    const list = await api.get(`/api/campaigns/${campaignId}/registrations`);
    expect(list.body.attended).toBe(1);
    const report = await api.get(`/api/campaigns/${campaignId}`);
    // Boris, Chen registered, Dina waiting: three of the four invitees answered
    expect(report.body.results.variants[0].registered).toBe(3);
    const bad = await api.post(`/api/campaigns/${campaignId}/attendance`, {
      customerIds: ['nope'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toMatch(/^customerIds/);
    // another dealer neither sees the list nor marks it
    expect(
      (await apiAs(world, 'managerB').get(`/api/campaigns/${campaignId}/registrations`)).status,
    ).toBe(404);
  });

  it('closes registration when the event begins, and refuses forged links', async () => {
    await expect(
      registerForEvent(world.database.db, campaignId, ids.anna!, new Date(startsAt.getTime() + 1)),
    ).rejects.toThrow(/begun/);
    const forged = await world.app.inject({ method: 'GET', url: '/m/e?t=forged.token' });
    expect(forged.statusCode).toBe(404);
  });

  it('gives the last place to one of four people registering at the same moment', async () => {
    const api = apiAs(world, 'crmA');
    const db = world.database.db;
    const segment = await api.post('/api/segments', {
      name: 'Test drive day guests',
      definition: { type: 'consent', channel: 'email' },
    });
    // a race is won or lost by milliseconds: a few rounds, each a new event with one place
    for (const round of [1, 2, 3]) {
      const eventId = await createEventCampaign(world, {
        name: `Test drive day ${round}`,
        startsAt,
        capacity: 1,
        segmentId: segment.body.id,
        mjml: invitation,
      });
      // the page reads the place without the lock (it is no registration)
      expect((await eventPlace(db, eventId, ids.anna!)).place).toBeNull();
      // on PostgreSQL, open the pool's connections first, so that the four really overlap
      await Promise.all([1, 2, 3, 4].map(() => sql`select pg_sleep(0.02)`.execute(db)));
      const places = await Promise.all(
        ['anna', 'boris', 'chen', 'dina'].map((who) => registerForEvent(db, eventId, ids[who]!)),
      );
      expect(places.map((place) => place.status).sort()).toEqual([
        'registered',
        'waitlisted',
        'waitlisted',
        'waitlisted',
      ]);
      const list = await api.get(`/api/campaigns/${eventId}/registrations`);
      expect(list.body).toMatchObject({ capacity: 1, registered: 1, waitlisted: 3 });
    }
  });
});
