import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { enrol, newCustomer, setUpClubX } from './club.testing.ts';

/**
 * Dealer A plans a golf day for two members: the seats run out, the one who came earns the
 * event's points once, and partner perks follow the member's tier.
 */
describe('member events and partner perks', () => {
  let world: TestWorld;
  let clubId: string;
  let eventId: string;
  const members: { id: string }[] = [];

  beforeAll(async () => {
    world = await createTestWorld();
    clubId = (await setUpClubX(world)).clubId;
    for (const name of ['Первый', 'Второй', 'Третий']) {
      members.push(await enrol(world, clubId, await newCustomer(world, 'A', name)));
    }
  });
  afterAll(async () => world.close());

  it('a dealer manager plans an event for his dealer; a consultant may not', async () => {
    const body = {
      title: 'Golf day',
      kind: 'golf',
      venue: 'Pine Creek Golf Club',
      startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      capacity: 2,
      points: 300,
    };
    expect(
      (await apiAs(world, 'consultantA1').post(`/api/club/clubs/${clubId}/events`, body)).status,
    ).toBe(403);
    const bad = await apiAs(world, 'managerA').post(`/api/club/clubs/${clubId}/events`, {
      ...body,
      capacity: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('capacity');
    // another dealer's event is not his to plan
    const foreign = await apiAs(world, 'managerA').post(`/api/club/clubs/${clubId}/events`, {
      ...body,
      dealerCode: 'B',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields[0]).toMatchObject({ path: 'dealerCode', code: 'unknown' });
    const created = await apiAs(world, 'managerA').post(`/api/club/clubs/${clubId}/events`, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      dealerCode: 'A',
      capacity: 2,
      points: 300,
      registered: 0,
    });
    eventId = created.body.id;
    expect((await apiAs(world, 'managerB').get(`/api/club/events/${eventId}`)).status).toBe(404);
    expect((await apiAs(world, 'managerB').get('/api/club/events')).body.total).toBe(0);
  });

  it('registration stops at the capacity; a cancellation frees the seat', async () => {
    const api = apiAs(world, 'consultantA1');
    const [a, b] = await Promise.all([
      api.post(`/api/club/events/${eventId}/registrations`, { memberId: members[0]!.id }),
      api.post(`/api/club/events/${eventId}/registrations`, { memberId: members[1]!.id }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const full = await api.post(`/api/club/events/${eventId}/registrations`, {
      memberId: members[2]!.id,
    });
    expect(full.status).toBe(409);
    expect(full.body.error.fields[0]).toMatchObject({ code: 'full', params: { capacity: 2 } });
    await api.post(`/api/club/events/${eventId}/cancellations`, { memberId: members[1]!.id });
    const now = await api.post(`/api/club/events/${eventId}/registrations`, {
      memberId: members[2]!.id,
    });
    expect(now.status).toBe(201);
    expect(now.body.registered).toBe(2);
  });

  it('attendance earns the event’s points once, and not before the event', async () => {
    const api = apiAs(world, 'managerA');
    const early = await api.post(`/api/club/events/${eventId}/attendance`, {
      memberIds: [members[0]!.id],
    });
    expect(early.status).toBe(409);
    await sql`update club_events set starts_at = now() - interval '1 day' where id = ${eventId}`.execute(
      world.database.db,
    );
    // member 1 came without a registration (walk-in)
    const came = await api.post(`/api/club/events/${eventId}/attendance`, {
      memberIds: [members[0]!.id, members[1]!.id],
    });
    expect(came.status).toBe(200);
    expect(came.body.attended).toBe(2);
    await api.post(`/api/club/events/${eventId}/attendance`, { memberIds: [members[0]!.id] });
    const points = await api.get(`/api/club/members/${members[0]!.id}/points`);
    expect(points.body.balance).toBe(300);
    expect(points.body.items).toEqual([
      expect.objectContaining({ source: 'event', reason: 'Golf day' }),
    ]);
    const detail = await api.get(`/api/club/events/${eventId}`);
    expect(detail.body.registrations.filter((r: { attended: boolean }) => r.attended)).toHaveLength(
      2,
    );
  });

  it('partner perks follow the member’s tier', async () => {
    const partner = await apiAs(world, 'admin').post(`/api/club/clubs/${clubId}/partners`, {
      name: 'Pine Creek Golf Club',
      category: 'golf',
      city: 'Moscow',
    });
    expect(partner.status).toBe(201);
    expect(partner.body.dealerCode ?? null).toBeNull();
    // a dealer's own partner belongs to his dealer; another dealer's is refused
    const local = await apiAs(world, 'managerA').post(`/api/club/clubs/${clubId}/partners`, {
      name: 'Car wash on Tverskaya',
      category: 'car_care',
    });
    expect(local.status).toBe(201);
    expect(local.body.dealerCode).toBe('A');
    const foreign = await apiAs(world, 'managerA').post(`/api/club/clubs/${clubId}/partners`, {
      name: 'Someone else’s hotel',
      category: 'hotel',
      dealerCode: 'B',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields[0].path).toBe('dealerCode');
    const unknownTier = await apiAs(world, 'admin').post(
      `/api/club/partners/${partner.body.id}/perks`,
      {
        title: 'Free green fee',
        minTierCode: 'platinum',
      },
    );
    expect(unknownTier.status).toBe(400);
    expect(unknownTier.body.error.fields[0].path).toBe('minTierCode');
    await apiAs(world, 'admin').post(`/api/club/partners/${partner.body.id}/perks`, {
      title: '10% off lessons',
      minTierCode: 'ordinary',
    });
    await apiAs(world, 'admin').post(`/api/club/partners/${partner.body.id}/perks`, {
      title: 'Free green fee',
      minTierCode: 'premium',
    });
    const ordinary = await apiAs(world, 'managerA').get(
      `/api/club/members/${members[0]!.id}/perks`,
    );
    expect(ordinary.body.items.map((p: { title: string }) => p.title)).toEqual(['10% off lessons']);
    await sql`update club_members set tier_id = (select id from club_tiers where code = 'premium')
               where id = ${members[0]!.id}`.execute(world.database.db);
    const premium = await apiAs(world, 'managerA').get(`/api/club/members/${members[0]!.id}/perks`);
    expect(premium.body.items.map((p: { title: string }) => p.title)).toEqual([
      '10% off lessons',
      'Free green fee',
    ]);
    await apiAs(world, 'admin').patch(`/api/club/partners/${partner.body.id}`, { active: false });
    const ended = await apiAs(world, 'managerA').get(`/api/club/members/${members[0]!.id}/perks`);
    expect(ended.body.items).toEqual([]);
  });
});
