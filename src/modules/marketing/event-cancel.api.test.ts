import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { deliverQueued, smtpTransport, type OutboxTransport } from '../messaging/index.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../messaging/smtp-sink.testing.ts';
import { eventCalendarUid } from './event-calendar.ts';
import { linkSignerFor } from './links.ts';
import { runEventCare } from './event-care.service.ts';
import { localDayAt } from './event-times.ts';
import { cancelRegistration, registerForEvent } from './events.service.ts';
import { createEventCampaign, createSentGroupEvent, plainInvitation } from './events.testing.ts';

const zone = 'Europe/Moscow';
const hour = 3_600_000;
const granted = [{ channel: 'email', status: 'granted', method: 'signed_form' }];

/**
 * Dealer A's test-drive day moves an hour (the guests' calendars get the entry, SEQUENCE 1).
 * Anna cancels her place from her page: her e-mail takes the entry out of her calendar
 * (METHOD:CANCEL, her UID, STATUS:CANCELLED, SEQUENCE 2); Dina, registered at the desk without
 * e-mail consent, cancels and is told nothing. Anna comes back; then the dealer cancels the
 * whole day: every guest holding or waiting for a place is told in his language, the holders
 * with a CANCEL file newer than any file they had. None of these notices uses up the weekly
 * cap: Anna's next offer still goes, the one after it is capped. Dealer B cannot cancel the
 * event (404), dealer A cannot cancel the group's (403).
 */
