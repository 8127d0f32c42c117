import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { runEventCare } from './event-care.service.ts';
import { localDayAt } from './event-times.ts';
import { registerForEvent } from './events.service.ts';
import { createEventCampaign, createSentGroupEvent } from './events.testing.ts';

const zone = 'Europe/Moscow';
const hour = 3_600_000;
const granted = [{ channel: 'email', status: 'granted', method: 'signed_form' }];

type Item = {
  customerId: string;
  status: string;
  cancelledBy: { id: string; name: string } | null;
  cancelReason: string | null;
};

/**
 * Dealer A's test-drive day is full (Anna, Boris, Dina hold the places; Chen and Fay wait) and
 * the reminders are written. Anna calls: she cannot come. The CRM manager cancels her place
 * from the guest list with a reason: Chen moves up, Anna gets the cancel notice with the file
 * that takes the day out of her calendar, her waiting reminder is held back, and the list and
 * the audit trail say who cancelled and why. Dina, without e-mail consent, is cancelled and
 * told nothing; Gus, waiting, is told without a file. Dealer B and a consultant cannot do it,
 * nor can dealer A for dealer B's guest of the group's premiere. Then the day is cancelled
 * (with a reason, shown in the event's change history) and nobody is cancelled any more.
 */
describe('a CRM manager cancels one guest’s registration for him', () => {
  let world: TestWorld;
  let campaignId: string;
  let groupEventId: string;
  const ids: Record<string, string> = {};
  const startsAt = localDayAt(new Date(Date.now() + 10 * 86_400_000), zone, 0, 18);
  const db = () => world.database.db;
  const cancelUrl = (customerId: string, id = campaignId) =>
    `/api/campaigns/${id}/registrations/${customerId}/cancel`;
  const list = async (id = campaignId, user: Parameters<typeof apiAs>[1] = 'crmA') => {
    const answer = await apiAs(world, user).get(`/api/campaigns/${id}/registrations`);
    expect(answer.status, answer.text).toBe(200);
    return answer.body as { registered: number; waitlisted: number; items: Item[] };
  };
  const item = async (key: string, id = campaignId) =>
    (await list(id)).items.find((row) => row.customerId === ids[key]);
  const outbox = (customerId: string, sourceKind: string) =>
    db()
      .selectFrom('outbox_messages')
      .select(['status', 'blocked_reason', 'notice', 'subject', 'body', 'attachments'])
      .where('customer_id', '=', customerId)
      .where('source_kind', '=', sourceKind)
      .orderBy('created_at')
      .execute();
  const reminders = (customerId: string) =>
    db()
      .selectFrom('outbox_messages as o')
      .innerJoin('marketing_event_messages as m', 'm.message_id', 'o.id')
      .select(['o.status', 'o.blocked_reason'])
      .where('m.campaign_id', '=', campaignId)
      .where('m.customer_id', '=', customerId)
      .where('m.kind', '=', 'reminder')
      .execute();

  beforeAll(async () => {
    world = await createTestWorld();
    const rule = await apiAs(world, 'crmGroup').put('/api/marketing/contact-rules', {
      channel: 'email',
      maxMessages: 10,
      periodDays: 7,
      quietStart: 0,
      quietEnd: 0,
    });
    expect(rule.status, rule.text).toBe(200);
    const people: [string, 'en' | 'ru' | 'zh', boolean, 'managerA' | 'managerB'][] = [
      ['anna', 'en', true, 'managerA'],
      ['boris', 'ru', true, 'managerA'],
      ['dina', 'en', false, 'managerA'],
      ['chen', 'zh', true, 'managerA'],
      ['fay', 'en', true, 'managerA'],
      ['gus', 'en', true, 'managerA'],
      ['hal', 'en', true, 'managerA'],
      ['oleg', 'ru', true, 'managerB'],
    ];
    for (const [key, language, consent, by] of people) {
      const created = await apiAs(world, by).post('/api/customers', {
        kind: 'person',
        firstName: key[0]!.toUpperCase() + key.slice(1),
        lastName: 'Phone',
        emails: [{ address: `${key}.phone@example.com` }],
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
    for (const key of ['anna', 'boris', 'dina', 'chen', 'fay']) {
      await registerForEvent(db(), campaignId, ids[key]!);
    }
    // the 48-hour reminders are written, waiting in the outbox for their time
    expect(await runEventCare(db(), new Date(startsAt.getTime() - 47 * hour))).toMatchObject({
      reminder: 3,
    });
    groupEventId = await createSentGroupEvent(world, { startsAt, capacity: 10 });
    await registerForEvent(db(), groupEventId, ids.boris!);
    await registerForEvent(db(), groupEventId, ids.oleg!);
  });
  afterAll(async () => world.close());

  it('Anna’s place goes to Chen, she is told with a CANCEL file, her reminder is held back', async () => {
    const answer = await apiAs(world, 'crmA').post(cancelUrl(ids.anna!), {
      reason: '  Ill, called the showroom  ',
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toEqual({
      status: 'cancelled',
      heldPlace: true,
      promoted: 1,
      notices: { queued: 1, blocked: 0 },
    });
    const after = await list();
    expect(after).toMatchObject({ registered: 3, waitlisted: 1 });
    expect(after.items.find((row) => row.customerId === ids.chen)?.status).toBe('registered');
    expect(after.items.find((row) => row.customerId === ids.anna)).toMatchObject({
      status: 'cancelled',
      cancelledBy: { id: world.users.crmA.id },
      cancelReason: 'Ill, called the showroom',
    });
    const [notice, ...more] = await outbox(ids.anna!, 'event_cancel');
    expect(more).toEqual([]);
    expect(notice).toMatchObject({ status: 'queued', blocked_reason: null, notice: true });
    expect(notice!.subject).toBe('Cancelled: your registration for Test-drive day');
    expect(notice!.body).toContain('has been cancelled');
    expect(notice!.body).not.toContain('the showroom');
    const files = notice!.attachments as { content: string }[];
    expect(files).toHaveLength(1);
    expect(files[0]!.content).toContain('METHOD:CANCEL');
    // her reminder would put the entry back; Boris's still waits
    expect(await reminders(ids.anna!)).toEqual([
      { status: 'blocked', blocked_reason: 'registration_cancelled' },
    ]);
    expect(await reminders(ids.boris!)).toEqual([{ status: 'queued', blocked_reason: null }]);
    // the audit trail names who cancelled and why
    const audit = await db()
      .selectFrom('audit_log')
      .select(['actor_user_id', 'new_values'])
      .where('table_name', '=', 'marketing_event_registrations')
      .where('record_id', '=', `${campaignId}:${ids.anna}`)
      .where('action', '=', 'update')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(world.users.crmA.id);
    expect(audit.new_values).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'Ill, called the showroom',
    });
  });

  it('Dina, without e-mail consent, is cancelled and told nothing; Fay moves up', async () => {
    const answer = await apiAs(world, 'crmA').post(cancelUrl(ids.dina!));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ promoted: 1, notices: { queued: 0, blocked: 1 } });
    expect(await outbox(ids.dina!, 'event_cancel')).toEqual([
      expect.objectContaining({ status: 'blocked', blocked_reason: 'no_consent' }),
    ]);
    expect(await item('dina')).toMatchObject({ status: 'cancelled', cancelReason: null });
    expect(await item('fay')).toMatchObject({ status: 'registered' });
  });

  it('Gus, waiting, is told without a calendar file; nobody moves up', async () => {
    await registerForEvent(db(), campaignId, ids.gus!);
    expect(await item('gus')).toMatchObject({ status: 'waitlisted' });
    const answer = await apiAs(world, 'crmA').post(cancelUrl(ids.gus!), { reason: null });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toEqual({
      status: 'cancelled',
      heldPlace: false,
      promoted: 0,
      notices: { queued: 1, blocked: 0 },
    });
    const [notice] = await outbox(ids.gus!, 'event_cancel');
    expect(notice!.attachments).toEqual([]);
    expect(notice!.body).not.toContain('calendar');
  });

  it('a guest not registered, or cancelled already, is a 404', async () => {
    const crm = apiAs(world, 'crmA');
    expect((await crm.post(cancelUrl(ids.hal!))).status).toBe(404);
    expect((await crm.post(cancelUrl(ids.anna!))).status).toBe(404);
    expect(await outbox(ids.anna!, 'event_cancel')).toHaveLength(1);
  });

  it('dealer B, a consultant and dealer A for dealer B’s guest cannot cancel, and see nothing', async () => {
    expect((await apiAs(world, 'managerB').post(cancelUrl(ids.boris!))).status).toBe(404);
    expect((await apiAs(world, 'consultantA1').post(cancelUrl(ids.boris!))).status).toBe(403);
    // the group's premiere: each dealer sees it, with his own guests only
    const forA = await apiAs(world, 'crmA').post(cancelUrl(ids.oleg!, groupEventId));
    expect(forA.status).toBe(404);
    const forB = await apiAs(world, 'managerB').post(cancelUrl(ids.boris!, groupEventId));
    expect(forB.status).toBe(404);
    expect((await list(groupEventId, 'managerB')).items.map((row) => row.customerId)).toEqual([
      ids.oleg,
    ]);
    expect(await item('boris')).toMatchObject({ status: 'registered', cancelledBy: null });
    expect(await item('boris', groupEventId)).toMatchObject({ status: 'registered' });
  });

  it('bad input is a 400 naming the field', async () => {
    const crm = apiAs(world, 'crmA');
    const long = await crm.post(cancelUrl(ids.boris!), { reason: 'x'.repeat(501) });
    expect(long.status).toBe(400);
    expect(long.body.error.fields[0].path).toBe('reason');
    const extra = await crm.post(cancelUrl(ids.boris!), { notify: false });
    expect(extra.status).toBe(400);
    const badId = await crm.post(`/api/campaigns/${campaignId}/registrations/nobody/cancel`, {});
    expect(badId.status).toBe(400);
    expect(badId.body.error.fields[0].path).toBe('customerId');
    expect(await item('boris')).toMatchObject({ status: 'registered' });
  });

  it('the day is cancelled with a reason: the history shows it, and no guest is cancelled any more', async () => {
    const crm = apiAs(world, 'crmA');
    const cancelled = await crm.post(`/api/campaigns/${campaignId}/event-cancel`, {
      reason: 'Showroom flooded',
    });
    expect(cancelled.status, cancelled.text).toBe(200);
    const history = await crm.get(`/api/campaigns/${campaignId}/event-details`);
    expect(history.status, history.text).toBe(200);
    const [latest] = history.body.changes;
    expect(latest).toMatchObject({
      kind: 'cancel',
      reason: 'Showroom flooded',
      sequence: 1,
      changedBy: { id: world.users.crmA.id },
      old: { venue: 'Showroom, Lenina 1', startsAt: startsAt.toISOString(), places: 3 },
      new: { venue: 'Showroom, Lenina 1', startsAt: startsAt.toISOString(), places: 3 },
      notices: cancelled.body.notices,
    });
    // dealer B still sees nothing of it
    expect(
      (await apiAs(world, 'managerB').get(`/api/campaigns/${campaignId}/event-details`)).status,
    ).toBe(404);
    const late = await crm.post(cancelUrl(ids.boris!), { reason: 'too late' });
    expect(late.status).toBe(409);
    expect(await item('boris')).toMatchObject({ status: 'registered' });
  });

  it('migration 0246 gives an event cancelled before it its history entry from the audit trail', async () => {
    const file = readFileSync(
      new URL('./migrations/0246_marketing_event_guest_cancel.sql', import.meta.url),
      'utf8',
    );
    const backfill = file.slice(file.indexOf('insert into marketing_event_changes'));
    await db().deleteFrom('marketing_event_changes').where('kind', '=', 'cancel').execute();
    await sql.raw(backfill).execute(db());
    const history = await apiAs(world, 'crmA').get(`/api/campaigns/${campaignId}/event-details`);
    expect(history.body.changes).toHaveLength(1);
    expect(history.body.changes[0]).toMatchObject({
      kind: 'cancel',
      reason: null,
      changedBy: { id: world.users.crmA.id },
      old: { venue: 'Showroom, Lenina 1', places: 3 },
    });
  });

  it('once the event has begun, no guest is cancelled (409)', async () => {
    await sql`update marketing_campaigns set event_starts_at = now() - interval '1 minute'
      where id = ${groupEventId}`.execute(db());
    const begun = await apiAs(world, 'crmA').post(cancelUrl(ids.boris!, groupEventId));
    expect(begun.status).toBe(409);
    expect(await item('boris', groupEventId)).toMatchObject({ status: 'registered' });
  });
});
