import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { runEventCare } from './event-care.service.ts';
import { localDayAt, startsLocal } from './event-times.ts';
import { createEventCampaign } from './events.testing.ts';
import { registerForEvent } from './events.service.ts';
import { linkSignerFor } from './links.ts';

const zone = 'Europe/Moscow';
const hour = 3_600_000;
const marketing = (channel: string) => ({ channel, status: 'granted', method: 'signed_form' });
const surveys = (channel: string) => ({ ...marketing(channel), purpose: 'surveys' });

/**
 * Seed 001's show after the invitations: the dealer's guests are reminded the day before and
 * the same morning, people who never registered walk in at the door, and everyone who came is
 * asked the next day how it was.
 */
describe('a dealer reminds his guests, lets walk-ins in and asks for feedback', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  let campaignId: string;
  // 18:00 on the showroom's clock, ten days ahead
  const startsAt = localDayAt(new Date(Date.now() + 10 * 86_400_000), zone, 0, 18);
  const at = (offsetMs: number) => new Date(startsAt.getTime() + offsetMs);
  const morningOf = localDayAt(startsAt, zone, 0, 8);
  const nextMorning = localDayAt(startsAt, zone, 1, 10);
  const db = () => world.database.db;

  const outbox = (customerId: string, sourceKind = 'event_care') =>
    db()
      .selectFrom('outbox_messages')
      .select(['subject', 'body', 'status', 'blocked_reason', 'purpose', 'idempotency_key'])
      .where('customer_id', '=', customerId)
      .where('source_kind', '=', sourceKind)
      .orderBy('created_at')
      .execute();

  beforeAll(async () => {
    world = await createTestWorld();
    const people: [string, 'en' | 'ru' | 'zh', object[]][] = [
      ['anna', 'en', [marketing('email'), surveys('email')]],
      ['boris', 'ru', [marketing('email')]],
      ['chen', 'zh', []],
      ['dina', 'en', [marketing('email')]],
      ['ed', 'en', [marketing('email')]],
      ['gena', 'ru', [marketing('email'), surveys('email')]],
    ];
    for (const [key, language, consents] of people) {
      const created = await apiAs(world, 'managerA').post('/api/customers', {
        kind: 'person',
        firstName: key[0]!.toUpperCase() + key.slice(1),
        lastName: 'Care',
        emails: [{ address: `${key}.care@example.com` }],
        consents,
        preferredLanguage: language,
      });
      expect(created.status, created.text).toBe(201);
      ids[key] = created.body.id;
    }
    const other = await apiAs(world, 'managerB').post('/api/customers', {
      kind: 'person',
      firstName: 'Oleg',
      lastName: 'Elsewhere',
      phones: [{ number: '+79161112233' }],
    });
    expect(other.status, other.text).toBe(201);
    ids.outside = other.body.id;

    const api = apiAs(world, 'crmA');
    campaignId = await createEventCampaign(world, {
      name: 'Xcar evening',
      venue: 'Showroom, Lenina 1',
      startsAt,
      capacity: 4,
    });
    expect((await api.post(`/api/campaigns/${campaignId}/send`, {})).status).toBe(200);
    // a week before: Anna, Boris and Chen take three of the four places
    for (const key of ['anna', 'boris', 'chen']) {
      await registerForEvent(db(), campaignId, ids[key]!, at(-7 * 24 * hour));
    }
  });
  afterAll(async () => {
    await world.close();
  });

  it('reminds two days before by default; the marketer adds a morning one', async () => {
    const api = apiAs(world, 'crmA');
    const care = await api.get(`/api/campaigns/${campaignId}/event-care`);
    expect(care.status, care.text).toBe(200);
    expect(care.body).toMatchObject({ reminderHoursBefore: 48, morningReminder: false });
    const bad = await api.put(`/api/campaigns/${campaignId}/event-care`, {
      reminderHoursBefore: 0,
      morningReminder: true,
      feedback: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('reminderHoursBefore');
    const saved = await api.put(`/api/campaigns/${campaignId}/event-care`, {
      reminderHoursBefore: 24,
      morningReminder: true,
      feedback: true,
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({ reminderHoursBefore: 24, morningReminder: true });
    expect(
      (await apiAs(world, 'managerB').get(`/api/campaigns/${campaignId}/event-care`)).status,
    ).toBe(404);
  });

  it('never reminds once the event has started, and nothing is due three days before', async () => {
    expect(await runEventCare(db(), at(hour))).toEqual({ reminder: 0, morning: 0, feedback: 0 });
    expect(await runEventCare(db(), at(-72 * hour))).toEqual({
      reminder: 0,
      morning: 0,
      feedback: 0,
    });
    expect(await outbox(ids.anna!)).toEqual([]);
  });

  it('reminds the people holding a place, in their language, with the local time and their page', async () => {
    // Ed registers after the reminder fell due (he has just seen the confirmation page), and
    // Dina after him finds the event full: she waits
    await registerForEvent(db(), campaignId, ids.ed!, at(-22 * hour));
    expect((await registerForEvent(db(), campaignId, ids.dina!, at(-21 * hour))).status).toBe(
      'waitlisted',
    );
    // the pass runs late (the server was down at the hour): it catches up
    expect(await runEventCare(db(), at(-20 * hour))).toEqual({
      reminder: 3,
      morning: 0,
      feedback: 0,
    });
    const [anna] = await outbox(ids.anna!);
    expect(anna).toMatchObject({ status: 'queued', purpose: 'marketing' });
    expect(anna!.subject).toContain('Reminder: Xcar evening');
    expect(anna!.body).toContain(startsLocal(startsAt, zone, 'en'));
    expect(anna!.body).toContain('Showroom, Lenina 1');
    expect(anna!.idempotency_key).toBe(`event:${campaignId}:${ids.anna}:reminder`);
    // the button is Anna's own page, where she can cancel
    const token = /\/m\/e\?t=([^\s)"]+)/.exec(anna!.body)![1]!;
    const signer = await linkSignerFor(db());
    expect(signer.verify(token)).toMatchObject({ k: 'event', c: campaignId, p: ids.anna });
    // her page tells the same time, on the showroom's clock, and offers to cancel
    const page = await world.app.inject({ method: 'GET', url: `/m/e?t=${token}` });
    expect(page.body).toContain(startsLocal(startsAt, zone, 'en'));
    expect(page.body).toContain('value="cancel"');
    const [boris] = await outbox(ids.boris!);
    expect(boris!.subject).toContain('Напоминание');
    expect(boris!.body).toContain(startsLocal(startsAt, zone, 'ru'));
    // Chen never gave consent for e-mail: on record, never sent
    expect(await outbox(ids.chen!)).toMatchObject([
      { status: 'blocked', blocked_reason: 'no_consent' },
    ]);
    expect(await outbox(ids.dina!)).toEqual([]);
    expect(await outbox(ids.ed!)).toEqual([]);
  });

  it('a rerun or a restart sends nothing twice', async () => {
    expect(await runEventCare(db(), at(-19 * hour))).toEqual({
      reminder: 0,
      morning: 0,
      feedback: 0,
    });
    expect(await outbox(ids.anna!)).toHaveLength(1);
  });

  it('sends the same-morning reminder at eight on the showroom clock, Ed included', async () => {
    expect(await runEventCare(db(), new Date(morningOf.getTime() - 60_000))).toMatchObject({
      morning: 0,
    });
    expect(await runEventCare(db(), new Date(morningOf.getTime() + 60_000))).toEqual({
      reminder: 0,
      morning: 4,
      feedback: 0,
    });
    const ed = await outbox(ids.ed!);
    expect(ed).toHaveLength(1);
    expect(ed[0]!.subject).toContain('Today: Xcar evening');
    const care = await apiAs(world, 'crmA').get(`/api/campaigns/${campaignId}/event-care`);
    expect(care.body).toMatchObject({
      reminders: { queued: 2, blocked: 1 },
      morningReminders: { queued: 3, blocked: 1 },
    });
  });

  // The door opens on the show's day (event-attendance.ts): these guests walk in just after
  // the start, and the story's clock goes back to ten days ahead for the feedback.
  describe('at the door, once the show has begun', () => {
    beforeAll(async () => {
      await sql`update marketing_campaigns set event_starts_at = now() - interval '1 minute'
        where id = ${campaignId}`.execute(db());
    });
    afterAll(async () => {
      await sql`update marketing_campaigns set event_starts_at = ${startsAt}
        where id = ${campaignId}`.execute(db());
    });

    it('lets an existing customer walk in: attended, a walk-in, no place taken', async () => {
      const api = apiAs(world, 'crmA');
      const gena = await api.post(`/api/campaigns/${campaignId}/walk-ins`, {
        customerId: ids.gena,
      });
      expect(gena.status, gena.text).toBe(201);
      expect(gena.body).toMatchObject({ walkIn: true, created: false, overCapacity: 1 });
      // Anna had registered: she is simply marked as came
      const anna = await api.post(`/api/campaigns/${campaignId}/walk-ins`, {
        customerId: ids.anna,
      });
      expect(anna.body).toMatchObject({ walkIn: false });
      // Dina was waiting: now she is here, outside the queue, and over the capacity
      const dina = await api.post(`/api/campaigns/${campaignId}/walk-ins`, {
        customerId: ids.dina,
      });
      expect(dina.body).toMatchObject({ walkIn: true, overCapacity: 2 });
      const list = await api.get(`/api/campaigns/${campaignId}/registrations`);
      expect(list.body).toMatchObject({
        capacity: 4,
        registered: 4,
        walkIns: 2,
        overCapacity: 2,
        waitlisted: 0,
        attended: 3,
      });
      const walkIns = list.body.items
        .filter((item: { walkIn: boolean }) => item.walkIn)
        .map((item: { customerId: string }) => item.customerId)
        .sort();
      expect(walkIns).toEqual([ids.dina, ids.gena].sort());
    });

    it('captures a new person at the door through the customers module', async () => {
      const api = apiAs(world, 'crmA');
      // a namesake on file under another number: the door is warned, the pair queued for review
      const namesake = await apiAs(world, 'managerA').post('/api/customers', {
        kind: 'person',
        firstName: 'Ivan',
        lastName: 'Doorman',
        phones: [{ number: '+7 916 700 12 34' }],
      });
      expect(namesake.status, namesake.text).toBe(201);
      const created = await api.post(`/api/campaigns/${campaignId}/walk-ins`, {
        newCustomer: { firstName: 'Ivan', lastName: 'Doorman', phone: '8 (916) 555-12-34' },
      });
      expect(created.status, created.text).toBe(201);
      expect(created.body).toMatchObject({ walkIn: true, created: true });
      expect(created.body.possibleDuplicates.map((d: { id: string }) => d.id)).toEqual([
        namesake.body.id,
      ]);
      const queued = await db()
        .selectFrom('duplicate_pairs')
        .select('status')
        .where('customer_a', 'in', [created.body.customerId, namesake.body.id])
        .where('customer_b', 'in', [created.body.customerId, namesake.body.id])
        .execute();
      expect(queued).toEqual([{ status: 'open' }]);
      const customer = await api.get(`/api/customers/${created.body.customerId}`);
      expect(customer.status, customer.text).toBe(200);
      expect(JSON.stringify(customer.body)).toContain('+79165551234');
      ids.ivan = created.body.customerId;
      // Yana agrees at the door to be asked for feedback: consent for her e-mail, purpose surveys
      const yana = await api.post(`/api/campaigns/${campaignId}/walk-ins`, {
        newCustomer: { firstName: 'Yana', email: 'Yana.Door@Example.com', surveyConsent: true },
      });
      expect(yana.status, yana.text).toBe(201);
      ids.yana = yana.body.customerId;
      const consent = await db()
        .selectFrom('consents')
        .select(['channel', 'purpose', 'status'])
        .where('customer_id', '=', ids.yana!)
        .execute();
      expect(consent).toEqual([{ channel: 'email', purpose: 'surveys', status: 'granted' }]);
    });

    it('refuses bad input naming the field, and writes nothing', async () => {
      const api = apiAs(world, 'crmA');
      const count = async () =>
        (
          await db()
            .selectFrom('customers')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n;
      const before = await count();
      const noContact = await api.post(`/api/campaigns/${campaignId}/walk-ins`, {
        newCustomer: { firstName: 'Nobody' },
      });
      expect(noContact.status).toBe(400);
      expect(noContact.body.error.fields[0].path).toBe('newCustomer.phone');
      const badEmail = await api.post(`/api/campaigns/${campaignId}/walk-ins`, {
        newCustomer: { firstName: 'Typo', email: 'not-an-address' },
      });
      expect(badEmail.status, badEmail.text).toBe(400);
      expect(badEmail.body.error.fields[0].path).toBe('newCustomer.email');
      const neither = await api.post(`/api/campaigns/${campaignId}/walk-ins`, {});
      expect(neither.status).toBe(400);
      expect(neither.body.error.fields[0].path).toBe('customerId');
      expect(await count()).toBe(before);
    });

    it('a user cannot walk in a customer outside his scope, nor another dealer’s event', async () => {
      const outside = await apiAs(world, 'crmA').post(`/api/campaigns/${campaignId}/walk-ins`, {
        customerId: ids.outside,
      });
      expect(outside.status).toBe(404);
      const otherDealer = await apiAs(world, 'managerB').post(
        `/api/campaigns/${campaignId}/walk-ins`,
        { customerId: ids.outside },
      );
      expect(otherDealer.status).toBe(404);
      const list = await apiAs(world, 'crmA').get(`/api/campaigns/${campaignId}/registrations`);
      expect(list.body.items.map((item: { customerId: string }) => item.customerId)).not.toContain(
        ids.outside,
      );
    });
  });

  it('asks everyone who came for feedback the next day, once, with survey consent', async () => {
    expect(await runEventCare(db(), new Date(nextMorning.getTime() - 60_000))).toMatchObject({
      feedback: 0,
    });
    // Anna, Dina, Gena, Ivan and Yana came; Boris, Chen and Ed did not
    expect(await runEventCare(db(), new Date(nextMorning.getTime() + 60_000))).toEqual({
      reminder: 0,
      morning: 0,
      feedback: 5,
    });
    expect((await outbox(ids.yana!))[0]).toMatchObject({ status: 'queued', purpose: 'surveys' });
    const feedback = (await outbox(ids.anna!)).filter((m) => m.purpose === 'surveys');
    expect(feedback).toMatchObject([{ status: 'queued', subject: 'How was Xcar evening?' }]);
    expect((await outbox(ids.gena!))[0]).toMatchObject({ status: 'queued', purpose: 'surveys' });
    // Dina consented to marketing only; Ivan has no e-mail at all
    expect((await outbox(ids.dina!)).at(-1)).toMatchObject({ blocked_reason: 'no_consent' });
    expect((await outbox(ids.ivan!))[0]).toMatchObject({ blocked_reason: 'no_recipient' });
    expect(await runEventCare(db(), new Date(nextMorning.getTime() + 2 * hour))).toMatchObject({
      feedback: 0,
    });
  });

  it('records the 1-5 rating from the signed link and shows the average', async () => {
    const [request] = (await outbox(ids.anna!)).filter((m) => m.purpose === 'surveys');
    const link = /\/m\/f\?t=[^\s)"]+/.exec(request!.body)![0];
    const page = await world.app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Xcar evening');
    expect(page.body).toContain('value="5"');
    expect(page.body).not.toContain('data-rating');
    const rated = await world.app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'rating=4',
    });
    expect(rated.statusCode).toBe(200);
    expect(rated.body).toContain('data-rating="4"');
    // Boris did not come: his link (were it forged by us) records nothing
    const signer = await linkSignerFor(db());
    const boris = signer.sign({
      k: 'feedback',
      c: campaignId,
      p: ids.boris!,
      e: Math.floor(Date.now() / 1000) + 3600,
    });
    const refused = await world.app.inject({
      method: 'POST',
      url: `/m/f?t=${boris}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'rating=1',
    });
    expect(refused.body).not.toContain('data-rating');
    const outOfRange = await world.app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'rating=9',
    });
    expect(outOfRange.statusCode).toBe(400);
    expect((await world.app.inject({ method: 'GET', url: '/m/f?t=forged.x' })).statusCode).toBe(
      404,
    );
    const care = await apiAs(world, 'crmA').get(`/api/campaigns/${campaignId}/event-care`);
    expect(care.body.rating).toEqual({ average: 4, count: 1 });
    expect(care.body.feedbackRequests).toEqual({ queued: 3, blocked: 2 });
  });

  it('a walk-in leaving frees no place, and undoing a walk-in removes him', async () => {
    const api = apiAs(world, 'crmA');
    const undone = await api.post(`/api/campaigns/${campaignId}/attendance`, {
      customerIds: [ids.ivan],
      attended: false,
    });
    expect(undone.status, undone.text).toBe(200);
    const list = await api.get(`/api/campaigns/${campaignId}/registrations`);
    expect(list.body.items.map((item: { customerId: string }) => item.customerId)).not.toContain(
      ids.ivan,
    );
    expect(list.body.walkIns).toBe(3);
  });
});
