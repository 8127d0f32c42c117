import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/**
 * Dealer A sells brand X, B sells X and Y, C sells Y only. A hands an X prospect over: to B it
 * may (B sells X), to C it may not: C could not sell him an X car, and would own him for a
 * brand it does not carry.
 */
describe('a lead is handed over only to a dealer selling its brand', () => {
  let world: TestWorld;
  let leadId: string;

  beforeAll(async () => {
    world = await createTestWorld();
    const created = await apiAs(world, 'consultantA1').post('/api/leads', {
      source: 'referral',
      brandCode: 'X',
      person: { lastName: 'Кузнецов', phones: [{ number: '+79031110777' }] },
    });
    expect(created.status).toBe(201);
    leadId = created.body.leadId;
  });
  afterAll(async () => world.close());

  it('to dealer C (brand Y only) it is a 400 naming the dealer, and nothing moves', async () => {
    const refused = await apiAs(world, 'managerA').post(`/api/leads/${leadId}/transfer`, {
      dealerCode: 'C',
      reason: 'Lives nearer to C',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual([
      expect.objectContaining({ path: 'dealerCode', code: 'invalid_choice' }),
    ]);
    const lead = await apiAs(world, 'managerA').get(`/api/leads/${leadId}`);
    expect(lead.body.dealer).toMatchObject({ code: 'A' });
    expect((await apiAs(world, 'managerC').get(`/api/leads/${leadId}`)).status).toBe(404);
    const handovers = await world.database.db
      .selectFrom('lead_handovers')
      .select('id')
      .where('lead_id', '=', leadId)
      .execute();
    expect(handovers).toEqual([]);
  });

  it('to dealer B (brands X and Y) it goes', async () => {
    const moved = await apiAs(world, 'managerA').post(`/api/leads/${leadId}/transfer`, {
      dealerCode: 'B',
      reason: 'Lives nearer to B',
    });
    expect(moved.status).toBe(204);
    const atB = await apiAs(world, 'managerB').get(`/api/leads/${leadId}`);
    expect(atB.body).toMatchObject({ brandCode: 'X', dealer: { code: 'B' } });
  });
});
