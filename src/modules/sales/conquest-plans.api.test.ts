import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { seedCatalog, withCheckDigit } from '../vehicles/index.ts';

/**
 * Dealer A's manager plans this month from what the channels converted before: leads enter
 * through the leads module, two of them are sold and delivered through orders, and the plan
 * compares the month so far with its target.
 */
describe('a dealer manager plans the month: target, prospects per channel, plan vs actual', () => {
  let world: TestWorld;
  let model: { id: string; series: string };
  const leadIds: Record<string, string[]> = { showroom: [], referral: [] };
  let planId: string;
  // this month by the UTC calendar, like the deliveries' default date: stable at month ends
  const periodStart = `${new Date().toISOString().slice(0, 8)}01`;

  let people = 0;
  async function enterLead(source: string, index: number) {
    people += 1;
    const answer = await apiAs(world, 'consultantA1').post('/api/leads', {
      source,
      person: {
        lastName: `Покупатель${source}${index}`,
        phones: [{ number: `+7 916 700 11 ${String(people).padStart(2, '0')}` }],
      },
      intendedPurchaseDate: periodStart,
    });
    expect(answer.status).toBe(201);
    return answer.body as { leadId: string; customerId: string };
  }

  async function sell(lead: { leadId: string; customerId: string }, vinTail: string) {
    const api = apiAs(world, 'consultantA1');
    const order = await api.post('/api/orders', {
      customerId: lead.customerId,
      leadId: lead.leadId,
      modelId: model.id,
      listPriceMinor: 2_500_000_00,
    });
    expect(order.status).toBe(201);
    expect((await api.patch(`/api/orders/${order.body.id}`, { status: 'confirmed' })).status).toBe(
      204,
    );
    const delivered = await api.post(`/api/orders/${order.body.id}/deliver`, {
      vin: withCheckDigit(`LB37624S0PX${vinTail}`),
    });
    expect(delivered.status).toBe(200);
  }

  beforeAll(async () => {
    world = await createTestWorld();
    await seedCatalog(world.database.db, systemActor('test'));
    const row = await world.database.db
      .selectFrom('catalog_models')
      .select(['id', 'series'])
      .where('series', 'is not', null)
      .orderBy('name')
      .executeTakeFirstOrThrow();
    model = { id: row.id, series: row.series! };
    for (let i = 0; i < 4; i++) leadIds.showroom!.push((await enterLead('showroom', i)).leadId);
    for (let i = 0; i < 2; i++) leadIds.referral!.push((await enterLead('referral', i)).leadId);
  });
  afterAll(async () => world.close());

  it('an order moves its lead to "order", the delivery to "delivered"', async () => {
    const api = apiAs(world, 'consultantA1');
    const lead = { leadId: leadIds.showroom![0]!, customerId: '' };
    lead.customerId = (await api.get(`/api/leads/${lead.leadId}`)).body.customer.id;
    const order = await api.post('/api/orders', {
      customerId: lead.customerId,
      leadId: lead.leadId,
      modelId: model.id,
      listPriceMinor: 2_500_000_00,
    });
    expect(order.status).toBe(201);
    expect((await api.get(`/api/leads/${lead.leadId}`)).body.stage).toBe('order');
    await api.patch(`/api/orders/${order.body.id}`, { status: 'confirmed' });
    const delivered = await api.post(`/api/orders/${order.body.id}/deliver`, {
      vin: withCheckDigit('LB37624S0PX000401'),
    });
    expect(delivered.status).toBe(200);
    expect((await api.get(`/api/leads/${lead.leadId}`)).body.stage).toBe('delivered');
  });

  it('computes from the last twelve months how many prospects each channel must bring', async () => {
    const referral = leadIds.referral![0]!;
    const customerId = (await apiAs(world, 'consultantA1').get(`/api/leads/${referral}`)).body
      .customer.id;
    await sell({ leadId: referral, customerId }, '000402');
    // these six leads came in two months ago: they are the history the plan learns from
    await sql`update leads set created_at = now() - interval '2 months'`.execute(world.database.db);
    // and one new showroom visitor this month
    await enterLead('showroom', 9);

    expect(
      (
        await apiAs(world, 'consultantA1').post('/api/conquest-plans', {
          periodKind: 'month',
          periodStart,
          targets: [{ series: model.series, targetUnits: 6 }],
        })
      ).status,
    ).toBe(403);
    const saved = await apiAs(world, 'managerA').post('/api/conquest-plans', {
      periodKind: 'month',
      periodStart,
      targets: [{ series: model.series, targetUnits: 6 }],
    });
    expect(saved.status).toBe(201);
    planId = saved.body.id;

    const plan = await apiAs(world, 'managerA').get(`/api/conquest-plans/${planId}`);
    expect(plan.status).toBe(200);
    const bySource = Object.fromEntries(
      plan.body.channels.map((row: { source: string }) => [row.source, row]),
    );
    // 2 of 6 past leads bought: showroom 1 of 4, referral 1 of 2; 6 cars to sell
    // showroom: 3 cars at 25% -> 12 prospects; referral: 3 cars at 50% -> 6 prospects
    expect(bySource.showroom).toMatchObject({
      historicalLeads: 4,
      historicalDelivered: 1,
      conversionRate: 0.25,
      expectedUnits: 3,
      prospectsNeeded: 12,
      actualProspects: 1,
    });
    expect(bySource.referral).toMatchObject({ prospectsNeeded: 6, actualProspects: 0 });
    expect(bySource.website).toMatchObject({ historicalLeads: 0, prospectsNeeded: null });
    expect(plan.body.noHistory).toBe(false);
    // both cars were delivered this month
    expect(plan.body.series).toEqual([
      expect.objectContaining({ series: model.series, targetUnits: 6, actualUnits: 2 }),
    ]);
    expect(plan.body.totals).toMatchObject({
      targetUnits: 6,
      actualUnits: 2,
      prospectsNeeded: 18,
      actualProspects: 1,
    });
  });

  it('replaces the targets when the plan is saved again, and refuses bad periods', async () => {
    const api = apiAs(world, 'managerA');
    const again = await api.post('/api/conquest-plans', {
      periodKind: 'month',
      periodStart,
      targets: [{ series: model.series, targetUnits: 8 }],
    });
    expect(again.body.id).toBe(planId);
    expect((await api.get(`/api/conquest-plans/${planId}`)).body.totals.targetUnits).toBe(8);
    const midMonth = await api.post('/api/conquest-plans', {
      periodKind: 'quarter',
      periodStart: '2026-02-01',
      targets: [{ series: model.series, targetUnits: 1 }],
    });
    expect(midMonth.status).toBe(400);
    expect(midMonth.body.error.fields[0].path).toBe('periodStart');
  });

  it('dealer B does not see dealer A’s plan', async () => {
    const api = apiAs(world, 'managerB');
    expect((await api.get(`/api/conquest-plans/${planId}`)).status).toBe(404);
    expect((await api.get('/api/conquest-plans')).body.items).toEqual([]);
    const list = await apiAs(world, 'regionR1').get('/api/conquest-plans');
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([planId]);
  });
});
