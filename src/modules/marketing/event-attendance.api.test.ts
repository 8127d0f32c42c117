import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { localDayAt } from './event-times.ts';
import { createEventCampaign } from './events.testing.ts';
import { registerForEvent } from './events.service.ts';

const zone = 'Europe/Moscow';

/**
 * The registrations list says whether the reader may mark attendance now, and the attendance
 * route agrees: dealer A's CRM manager cannot mark Anna as came three days before the show,
 * can on the day; an analyst reads the list but may not mark; dealer B sees nothing.
 */
describe('the event page offers marking attendance only when the server accepts it', () => {
  let world: TestWorld;
  let campaignId: string;
  const ids: Record<string, string> = {};
  // 18:00 on the showroom's clock, three days ahead
  const startsAt = localDayAt(new Date(Date.now() + 3 * 86_400_000), zone, 0, 18);
  const registrations = (user: 'crmA' | 'analystGroup' | 'managerB') =>
    apiAs(world, user).get(`/api/campaigns/${campaignId}/registrations`);
  const mark = (
    user: 'crmA' | 'analystGroup' | 'managerB',
    customerIds: string[],
    attended = true,
  ) =>
    apiAs(world, user).post(`/api/campaigns/${campaignId}/attendance`, { customerIds, attended });

  beforeAll(async () => {
    world = await createTestWorld();
    for (const [key, manager] of [
      ['anna', 'managerA'],
      ['boris', 'managerA'],
      ['oleg', 'managerB'],
    ] as const) {
      const created = await apiAs(world, manager).post('/api/customers', {
        kind: 'person',
        firstName: key,
        lastName: 'Door',
        emails: [{ address: `${key}.door@example.com` }],
      });
      expect(created.status, created.text).toBe(201);
      ids[key] = created.body.id;
    }
    campaignId = await createEventCampaign(world, { name: 'Spring show', startsAt, capacity: 1 });
    // Anna takes the one place, Boris waits; Oleg (dealer B's customer) registers too
    for (const key of ['anna', 'boris', 'oleg']) {
      await registerForEvent(world.database.db, campaignId, ids[key]!);
    }
  });
  afterAll(async () => {
    await world.close();
  });

  it('before the event’s day: the list says not yet, and marking answers 409', async () => {
    const list = await registrations('crmA');
    expect(list.status, list.text).toBe(200);
    expect(list.body.attendance).toEqual({
      mayMark: false,
      mayUndo: true,
      reason: 'not_yet',
      opensAt: localDayAt(startsAt, zone, 0, 0).toISOString(),
    });
    const early = await mark('crmA', [ids.anna!]);
    expect(early.status).toBe(409);
    expect(early.body.error.fields[0]).toMatchObject({
      path: 'attended',
      code: 'attendance_not_yet',
    });
    expect((await registrations('crmA')).body.attended).toBe(0);
  });

  it('before the event’s day a walk-in is refused the same way, and nothing is written', async () => {
    const walkIn = await apiAs(world, 'crmA').post(`/api/campaigns/${campaignId}/walk-ins`, {
      customerId: ids.anna,
    });
    expect(walkIn.status, walkIn.text).toBe(409);
    expect(walkIn.body.error.fields[0]).toMatchObject({
      path: 'attended',
      code: 'attendance_not_yet',
      params: { opensAt: localDayAt(startsAt, zone, 0, 0).toISOString() },
    });
    const created = await apiAs(world, 'crmA').post(`/api/campaigns/${campaignId}/walk-ins`, {
      newCustomer: { firstName: 'Early', phone: '+7 916 555 00 99' },
    });
    expect(created.status).toBe(409);
    const early = await world.database.db
      .selectFrom('customers')
      .select('id')
      .where('first_name', '=', 'Early')
      .execute();
    expect(early).toEqual([]);
    const list = await registrations('crmA');
    expect(list.body).toMatchObject({ attended: 0, walkIns: 0 });
    // another dealer learns nothing about the event, not even that it is closed
    expect(
      (
        await apiAs(world, 'managerB').post(`/api/campaigns/${campaignId}/walk-ins`, {
          customerId: ids.oleg,
        })
      ).status,
    ).toBe(404);
  });

  it('an analyst reads the list as read-only, and the route refuses him', async () => {
    const list = await registrations('analystGroup');
    expect(list.status, list.text).toBe(200);
    expect(list.body.attendance).toMatchObject({
      mayMark: false,
      mayUndo: false,
      reason: 'read_only',
    });
    expect((await mark('analystGroup', [ids.anna!])).status).toBe(403);
    expect((await mark('analystGroup', [ids.anna!], false)).status).toBe(403);
  });

  it('on the day: open, registered people of his scope only', async () => {
    await sql`update marketing_campaigns set event_starts_at = now() - interval '1 minute'
      where id = ${campaignId}`.execute(world.database.db);
    const list = await registrations('crmA');
    expect(list.body.attendance).toMatchObject({ mayMark: true, reason: null });
    // Boris is on the waitlist and Oleg is not dealer A's: only Anna is marked
    const marked = await mark('crmA', [ids.anna!, ids.boris!, ids.oleg!]);
    expect(marked.status, marked.text).toBe(200);
    expect(marked.body.updated).toBe(1);
    const after = await registrations('crmA');
    expect(after.body.attended).toBe(1);
    expect(after.body.items.map((item: { customerId: string }) => item.customerId)).not.toContain(
      ids.oleg,
    );
    const undone = await mark('crmA', [ids.anna!], false);
    expect(undone.body.updated).toBe(1);
    // the walk-in is open too: Anna had a place and is marked as came
    const walkIn = await apiAs(world, 'crmA').post(`/api/campaigns/${campaignId}/walk-ins`, {
      customerId: ids.anna,
    });
    expect(walkIn.status, walkIn.text).toBe(201);
    expect(walkIn.body).toMatchObject({ walkIn: false });
    expect((await registrations('crmA')).body.attended).toBe(1);
  });

  it('another dealer neither sees the flag nor marks', async () => {
    expect((await registrations('managerB')).status).toBe(404);
    expect((await mark('managerB', [ids.oleg!])).status).toBe(404);
  });
});
