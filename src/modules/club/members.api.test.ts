import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';
import { linkCustomerToDealer } from '../customers/index.ts';

/**
 * The owners club of brand X: the group sets it up with seed 002's three tiers, a consultant
 * of dealer A enrols a buyer with his consent to club communications, and the member card is
 * seen exactly by the people whose scope holds the member.
 */
describe('a dealer enrols an owner in the brand’s club', () => {
  let world: TestWorld;
  let clubId: string;
  let customerId: string;
  let memberId: string;

  beforeAll(async () => {
    world = await createTestWorld();
    const customer = await apiAs(world, 'consultantA1').post('/api/customers', {
      kind: 'person',
      firstName: 'Иван',
      lastName: 'Клубный',
      dealerCode: 'A',
    });
    customerId = customer.body.id;
  });
  afterAll(async () => world.close());

  it('the group sets up club X with premium / middle / ordinary tiers', async () => {
    const brandY = await apiAs(world, 'brandY').post('/api/club/clubs', {
      code: 'XCLUB',
      name: 'Xcar Owners Club',
      brandCode: 'X',
      currency: 'RUB',
    });
    expect(brandY.status).toBe(403);
    const created = await apiAs(world, 'admin').post('/api/club/clubs', {
      code: 'xclub',
      name: 'Xcar Owners Club',
      brandCode: 'X',
      currency: 'RUB',
    });
    expect(created.status).toBe(201);
    clubId = created.body.id;
    expect(created.body.code).toBe('XCLUB');
    expect(created.body.tiers.map((tier: { code: string }) => tier.code)).toEqual([
      'ordinary',
      'middle',
      'premium',
    ]);
    const again = await apiAs(world, 'admin').post('/api/club/clubs', {
      code: 'XCLUB2',
      name: 'Second',
      brandCode: 'X',
      currency: 'RUB',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.fields[0].path).toBe('brandCode');
  });

  it('refuses tiers whose thresholds do not climb, naming the field', async () => {
    const bad = await apiAs(world, 'admin').put(`/api/club/clubs/${clubId}/tiers`, {
      tiers: [
        { code: 'ordinary', name: 'Ordinary', rank: 0, minPoints: 0 },
        { code: 'gold', name: 'Gold', rank: 1, minPoints: 0 },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('tiers.1.minPoints');
  });

  it('a consultant enrols his customer with consent and segments', async () => {
    const badTag = await apiAs(world, 'consultantA1').post(`/api/club/clubs/${clubId}/members`, {
      customerId,
      tags: ['golf'],
    });
    expect(badTag.status).toBe(400);
    expect(badTag.body.error.fields[0].path).toBe('tags.0');
    const enrolled = await apiAs(world, 'consultantA1').post(`/api/club/clubs/${clubId}/members`, {
      customerId,
      tags: ['hobby:golf', 'Industry:finance', 'model:X5', 'hobby:golf'],
      consents: [{ channel: 'sms', method: 'signed_form' }],
    });
    expect(enrolled.status).toBe(201);
    memberId = enrolled.body.id;
    expect(enrolled.body).toMatchObject({
      memberNumber: 'XCLUB-000001',
      homeDealerCode: 'A',
      tier: { code: 'ordinary', rank: 0 },
      status: 'active',
      tags: ['hobby:golf', 'industry:finance', 'model:X5'],
    });
    const twice = await apiAs(world, 'consultantA1').post(`/api/club/clubs/${clubId}/members`, {
      customerId,
    });
    expect(twice.status).toBe(409);
    const consents = await apiAs(world, 'consultantA1').get(
      `/api/customers/${customerId}/consents`,
    );
    expect(consents.body.items).toEqual([
      expect.objectContaining({ channel: 'sms', status: 'granted', purpose: 'marketing' }),
    ]);
  });

  it('the next member gets the next number; his home dealer must be one he deals with', async () => {
    const other = await apiAs(world, 'admin').post('/api/customers', {
      kind: 'person',
      lastName: 'Второй',
      dealerCode: 'B',
    });
    const notLinked = await apiAs(world, 'admin').post(`/api/club/clubs/${clubId}/members`, {
      customerId: other.body.id,
      homeDealerCode: 'A',
    });
    expect(notLinked.status).toBe(400);
    expect(notLinked.body.error.fields[0]).toMatchObject({
      path: 'homeDealerCode',
      code: 'not_linked',
    });
    const second = await apiAs(world, 'admin').post(`/api/club/clubs/${clubId}/members`, {
      customerId: other.body.id,
      homeDealerCode: 'B',
      referredByMemberNumber: 'XCLUB-000001',
    });
    expect(second.status).toBe(201);
    expect(second.body.memberNumber).toBe('XCLUB-000002');
    expect(second.body.referredBy).toEqual({
      memberNumber: 'XCLUB-000001',
      displayName: expect.stringContaining('Клубный'),
    });
  });

  it('only people whose scope holds the member see his card (404 elsewhere)', async () => {
    // dealer B services him too: B's people see the customer, yet not A's member card
    await withActor(world.database.db, systemActor('test'), (tx) =>
      linkCustomerToDealer(tx, customerId, world.dealers.B.id, 'service'),
    );
    const sees: Partial<Record<TestUserKey, boolean>> = {
      admin: true,
      brandX: true,
      regionR1: true,
      managerA: true,
      consultantA1: true,
      analystX: true,
      brandY: false,
      regionR2: false,
      managerB: false,
      advisorB: false,
      managerC: false,
    };
    for (const [user, expected] of Object.entries(sees) as [TestUserKey, boolean][]) {
      const api = apiAs(world, user);
      const one = await api.get(`/api/club/members/${memberId}`);
      expect([user, one.status]).toEqual([user, expected ? 200 : 404]);
      const list = await api.get(`/api/club/members?q=Клубный`);
      expect([user, list.body.total]).toEqual([user, expected ? 1 : 0]);
    }
    const card = await apiAs(world, 'managerB').get(
      `/api/customers/${customerId}/club-memberships`,
    );
    expect(card.status).toBe(200);
    expect(card.body.items).toEqual([]);
    const own = await apiAs(world, 'managerA').get(`/api/customers/${customerId}/club-memberships`);
    expect(own.body.items.map((m: { memberNumber: string }) => m.memberNumber)).toEqual([
      'XCLUB-000001',
    ]);
  });

  it('tiers are renamed and re-ranked by code; a tier with members cannot go', async () => {
    const renamed = await apiAs(world, 'admin').put(`/api/club/clubs/${clubId}/tiers`, {
      tiers: [
        { code: 'ordinary', name: 'Classic', rank: 0, minPoints: 0 },
        { code: 'premium', name: 'Premium', rank: 1, minPoints: 20_000 },
        { code: 'gold', name: 'Gold', rank: 2, minPoints: 50_000, minSpendMinor: 10_000_000_00 },
      ],
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.tiers.map((tier: { code: string; name: string }) => tier.name)).toEqual([
      'Classic',
      'Premium',
      'Gold',
    ]);
    const dropped = await apiAs(world, 'admin').put(`/api/club/clubs/${clubId}/tiers`, {
      tiers: [{ code: 'basic', name: 'Basic', rank: 0, minPoints: 0 }],
    });
    expect(dropped.status).toBe(409);
    expect(dropped.body.error.fields[0].code).toBe('in_use');
  });

  it('lists members by segment and tier, and lets a member leave', async () => {
    const golfers = await apiAs(world, 'admin').get('/api/club/members?tag=hobby:golf');
    expect(golfers.body.total).toBe(1);
    const premium = await apiAs(world, 'admin').get('/api/club/members?tier=premium');
    expect(premium.body.total).toBe(0);
    const left = await apiAs(world, 'managerA').patch(`/api/club/members/${memberId}`, {
      status: 'left',
    });
    expect(left.status).toBe(200);
    expect(left.body.leftOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const active = await apiAs(world, 'admin').get('/api/club/members?tag=hobby:golf');
    expect(active.body.total).toBe(0);
    const byB = await apiAs(world, 'managerB').patch(`/api/club/members/${memberId}`, {
      status: 'active',
    });
    expect(byB.status).toBe(404);
  });
});
