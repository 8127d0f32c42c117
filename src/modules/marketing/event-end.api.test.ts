import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { deliverQueued, smtpTransport, type OutboxTransport } from '../messaging/index.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../messaging/smtp-sink.testing.ts';
import { eventCalendarUid } from './event-calendar.ts';
import { runEventCare } from './event-care.service.ts';
import { localDayAt, startsLocal } from './event-times.ts';
import { registerForEvent } from './events.service.ts';
import { createEventCampaign, plainInvitation } from './events.testing.ts';
import { linkSignerFor } from './links.ts';

const zone = 'Europe/Moscow';
const hour = 3_600_000;
/** 20261215T150000Z: a UTC time as iCalendar writes it */
const utc = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/**
 * An event with an end: 18:00-20:00 at dealer A's showroom. The end must come after the start
 * (400 naming the field); the guest's page, his reminder and the change notice say the range;
 * moving the start keeps the two hours unless a new end is given; an old event without an end
 * keeps showing its start only. Dealer B neither sees nor moves it.
 */
describe('an event’s end time', () => {
  let world: TestWorld;
  let campaignId: string;
  let annaId: string;
  let sink: SmtpSink;
  let transport: OutboxTransport;
  /** the calendar file of the mails delivered since the last call (through the real SMTP sink) */
  const calendars = async (): Promise<string[]> => {
    await deliverQueued(db(), transport);
    const files = sink.received.flatMap((mail: ReceivedMail) =>
      mail.parts.filter((part) => part.contentType.startsWith('text/calendar')),
    );
    sink.received.length = 0;
    return files.map((file) => file.content.replace(/\r?\n[ \t]/g, ''));
  };
  const startsAt = localDayAt(new Date(Date.now() + 10 * 86_400_000), zone, 0, 18);
  const endsAt = new Date(startsAt.getTime() + 2 * hour);
  const db = () => world.database.db;
  const details = (body: object, user: Parameters<typeof apiAs>[1] = 'crmA') =>
    apiAs(world, user).put(`/api/campaigns/${campaignId}/event-details`, body);
  const outbox = (sourceKind: string) =>
    db()
      .selectFrom('outbox_messages')
      .select(['subject', 'body'])
      .where('customer_id', '=', annaId)
      .where('source_kind', '=', sourceKind)
      .orderBy('created_at')
      .execute();

  beforeAll(async () => {
    world = await createTestWorld();
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url, 'Dealer A <crm@dealer-a.example>');
    const anna = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: 'Anna',
      lastName: 'End',
      emails: [{ address: 'anna.end@example.com' }],
      consents: [{ channel: 'email', status: 'granted', method: 'signed_form' }],
      preferredLanguage: 'en',
    });
    expect(anna.status, anna.text).toBe(201);
    annaId = anna.body.id;
  });
  afterAll(async () => {
    await sink.close();
    await world.close();
  });

  const eventBody = (extra: object) => ({
    name: 'Evening drive',
    ownerLevel: 'dealer',
    dealerId: world.dealers.A.id,
    listId: null,
    currency: 'RUB',
    defaultLanguage: 'en',
    kind: 'event',
    eventVenue: 'Showroom',
    eventStartsAt: startsAt.toISOString(),
    eventCapacity: 10,
    variants: [{ key: 'A', contents: { en: { subject: 'Come', mjml: plainInvitation } } }],
    ...extra,
  });

  it('refuses an end not after the start, naming the field', async () => {
    const segment = await apiAs(world, 'crmA').post('/api/segments', {
      name: 'End guests',
      definition: { type: 'consent', channel: 'email' },
    });
    for (const end of [startsAt, new Date(startsAt.getTime() - hour)]) {
      const refused = await apiAs(world, 'crmA').post(
        '/api/campaigns',
        eventBody({ segmentId: segment.body.id, eventEndsAt: end.toISOString() }),
      );
      expect(refused.status).toBe(400);
      expect(refused.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
        'eventEndsAt',
      ]);
    }
    const created = await apiAs(world, 'crmA').post(
      '/api/campaigns',
      eventBody({ segmentId: segment.body.id, eventEndsAt: endsAt.toISOString() }),
    );
    expect(created.status, created.text).toBe(201);
    campaignId = created.body.id;
    const read = await apiAs(world, 'crmA').get(`/api/campaigns/${campaignId}`);
    expect(read.body.eventEndsAt).toBe(endsAt.toISOString());
    expect((await apiAs(world, 'managerB').get(`/api/campaigns/${campaignId}`)).status).toBe(404);
    const sent = await apiAs(world, 'crmA').post(`/api/campaigns/${campaignId}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    await registerForEvent(db(), campaignId, annaId, new Date(startsAt.getTime() - 5 * 86_400_000));
  });

  it('the guest’s page and his reminder say the range', async () => {
    const range = startsLocal(startsAt, zone, 'en', endsAt);
    expect(range).toMatch(/6:00\s*–\s*8:00/);
    const signer = await linkSignerFor(db());
    const token = signer.sign({
      k: 'event',
      c: campaignId,
      p: annaId,
      e: Math.floor(Date.now() / 1000) + 3600,
    });
    const page = await world.app.inject({ method: 'GET', url: `/m/e?t=${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(range);
    // the default reminder goes 48 hours before the start
    await runEventCare(db(), new Date(startsAt.getTime() - 47 * hour));
    const [reminder] = await outbox('event_care');
    expect(reminder!.subject).toBe(`Reminder: Evening drive, ${range}`);
    // the e-mail carries her calendar entry: her own UID, SEQUENCE 0, times in UTC
    const [ics] = await calendars();
    expect(ics).toContain(`UID:${eventCalendarUid(campaignId, annaId)}`);
    expect(ics).toContain('SEQUENCE:0');
    expect(ics).toContain(`DTSTART:${utc(startsAt)}`);
    expect(ics).toContain(`DTEND:${utc(endsAt)}`);
    expect(ics).toContain('METHOD:PUBLISH');
  });

  it('moving the start keeps the duration; the notice says the new range', async () => {
    const later = new Date(startsAt.getTime() + 24 * hour);
    const moved = await details({ venue: 'Showroom', startsAt: later.toISOString(), places: 10 });
    expect(moved.status, moved.text).toBe(200);
    const laterEnd = new Date(later.getTime() + 2 * hour);
    expect(moved.body.details).toMatchObject({ endsAt: laterEnd.toISOString() });
    expect(moved.body.changes[0]).toMatchObject({
      old: { endsAt: endsAt.toISOString() },
      new: { endsAt: laterEnd.toISOString() },
    });
    const [notice] = await outbox('event_change');
    expect(notice!.subject).toBe(
      `Changed: Evening drive, now ${startsLocal(later, zone, 'en', laterEnd)}`,
    );
    expect(notice!.body).toContain(`before: ${startsLocal(startsAt, zone, 'en', endsAt)}`);
    // the same entry updated: same UID, the event's change counter as SEQUENCE, the new times
    const [ics] = await calendars();
    expect(ics).toContain(`UID:${eventCalendarUid(campaignId, annaId)}`);
    expect(ics).toContain('SEQUENCE:1');
    expect(ics).toContain(`DTSTART:${utc(later)}`);
    expect(ics).toContain(`DTEND:${utc(laterEnd)}`);
  });

  it('a new end only is a change of time; a bad end is a 400 naming endsAt', async () => {
    const current = (await apiAs(world, 'crmA').get(`/api/campaigns/${campaignId}/event-details`))
      .body.details;
    const startsNow = new Date(current.startsAt);
    const tooEarly = await details({
      venue: 'Showroom',
      startsAt: current.startsAt,
      endsAt: new Date(startsNow.getTime() - hour).toISOString(),
      places: 10,
    });
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.body.error.fields[0]).toMatchObject({
      path: 'endsAt',
      code: 'end_before_start',
    });
    const longer = new Date(startsNow.getTime() + 3 * hour);
    const extended = await details({
      venue: 'Showroom',
      startsAt: current.startsAt,
      endsAt: longer.toISOString(),
      places: 10,
    });
    expect(extended.status, extended.text).toBe(200);
    expect(extended.body.changes).toHaveLength(2);
    expect(extended.body.changes[0].sequence).toBe(2);
    const [ics] = await calendars();
    expect(ics).toContain('SEQUENCE:2');
    expect(ics).toContain(`DTEND:${utc(longer)}`);
    // no end at all: the start only again
    const open = await details({
      venue: 'Showroom',
      startsAt: current.startsAt,
      endsAt: null,
      places: 10,
    });
    expect(open.body.details.endsAt).toBeNull();
  });

  it('dealer B cannot move it, and an event without an end shows its start only', async () => {
    const outside = await details(
      { venue: 'X', startsAt: startsAt.toISOString(), places: 10 },
      'managerB',
    );
    expect(outside.status).toBe(404);
    const plainId = await createEventCampaign(world, { name: 'No end', startsAt, capacity: 5 });
    const plain = await apiAs(world, 'crmA').get(`/api/campaigns/${plainId}`);
    expect(plain.body.eventEndsAt).toBeNull();
    expect(startsLocal(startsAt, zone, 'en', null)).toBe(startsLocal(startsAt, zone, 'en'));
  });
});