describe('a guest cancels his place, then the dealer cancels the event', () => {
  let world: TestWorld;
  let sink: SmtpSink;
  let transport: OutboxTransport;
  let campaignId: string;
  let groupEventId: string;
  const ids: Record<string, string> = {};
  const startsAt = localDayAt(new Date(Date.now() + 10 * 86_400_000), zone, 0, 18);
  const db = () => world.database.db;
  const address = (key: string) => `${key}.calendar@example.com`;
  const mailTo = (key: string): ReceivedMail[] =>
    sink.received.filter((mail) => mail.to.includes(address(key)));
  const calendarOf = (mail: ReceivedMail) =>
    mail.parts.find((part) => part.contentType.startsWith('text/calendar'))?.content ?? null;
  const field = (ics: string, name: string) =>
    new RegExp(`^${name}:(.*)$`, 'm').exec(ics.replace(/\r\n[ \t]/g, ''))?.[1]?.trim() ?? null;
  const outbox = (customerId: string, sourceKind: string) =>
    db()
      .selectFrom('outbox_messages')
      .select(['status', 'blocked_reason', 'notice'])
      .where('customer_id', '=', customerId)
      .where('source_kind', '=', sourceKind)
      .orderBy('created_at')
      .execute();

  beforeAll(async () => {
    world = await createTestWorld();
    // two marketing messages a week: the invitation and one more offer
    const rule = await apiAs(world, 'crmGroup').put('/api/marketing/contact-rules', {
      channel: 'email',
      maxMessages: 2,
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
      ['fay', 'en', true],
    ];
    for (const [key, language, consent] of people) {
      const created = await apiAs(world, 'managerA').post('/api/customers', {
        kind: 'person',
        firstName: key[0]!.toUpperCase() + key.slice(1),
        lastName: 'Calendar',
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
    const crm = apiAs(world, 'crmA');
    expect((await crm.post(`/api/campaigns/${campaignId}/send`, {})).status).toBe(200);
    // Anna, Boris and Dina take the places; Chen and Fay wait
    for (const key of ['anna', 'boris', 'dina', 'chen', 'fay']) {
      await registerForEvent(db(), campaignId, ids[key]!);
    }
    groupEventId = await createSentGroupEvent(world, { startsAt, capacity: 10 });
    // the day moves an hour later: the holders get the calendar entry (SEQUENCE 1)
    const moved = await crm.put(`/api/campaigns/${campaignId}/event-details`, {
      venue: 'Showroom, Lenina 1',
      startsAt: new Date(startsAt.getTime() + hour).toISOString(),
      places: 3,
      notifyInvited: false,
    });
    expect(moved.status, moved.text).toBe(200);
    await deliverQueued(db(), transport);
  });
  afterAll(async () => {
    await sink?.close();
    await world.close();
  });

  it('Anna cancels from her page: her calendar entry is cancelled, SEQUENCE above the last', async () => {
    const [notice] = mailTo('anna').filter((mail) => mail.subject.startsWith('Changed'));
    const published = calendarOf(notice!)!;
    expect(field(published, 'METHOD')).toBe('PUBLISH');
    expect(field(published, 'SEQUENCE')).toBe('1');
    sink.received.length = 0;

    await cancelRegistration(db(), campaignId, ids.anna!);
    expect((await deliverQueued(db(), transport)).sent).toBe(1);
    const [mail] = mailTo('anna');
    expect(mail!.subject).toBe('Cancelled: your registration for Test-drive day');
    const ics = calendarOf(mail!)!;
    expect(field(ics, 'METHOD')).toBe('CANCEL');
    expect(field(ics, 'UID')).toBe(eventCalendarUid(campaignId, ids.anna!));
    expect(field(ics, 'UID')).toBe(field(published, 'UID'));
    expect(field(ics, 'STATUS')).toBe('CANCELLED');
    expect(Number(field(ics, 'SEQUENCE'))).toBe(2);
    expect(ics).toMatch(/ORGANIZER[;:]/);
    expect(ics.toLowerCase()).toContain(`attendee;role=req-participant:mailto:${address('anna')}`);
    // her place went to Chen, first on the waitlist
    const list = await apiAs(world, 'crmA').get(`/api/campaigns/${campaignId}/registrations`);
    expect(list.body.items.find((i: { customerId: string }) => i.customerId === ids.chen)).toEqual(
      expect.objectContaining({ status: 'registered' }),
    );
  });

  it('Dina, without e-mail consent, cancels and is told nothing', async () => {
    sink.received.length = 0;
    await cancelRegistration(db(), campaignId, ids.dina!);
    expect(await outbox(ids.dina!, 'event_cancel')).toEqual([
      { status: 'blocked', blocked_reason: 'no_consent', notice: true },
    ]);
    await deliverQueued(db(), transport);
    expect(mailTo('dina')).toEqual([]);
  });

  it('dealer B cannot cancel the event (404), dealer A cannot cancel the group’s (403)', async () => {
    const denied = await apiAs(world, 'managerB').post(
      `/api/campaigns/${campaignId}/event-cancel`,
      {},
    );
    expect(denied.status).toBe(404);
    const notOwner = await apiAs(world, 'crmA').post(
      `/api/campaigns/${groupEventId}/event-cancel`,
      {},
    );
    expect(notOwner.status).toBe(403);
    const campaign = await apiAs(world, 'crmA').get(`/api/campaigns/${campaignId}`);
    expect(campaign.body.status).toBe('sent');
    const bad = await apiAs(world, 'crmA').post(`/api/campaigns/${campaignId}/event-cancel`, {
      notify: false,
    });
    expect(bad.status).toBe(400);
  });

  it('the dealer cancels the day: holders and waiting guests are told, holders’ entries cancelled', async () => {
    // Anna came back: her next file must pass her CANCEL
    await registerForEvent(db(), campaignId, ids.anna!);
    sink.received.length = 0;
    const cancelled = await apiAs(world, 'crmA').post(
      `/api/campaigns/${campaignId}/event-cancel`,
      {},
    );
    expect(cancelled.status, cancelled.text).toBe(200);
    // Boris, Chen and Fay hold the places (Chen and Fay moved up), Anna came back to wait
    expect(cancelled.body).toEqual({ status: 'cancelled', notices: { queued: 4, blocked: 0 } });
    expect((await deliverQueued(db(), transport)).sent).toBe(4);
    const [boris] = mailTo('boris');
    expect(boris!.subject).toMatch(/^Отменено: Test-drive day/);
    const borisIcs = calendarOf(boris!)!;
    expect(field(borisIcs, 'METHOD')).toBe('CANCEL');
    expect(field(borisIcs, 'STATUS')).toBe('CANCELLED');
    expect(field(borisIcs, 'UID')).toBe(eventCalendarUid(campaignId, ids.boris!));
    expect(Number(field(borisIcs, 'SEQUENCE'))).toBe(2);
    const [chen] = mailTo('chen');
    expect(chen!.subject).toMatch(/^活动取消：Test-drive day/);
    expect(field(calendarOf(chen!)!, 'METHOD')).toBe('CANCEL');
    const [fay] = mailTo('fay');
    expect(fay!.subject).toMatch(/^Cancelled: Test-drive day/);
    expect(field(calendarOf(fay!)!, 'STATUS')).toBe('CANCELLED');
    // a waiting guest has no calendar entry: told, no file
    const [anna] = mailTo('anna');
    expect(anna!.subject).toMatch(/^Cancelled: Test-drive day/);
    expect(calendarOf(anna!)).toBeNull();
    expect(mailTo('dina')).toEqual([]);
    const steps = await db()
      .selectFrom('marketing_event_registrations')
      .select('calendar_steps')
      .where('campaign_id', '=', campaignId)
      .where('customer_id', '=', ids.anna!)
      .executeTakeFirstOrThrow();
    // cancelled and came back: her files now run two above the event's counter
    expect(steps.calendar_steps).toBe(2);
  });

  it('a cancelled event takes no registration, no move, no second cancel and no reminder', async () => {
    await expect(registerForEvent(db(), campaignId, ids.dina!)).rejects.toMatchObject({
      status: 409,
    });
    const crm = apiAs(world, 'crmA');
    const again = await crm.post(`/api/campaigns/${campaignId}/event-cancel`, {});
    expect(again.status).toBe(409);
    const move = await crm.put(`/api/campaigns/${campaignId}/event-details`, {
      venue: 'Elsewhere',
      startsAt: new Date(startsAt.getTime() + 2 * hour).toISOString(),
      places: 3,
      notifyInvited: false,
    });
    expect(move.status).toBe(409);
    const careSettings = await crm.put(`/api/campaigns/${campaignId}/event-care`, {
      reminderHoursBefore: 24,
      morningReminder: true,
      feedback: true,
    });
    expect(careSettings.status).toBe(409);
    const care = await runEventCare(db(), new Date(startsAt.getTime() - 20 * hour));
    expect(care).toMatchObject({ reminder: 0, morning: 0 });
    // the guest's own page says the event is off and offers no button, to holders and others
    const signer = await linkSignerFor(db());
    for (const who of ['chen', 'dina'] as const) {
      const token = signer.sign({
        k: 'event',
        c: campaignId,
        p: ids[who]!,
        e: Math.floor(Date.now() / 1000) + 3600,
      });
      const page = await world.app.inject({ method: 'GET', url: `/m/e?t=${token}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('data-state="event_cancelled"');
      expect(page.body).not.toContain('<form');
      expect(page.body).not.toContain('data-status=');
    }
  });

  it('the notices did not use up Anna’s weekly cap: one more offer goes, the next is capped', async () => {
    const crm = apiAs(world, 'crmA');
    const segment = await crm.post('/api/segments', {
      name: 'Anna',
      definition: { type: 'field', field: 'first_name', op: 'eq', values: ['Anna'] },
    });
    expect(segment.status, segment.text).toBe(201);
    const offer = async (name: string) => {
      const created = await crm.post('/api/campaigns', {
        name,
        ownerLevel: 'dealer',
        dealerId: world.dealers.A.id,
        segmentId: segment.body.id,
        currency: 'RUB',
        defaultLanguage: 'en',
        variants: [{ key: 'A', contents: { en: { subject: name, mjml: plainInvitation } } }],
      });
      expect(created.status, created.text).toBe(201);
      const sent = await crm.post(`/api/campaigns/${created.body.id}/send`, {});
      expect(sent.status, sent.text).toBe(200);
      return db()
        .selectFrom('outbox_messages')
        .select(['status', 'blocked_reason'])
        .where('customer_id', '=', ids.anna!)
        .where('source_id', '=', created.body.id)
        .executeTakeFirstOrThrow();
    };
    // invitation (1) + change, own cancel and event cancel notices (not counted)
    expect(await offer('Spring offer')).toEqual({ status: 'queued', blocked_reason: null });
    expect(await offer('Summer offer')).toEqual({
      status: 'blocked',
      blocked_reason: 'frequency_cap',
    });
  });
});
