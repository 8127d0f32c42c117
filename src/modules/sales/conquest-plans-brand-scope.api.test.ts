import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../auth/index.ts';
import { brandCrmUser, type BrandCall } from '../../testing/brand-crm-user.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { seedCatalog, withCheckDigit } from '../vehicles/index.ts';

type Brand = 'X' | 'Y';
type ChannelRow = { source: string; prospectsNeeded: number | null };

/**
 * Dealer B sells brands X and Y. Its manager plans the month for both; the brand X manager
 * reads the same plan as his brand's part: X's series, X's leads, deliveries of X cars only,
 * so his plan vs actual agrees with his funnel (and brand Y's part with Y's).
 */
describe('a brand manager reads his brand’s part of a two-brand dealer’s conquest plan', () => {
  let world: TestWorld;
  let call: BrandCall;
  let planId: string;
  const models = {} as Record<Brand, { id: string; series: string }>;
  const periodStart = `${new Date().toISOString().slice(0, 8)}01`;
  let people = 0;
  let vins = 0;

  async function enterLead(brand: Brand, source: string) {
    people += 1;
    const answer = await apiAs(world, 'consultantB1').post('/api/leads', {
      source,
      brandCode: brand,
      person: {
        lastName: `Покупатель${people}`,
        phones: [{ number: `+7 916 700 12 ${String(people).padStart(2, '0')}` }],
      },
      intendedPurchaseDate: periodStart,
    });
    expect(answer.status).toBe(201);
    return answer.body as { leadId: string; customerId: string };
  }

  async function sell(brand: Brand, lead: { leadId: string; customerId: string }) {
    const api = apiAs(world, 'consultantB1');
    const order = await api.post('/api/orders', {
      customerId: lead.customerId,
      leadId: lead.leadId,
      modelId: models[brand].id,
      listPriceMinor: 2_500_000_00,
    });
    expect(order.status).toBe(201);
    expect((await api.patch(`/api/orders/${order.body.id}`, { status: 'confirmed' })).status).toBe(
      204,
    );
    vins += 1;
    const delivered = await api.post(`/api/orders/${order.body.id}/deliver`, {
      vin: withCheckDigit(`LB37624S0PX${String(500 + vins).padStart(6, '0')}`),
    });
    expect(delivered.status).toBe(200);
  }

  /** leads of a brand and source: how many came, and how many of them bought */
  async function history(brand: Brand, source: string, leads: number, bought: number) {
    for (let i = 0; i < leads; i++) {
      const lead = await enterLead(brand, source);
      if (i < bought) await sell(brand, lead);
    }
  }

  beforeAll(async () => {
    world = await createTestWorld();
    const db = world.database.db;
    await seedCatalog(db, systemActor('test'));
    const brands = await db.selectFrom('brands').select(['id', 'code']).execute();
    const makes = await db.selectFrom('catalog_makes').select('id').orderBy('name').execute();
    await db.updateTable('catalog_makes').set({ brand_id: null }).execute();
    for (const [index, brand] of (['X', 'Y'] as const).entries()) {
      const makeId = makes[index]!.id;
      await db
        .updateTable('catalog_makes')
        .set({ brand_id: brands.find((row) => row.code === brand)!.id })
        .where('id', '=', makeId)
        .execute();
      const model = await db
        .selectFrom('catalog_models')
        .select(['id', 'series'])
        .where('make_id', '=', makeId)
        .where('series', 'is not', null)
        .orderBy('name')
        .executeTakeFirstOrThrow();
      models[brand] = { id: model.id, series: model.series! };
    }
    call = await brandCrmUser(world);
    // X: showroom 4 leads (1 bought), referral 2 (1 bought); Y: showroom 2 (both bought)
    await history('X', 'showroom', 4, 1);
    await history('X', 'referral', 2, 1);
    await history('Y', 'showroom', 2, 2);
    // the leads came two months ago (the history); the four cars were delivered this month
    await sql`update leads set created_at = now() - interval '2 months'`.execute(db);

    const saved = await apiAs(world, 'managerB').post('/api/conquest-plans', {
      periodKind: 'month',
      periodStart,
      targets: [
        { series: models.X.series, targetUnits: 6 },
        { series: models.Y.series, targetUnits: 4 },
      ],
    });
    expect(saved.status).toBe(201);
    planId = saved.body.id;
  });
  afterAll(async () => world.close());

  const needed = (channels: ChannelRow[]) =>
    Object.fromEntries(channels.map((row) => [row.source, row.prospectsNeeded]));

  it('the dealer manager plans with both brands: 10 cars, 4 delivered so far', async () => {
    const plan = await apiAs(world, 'managerB').get(`/api/conquest-plans/${planId}`);
    expect(plan.status).toBe(200);
    expect(plan.body.totals).toEqual({
      targetUnits: 10,
      actualUnits: 4,
      prospectsNeeded: 20,
      actualProspects: 0,
    });
    // 4 of 8 leads bought: showroom 6 leads -> 10 × 6 / 4 = 15, referral 2 -> 5
    expect(needed(plan.body.channels)).toMatchObject({ showroom: 15, referral: 5 });
    expect(plan.body.series).toEqual([
      expect.objectContaining({ series: models.X.series, targetUnits: 6, actualUnits: 2 }),
      expect.objectContaining({ series: models.Y.series, targetUnits: 4, actualUnits: 2 }),
    ]);
  });

  it('the brand X manager sees X’s target, X’s leads and the X cars delivered only', async () => {
    const plan = await apiAs(world, 'brandX').get(`/api/conquest-plans/${planId}`);
    expect(plan.status).toBe(200);
    expect(plan.body.totals).toEqual({
      targetUnits: 6,
      actualUnits: 2,
      prospectsNeeded: 18,
      actualProspects: 0,
    });
    // 2 of X's 6 leads bought: showroom 4 leads -> 6 × 4 / 2 = 12, referral 2 -> 6
    expect(needed(plan.body.channels)).toMatchObject({ showroom: 12, referral: 6 });
    expect(plan.body.series).toEqual([
      expect.objectContaining({ series: models.X.series, targetUnits: 6, actualUnits: 2 }),
    ]);
    const list = await apiAs(world, 'brandX').get('/api/conquest-plans');
    expect(list.body.items).toEqual([expect.objectContaining({ id: planId, targetUnits: 6 })]);
  });

  it('the brand Y manager sees Y’s part: 4 cars, both Y leads bought', async () => {
    const plan = await apiAs(world, 'brandY').get(`/api/conquest-plans/${planId}`);
    expect(plan.body.totals).toEqual({
      targetUnits: 4,
      actualUnits: 2,
      prospectsNeeded: 4,
      actualProspects: 0,
    });
    expect(needed(plan.body.channels)).toMatchObject({ showroom: 4, referral: null });
    expect(plan.body.series).toEqual([
      expect.objectContaining({ series: models.Y.series, targetUnits: 4, actualUnits: 2 }),
    ]);
  });

  it('the brand X CRM manager replaces X’s target and cannot touch Y’s', async () => {
    const foreign = await call('crmX', 'POST', '/api/conquest-plans', {
      dealerCode: 'B',
      periodKind: 'month',
      periodStart,
      targets: [{ series: models.Y.series, targetUnits: 1 }],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields).toEqual([
      expect.objectContaining({ path: 'targets.0.series', code: 'invalid_choice' }),
    ]);
    const own = await call('crmX', 'POST', '/api/conquest-plans', {
      dealerCode: 'B',
      periodKind: 'month',
      periodStart,
      targets: [{ series: models.X.series.toLowerCase(), targetUnits: 8 }],
    });
    expect(own.status).toBe(201);
    expect(own.body.id).toBe(planId);
    const plan = await apiAs(world, 'managerB').get(`/api/conquest-plans/${planId}`);
    // saved in the catalogue's spelling, so the X deliveries still count against it
    expect(plan.body.series).toEqual([
      expect.objectContaining({ series: models.X.series, targetUnits: 8, actualUnits: 2 }),
      expect.objectContaining({ series: models.Y.series, targetUnits: 4, actualUnits: 2 }),
    ]);
    expect(plan.body.totals.targetUnits).toBe(12);
  });

  it('a series the catalogue does not know is a 400 naming the target', async () => {
    const typo = await apiAs(world, 'managerB').post('/api/conquest-plans', {
      periodKind: 'month',
      periodStart,
      targets: [
        { series: models.X.series, targetUnits: 1 },
        { series: 'No such series', targetUnits: 1 },
      ],
    });
    expect(typo.status).toBe(400);
    expect(typo.body.error.fields).toEqual([
      expect.objectContaining({ path: 'targets.1.series', code: 'invalid_choice' }),
    ]);
    const plan = await apiAs(world, 'managerB').get(`/api/conquest-plans/${planId}`);
    expect(plan.body.totals.targetUnits).toBe(12);
  });

  it('dealer A’s manager sees nothing of B’s plan', async () => {
    expect((await apiAs(world, 'managerA').get(`/api/conquest-plans/${planId}`)).status).toBe(404);
    expect((await apiAs(world, 'managerA').get('/api/conquest-plans')).body.items).toEqual([]);
  });
});
