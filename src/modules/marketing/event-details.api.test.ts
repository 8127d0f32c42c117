import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { deliverQueued, smtpTransport, type OutboxTransport } from '../messaging/index.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../messaging/smtp-sink.testing.ts';
import { runEventCare } from './event-care.service.ts';
import { localDayAt, startsLocal } from './event-times.ts';
import { cancelRegistration, registerForEvent } from './events.service.ts';
import { createEventCampaign, createSentGroupEvent } from './events.testing.ts';

const zone = 'Europe/Moscow';
const hour = 3_600_000;
const granted = [{ channel: 'email', status: 'granted', method: 'signed_form' }];

/**
 * Dealer A's test-drive day is sent, people have registered; then the site changes and the day
 * moves two days later, with more places. The registered and waiting guests are told by e-mail
 * in their language (old and new details), who has no e-mail consent is told nothing, the
 * reminders follow the new time, and the page shows who changed what. Dealer B sees none of it;
 * dealer A cannot move the group's event.
 */
describe('a CRM manager moves a sent event to another site and day', () => {
  let world: TestWorld;
  let sink: SmtpSink;
  let transport: OutboxTransport;
  let campaignId: string;
  let groupEventId: string;
  const ids: Record<string, string> = {};
  const startsAt = localDayAt(new Date(Date.now() + 10 * 86_400_000), zone, 0, 18);
  const movedTo = new Date(startsAt.getTime() + 48 * hour);
  const db = () => world.database.db;
  const url = (id: string) => `/api/campaigns/${id}/event-details`;
  const address = (key: string) => `${key}.venue@example.com`;
  const mailTo = (key: string): ReceivedMail[] =>
    sink.received.filter((mail) => mail.to.includes(address(key)));
  const textOf = (mail: ReceivedMail) =>
    mail.parts.find((p) => p.contentType.startsWith('text/plain'))!.content;
  const outbox = (customerId: string, sourceKind: string) =>
    db()
      .selectFrom('outbox_messages')
      .select(['subject', 'body', 'status', 'blocked_reason', 'idempotency_key'])
      .where('customer_id', '=', customerId)
      .where('source_kind', '=', sourceKind)
      .orderBy('created_at')
      .execute();
  const move = (body: object, user: Parameters<typeof apiAs>[1] = 'crmA', id = campaignId) =>
    apiAs(world, user).put(url(id), body);

  beforeAll(async () => {
    world = await createTestWorld();
    // the group's premiere invites them too: room for its invitation beside this event's mail
    const rule = await apiAs(world, 'crmGroup').put('/api/marketing/contact-rules', {
      channel: 'email',
      maxMessages: 10,
      periodDays: 7,
      quietStart: 0,
      quietEnd: 0,
    });
    expect(rule.status, rule.text).toBe(200);
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url, 'Dealer A <crm@dealer-a.example>');
    const people: [string, 'en' | 'ru' | 'zh', boolean][] = [
      ['anna', 'en', true],
      ['boris', 'ru', true],
      ['dina', 'en', false],
      ['chen', 'zh', true],
      ['ed', 'en', true],
      ['fay', 'en', true],
    ];
    for (const [key, language, consent] of people) {
      const created = await apiAs(world, 'managerA').post('/api/customers', {
        kind: 'person',
        firstName: key[0]!.toUpperCase() + key.slice(1),
        lastName: 'Venue',
        emails: [{ address: address(key) }],
        consents: consent ? granted : [],
        preferredLanguage: language,
      });
      expect(created.status, created.text).toBe(201);
      ids[key] = created.body.id;
    }
    campaignId = await createEventCampaign(world, {
      name: 'Test-drive day',
      venue: 'Showroom, Lenina 1',
      startsAt,
      capacity: 3,
    });
    expect((await apiAs(world, 'crmA').post(`/api/campaigns/${campaignId}/send`, {})).status).toBe(
      200,
    );
    const week = new Date(startsAt.getTime() - 7 * 24 * hour);
    // Anna, Boris and Dina (registered at the desk: no e-mail consent) take the three places,
    // Chen waits, Fay said no, Ed never answered
    for (const key of ['anna', 'boris', 'dina', 'chen', 'fay']) {
      await registerForEvent(db(), campaignId, ids[key]!, week);
    }
    await cancelRegistration(db(), campaignId, ids.fay!, week);
    groupEventId = await createSentGroupEvent(world, {
      startsAt,
      capacity: 100,
      guests: { type: 'consent', channel: 'email' },
    });
    // the invitations go out; what the tests look at comes after
    await deliverQueued(db(), transport);
    sink.received.length = 0;
  });
  afterAll(async () => {
    await world.close();
    await sink.close();
  });

  it('the reminder two days before goes to the registered guests with consent', async () => {
    expect(await runEventCare(db(), new Date(startsAt.getTime() - 47 * hour))).toMatchObject({
      reminder: 3,
    });
    expect((await deliverQueued(db(), transport)).sent).toBe(2);
    expect(mailTo('anna')[0]!.subject).toContain('Reminder: Test-drive day');
    sink.received.length = 0;
  });

  it('refuses fewer places than people registered, a time past, and bad input, naming the field', async () => {
    const base = { venue: 'Xcar Park, Mira 5', startsAt: movedTo.toISOString(), places: 5 };
    const fewer = await move({ ...base, places: 2 });
    expect(fewer.status).toBe(400);
    expect(fewer.body.error.fields[0]).toMatchObject({ path: 'places', code: 'below_registered' });
    const past = await move({ ...base, startsAt: new Date(Date.now() - hour).toISOString() });
    expect(past.status).toBe(400);
    expect(past.body.error.fields[0].path).toBe('startsAt');
    const garbage = await move({ ...base, startsAt: 'next Friday', places: 0 });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'places',
      'startsAt',
    ]);
    // the content stays as it went out: nothing but venue, time and places is taken
    const content = await move({ ...base, name: 'Another name' });
    expect(content.status).toBe(400);
    // nothing changed, nobody told
    expect(await outbox(ids.anna!, 'event_change')).toEqual([]);
  });

  it('keeps other dealers out and lets only who runs the event move it', async () => {
    const base = { venue: 'Elsewhere', startsAt: movedTo.toISOString(), places: 5 };
    expect((await move(base, 'managerB')).status).toBe(404);
    expect((await apiAs(world, 'managerB').get(url(campaignId))).status).toBe(404);
    // a consultant of the dealer reads campaigns but does not run them
    expect((await move(base, 'consultantA1')).status).toBe(403);
    // dealer A sees the group's event but does not run it
    const seen = await apiAs(world, 'crmA').get(url(groupEventId));
    expect(seen.status, seen.text).toBe(200);
    expect(seen.body.mayEdit).toBe(false);
    expect((await move(base, 'crmA', groupEventId)).status).toBe(403);
    const details = await apiAs(world, 'crmA').get(url(campaignId));
    expect(details.body).toMatchObject({
      mayEdit: true,
      details: { venue: 'Showroom, Lenina 1', startsAt: startsAt.toISOString(), places: 3 },
      changes: [],
    });
  });

  it('moves the event: new places go to the waiting list, the guests are told in their language', async () => {
    const moved = await move({
      venue: 'Xcar Park, Mira 5',
      startsAt: movedTo.toISOString(),
      places: 5,
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.details).toEqual({
      venue: 'Xcar Park, Mira 5',
      startsAt: movedTo.toISOString(),
      // an event made without an end keeps none (event-end.api.test.ts has one with an end)
      endsAt: null,
      places: 5,
    });
    const [change] = moved.body.changes;
    expect(change).toMatchObject({
      sequence: 1,
      changedBy: { id: world.users.crmA.id },
      old: { venue: 'Showroom, Lenina 1', startsAt: startsAt.toISOString(), places: 3 },
      new: { venue: 'Xcar Park, Mira 5', startsAt: movedTo.toISOString(), places: 5 },
      promoted: 1,
      // Anna, Boris, Chen (moved up); Dina's is blocked: no e-mail consent
      notices: { queued: 3, blocked: 1 },
    });
    const registrations = await apiAs(world, 'crmA').get(
      `/api/campaigns/${campaignId}/registrations`,
    );
    expect(registrations.body).toMatchObject({ capacity: 5, registered: 4, waitlisted: 0 });

    const [dina] = await outbox(ids.dina!, 'event_change');
    expect(dina).toMatchObject({ status: 'blocked', blocked_reason: 'no_consent' });
    expect((await deliverQueued(db(), transport)).sent).toBe(3);
    expect(mailTo('dina')).toEqual([]);
    expect(mailTo('ed')).toEqual([]);
    expect(mailTo('fay')).toEqual([]);
    const [anna] = mailTo('anna');
    expect(anna!.subject).toBe(`Changed: Test-drive day, now ${startsLocal(movedTo, zone, 'en')}`);
    const annaText = textOf(anna!);
    expect(annaText).toContain(
      `When: ${startsLocal(movedTo, zone, 'en')} (before: ${startsLocal(startsAt, zone, 'en')})`,
    );
    expect(annaText).toContain('Where: Xcar Park, Mira 5 (before: Showroom, Lenina 1)');
    expect(annaText).toContain('Your place is kept');
    expect(annaText).toMatch(/\/m\/e\?t=/);
    expect(annaText).toMatch(/\/m\/u\?t=/);
    const [boris] = mailTo('boris');
    expect(boris!.subject).toContain('Изменения: Test-drive day');
    expect(textOf(boris!)).toContain(`было: ${startsLocal(startsAt, zone, 'ru')}`);
    const [chen] = mailTo('chen');
    expect(chen!.subject).toContain('活动变更');
    expect(textOf(chen!)).toContain('您的名额保留');
    const [annaRow] = await outbox(ids.anna!, 'event_change');
    expect(annaRow!.idempotency_key).toBe(`event:${campaignId}:${ids.anna}:change:1`);
  });

  it('reminds again before the new time, with the new details', async () => {
    // nothing is due at the old reminder's hour any more
    expect(await runEventCare(db(), new Date(startsAt.getTime() - 46 * hour))).toMatchObject({
      reminder: 0,
    });
    expect(await runEventCare(db(), new Date(movedTo.getTime() - 47 * hour))).toMatchObject({
      reminder: 4,
    });
    const reminders = await outbox(ids.anna!, 'event_care');
    expect(reminders).toHaveLength(2);
    expect(reminders[1]!.idempotency_key).toBe(`event:${campaignId}:${ids.anna}:reminder:1`);
    expect(reminders[1]!.body).toContain(startsLocal(movedTo, zone, 'en'));
    expect(reminders[1]!.body).toContain('Xcar Park, Mira 5');
    expect(reminders[1]).toMatchObject({ status: 'queued' });
    // Chen's first: he was waiting when the first reminders went
    const [chen] = await outbox(ids.chen!, 'event_care');
    expect(chen).toMatchObject({ status: 'queued' });
    expect(chen!.idempotency_key).toBe(`event:${campaignId}:${ids.chen}:reminder:1`);
  });

  it('holds back a reminder still waiting with old details, and tells the silent invitees when asked', async () => {
    // an hour earlier, same site and places; this time everyone invited who did not say no
    const earlier = new Date(movedTo.getTime() - hour);
    const moved = await move({
      venue: 'Xcar Park, Mira 5',
      startsAt: earlier.toISOString(),
      places: 5,
      notifyInvited: true,
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.changes.map((c: { sequence: number }) => c.sequence)).toEqual([2, 1]);
    // the reminders written for the first move never went: they said 18:00
    const [chen] = await outbox(ids.chen!, 'event_care');
    expect(chen).toMatchObject({ status: 'blocked', blocked_reason: 'event_changed' });
    const care = await apiAs(world, 'crmA').get(`/api/campaigns/${campaignId}/event-care`);
    // ...and, due again under the new hour, they are written anew when it comes
    expect(care.body.reminders).toEqual({ queued: 0, blocked: 0 });
    expect(await runEventCare(db(), new Date(earlier.getTime() - 47 * hour))).toMatchObject({
      reminder: 4,
    });
    const [, again] = await outbox(ids.chen!, 'event_care');
    expect(again).toMatchObject({
      status: 'queued',
      idempotency_key: `event:${campaignId}:${ids.chen}:reminder:2`,
    });
    expect(again!.body).toContain(startsLocal(earlier, zone, 'zh'));
    await deliverQueued(db(), transport);
    const [ed] = mailTo('ed');
    expect(ed!.subject).toContain('Changed: Test-drive day');
    // Ed holds no place: nothing about keeping it
    expect(textOf(ed!)).not.toContain('Your place is kept');
    expect(textOf(ed!)).toContain('Where: Xcar Park, Mira 5');
    expect(textOf(ed!)).not.toContain('(before: Showroom');
    expect(mailTo('fay')).toEqual([]);
  });

  it('a change of places only tells nobody and keeps the sequence', async () => {
    const before = await outbox(ids.anna!, 'event_change');
    const current = (await apiAs(world, 'crmA').get(url(campaignId))).body.details;
    const moved = await move({ ...current, places: 8 });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.changes[0]).toMatchObject({
      sequence: 2,
      old: { places: 5 },
      new: { places: 8 },
      notices: { queued: 0, blocked: 0 },
    });
    expect(await outbox(ids.anna!, 'event_change')).toHaveLength(before.length);
  });
});
