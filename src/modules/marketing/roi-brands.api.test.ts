import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';
import { expectKeptEqualsLive } from './roi-credits.testing.ts';
import { createRoiCampaign, createRoiCustomer } from './roi-fixture.testing.ts';

/**
 * ROI per brand (March 2026, kopecks). Dealer A sells X; dealer B sells X and Y.
 *   Spring group, RUB 1,000,000, sent 1 Mar to Anna (A), Gleb and Petr (B)
 *   Bday   dealer B, RUB 300,000, sent 2 Mar to Petr and Zoe (B): Petr's later touch
 * Catalogue: make Xcar (brand X), make Ycar (brand Y) with model Yeti, make Otherco (no brand).
 * Conversions, each credited by last touch:
 *   Anna (Spring): X lead 5 Mar (website); buys her Xcar (make named) 10 Mar 2,000,000; visit
 *     in it 12 Mar 30,000
 *   Gleb (Spring): Y lead 6 Mar (showroom); test drive 7 Mar booked on it; buys his Ycar (make
 *     named) 9 Mar 3,000,000; visit 11 Mar 10,000 in an Otherco: no brand
 *   Petr (Bday): X lead 8 Mar (website); test drive 9 Mar, no lead, in a demo car whose VIN
 *     is registered nowhere: no brand; buys a car typed "xcar" (no catalogue ids) 20 Mar 1,500,000
 *   Zoe (Bday): Y lead 4 Mar (website); test drive 5 Mar, no lead, in a demo car whose VIN is
 *     a registered Ycar; visit 15 Mar 40,000 in her Yeti (model only)
 */
const march = 'from=2026-03-01&to=2026-03-31';
type Money = { currency: string; amountMinor: number };
type CampaignRow = {
  name: string;
  recipients: number;
  leads: number;
  testDrives: number;
  sales: number;
  serviceVisits: number;
  costMinor: number | null;
  costShared: boolean;
  revenueMinor: number;
};
type SourceRow = {
  source: string | null;
  leads: number;
  testDrives: number;
  sales: number;
  serviceVisits: number;
  revenue: Money[];
  campaignCost: Money[];
};
const rub = (amountMinor: number) => ({ currency: 'RUB', amountMinor });

describe('a brand manager reads the ROI of his brand only', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  const campaigns: Record<string, string> = {};

  async function customer(user: TestUserKey, key: string) {
    ids[key] = await createRoiCustomer(world, user, key, 'Brand');
  }

  async function campaign(key: string, body: Record<string, unknown>) {
    const created = await createRoiCampaign(world, 'crmGroup', key, {
      attributionWindowDays: 30,
      currency: 'RUB',
      ...body,
    });
    campaigns[key] = created.id;
  }

  const at = (iso: string) => new Date(iso);

  beforeAll(async () => {
    world = await createTestWorld();
    await customer('managerA', 'anna');
    for (const key of ['gleb', 'petr', 'zoe']) await customer('managerB', key);
    await campaign('Spring', { ownerLevel: 'group', costMinor: 1_000_000 });
    await campaign('Bday', {
      ownerLevel: 'dealer',
      dealerId: world.dealers.B.id,
      costMinor: 300_000,
    });

    await withActor(world.database.db, systemActor('test'), async (tx) => {
      const brands = await tx.selectFrom('brands').select(['id', 'code']).execute();
      const brand = (code: string) => brands.find((b) => b.code === code)!.id;
      const make = async (name: string, brandId: string | null) =>
        (
          await tx
            .insertInto('catalog_makes')
            .values({ name, brand_id: brandId })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      const xcar = await make('Xcar', brand('X'));
      const ycar = await make('Ycar', brand('Y'));
      const otherco = await make('Otherco', null);
      const yeti = await tx
        .insertInto('catalog_models')
        .values({ make_id: ycar, name: 'Yeti' })
        .returning('id')
        .executeTakeFirstOrThrow();

      const sent = (key: string, who: string, day: string) => ({
        campaign_id: campaigns[key]!,
        customer_id: ids[who]!,
        variant: 'A',
        phase: 'all' as const,
        status: 'queued' as const,
        created_at: at(`2026-03-${day}T08:00:00Z`),
      });
      await tx
        .insertInto('marketing_campaign_recipients')
        .values([
          sent('Spring', 'anna', '01'),
          sent('Spring', 'gleb', '01'),
          sent('Spring', 'petr', '01'),
          sent('Bday', 'petr', '02'),
          sent('Bday', 'zoe', '02'),
        ])
        .execute();

      const lead = async (
        who: string,
        dealer: 'A' | 'B',
        code: string,
        source: string,
        day: string,
      ) =>
        (
          await tx
            .insertInto('leads')
            .values({
              customer_id: ids[who]!,
              dealer_id: world.dealers[dealer].id,
              brand_id: brand(code),
              source_key: source,
              requested_at: at(`2026-03-${day}T10:00:00Z`),
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      await lead('anna', 'A', 'X', 'website', '05');
      const glebLead = await lead('gleb', 'B', 'Y', 'showroom', '06');
      await lead('petr', 'B', 'X', 'website', '08');
      await lead('zoe', 'B', 'Y', 'website', '04');

      const car = async (
        who: string | null,
        values: { make_name: string; make_id?: string; model_id?: string; vin?: string },
      ) =>
        (
          await tx
            .insertInto('vehicles')
            .values({ customer_id: who ? ids[who]! : null, ...values })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      const annaCar = await car('anna', { make_name: 'Xcar', make_id: xcar });
      const glebCar = await car('gleb', { make_name: 'Ycar', make_id: ycar });
      const glebOther = await car('gleb', { make_name: 'Otherco', make_id: otherco });
      const petrCar = await car('petr', { make_name: 'xcar' });
      const zoeCar = await car('zoe', { make_name: 'Y', model_id: yeti.id });
      await car(null, { make_name: 'Ycar', make_id: ycar, vin: 'LYC00000000000001' });

      const purchase = (who: string, vehicle: string, day: string, price: number) => ({
        vehicle_id: vehicle,
        customer_id: ids[who]!,
        dealer_id: world.dealers[who === 'anna' ? 'A' : 'B'].id,
        purchase_date: `2026-03-${day}`,
        price_minor: price,
        discount_minor: 0,
        currency: 'RUB',
      });
      await tx
        .insertInto('vehicle_purchases')
        .values([
          purchase('anna', annaCar, '10', 2_000_000),
          purchase('gleb', glebCar, '09', 3_000_000),
          purchase('petr', petrCar, '20', 1_500_000),
        ])
        .execute();
      const visit = (who: string, vehicle: string, day: string, total: number) => ({
        customer_id: ids[who]!,
        vehicle_id: vehicle,
        dealer_id: world.dealers[who === 'anna' ? 'A' : 'B'].id,
        visit_date: `2026-03-${day}`,
        visit_type: 'maintenance' as const,
        total_minor: total,
        currency: 'RUB',
      });
      await tx
        .insertInto('service_visits')
        .values([
          visit('anna', annaCar, '12', 30_000),
          visit('gleb', glebOther, '11', 10_000),
          visit('zoe', zoeCar, '15', 40_000),
        ])
        .execute();

      const demoCar = async (vin: string) =>
        (
          await tx
            .insertInto('test_drive_vehicles')
            .values({ dealer_id: world.dealers.B.id, model: 'Demo', vin })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      const unknownDemo = await demoCar('XTB00000000000002');
      const ycarDemo = await demoCar('LYC00000000000001');
      const drive = (who: string, vehicle: string, day: string, leadId: string | null) => ({
        dealer_id: world.dealers.B.id,
        customer_id: ids[who]!,
        vehicle_id: vehicle,
        consultant_user_id: world.users.consultantB1.id,
        lead_id: leadId,
        starts_at: at(`2026-03-${day}T12:00:00Z`),
        ends_at: at(`2026-03-${day}T13:00:00Z`),
        status: 'came' as const,
        attendance_at: at(`2026-03-${day}T13:00:00Z`),
      });
      await tx
        .insertInto('test_drive_bookings')
        .values([
          drive('gleb', unknownDemo, '07', glebLead),
          drive('petr', unknownDemo, '09', null),
          drive('zoe', ycarDemo, '05', null),
        ])
        .execute();
    });
  });
  afterAll(async () => world.close());

  async function report(user: TestUserKey, query = '') {
    const answer = await apiAs(world, user).get(`/api/marketing/roi?${march}${query}`);
    expect(answer.status, answer.text).toBe(200);
    return answer.body as {
      rows: CampaignRow[];
      totals: { currency: string; costMinor: number; revenueMinor: number }[];
    };
  }
  /** name, recipients, leads, test drives, sales, visits, cost, revenue */
  const figures = (rows: CampaignRow[]) =>
    rows.map((row) => [
      row.name,
      row.recipients,
      row.leads,
      row.testDrives,
      row.sales,
      row.serviceVisits,
      row.costMinor,
      row.revenueMinor,
    ]);

  const group = [
    ['Bday', 2, 2, 2, 1, 1, 300_000, 1_540_000],
    ['Spring', 3, 2, 1, 2, 2, 1_000_000, 5_040_000],
  ];
  // X: Petr's sale (typed make) and Anna's; half of each campaign (its leads: one X, one Y)
  const brandX = [
    ['Bday', 2, 1, 0, 1, 0, 150_000, 1_500_000],
    ['Spring', 3, 1, 0, 1, 1, 500_000, 2_030_000],
  ];
  // Y: Zoe's test drive through the registered demo car, her visit through her model; Spring's
  // 2 of 3 recipients (666,667), all of it Y's (Gleb's lead is the only one he sees)
  const brandY = [
    ['Bday', 2, 1, 1, 0, 1, 150_000, 40_000],
    ['Spring', 2, 1, 1, 1, 0, 666_667, 3_000_000],
  ];

  it('counts every brand for the group, and only his brand for a brand manager', async () => {
    expect(figures((await report('admin')).rows)).toEqual(group);
    const x = await report('brandX');
    expect(figures(x.rows)).toEqual(brandX);
    expect(x.rows.map((row) => row.costShared)).toEqual([true, true]);
    expect(x.totals).toEqual([
      expect.objectContaining({ currency: 'RUB', costMinor: 650_000, revenueMinor: 3_530_000 }),
    ]);
    expect(figures((await report('analystX')).rows)).toEqual(brandX);
    expect(figures((await report('brandY')).rows)).toEqual(brandY);
  });

  it('a brand filter gives the group admin exactly what the brand manager sees', async () => {
    expect(figures((await report('admin', '&brandCode=X')).rows)).toEqual(brandX);
    expect(figures((await report('admin', '&brandCode=Y')).rows)).toEqual(brandY);
    // the channel grouping sums the same brand's rows
    const channel = await apiAs(world, 'admin').get(
      `/api/marketing/roi?${march}&groupBy=channel&brandCode=X`,
    );
    expect(channel.body.rows).toEqual([
      expect.objectContaining({ channel: 'email', leads: 2, sales: 2, costMinor: 650_000 }),
    ]);
  });

  it("the brands add up to the group's figures, but for rows no brand can be placed in", async () => {
    const [all, x, y] = [
      figures((await report('admin')).rows),
      figures((await report('admin', '&brandCode=X')).rows),
      figures((await report('admin', '&brandCode=Y')).rows),
    ];
    const sum = (index: number, column: number) =>
      Number(x[index]![column]) + Number(y[index]![column]);
    for (const index of [0, 1]) {
      for (const column of [2, 4]) expect(sum(index, column)).toBe(all[index]![column]); // leads, sales
    }
    // Bday: Petr's test drive in an unregistered demo car has no brand
    expect(sum(0, 3)).toBe(Number(all[0]![3]) - 1);
    expect(sum(1, 3)).toBe(all[1]![3]);
    // Spring: Gleb's visit in an Otherco has no brand (10,000)
    expect(sum(0, 5)).toBe(all[0]![5]);
    expect(sum(1, 5)).toBe(Number(all[1]![5]) - 1);
    expect(sum(0, 7)).toBe(all[0]![7]);
    expect(sum(1, 7)).toBe(Number(all[1]![7]) - 10_000);
    // a dealer campaign seen whole by both brands: its brand parts add up to its cost
    expect(sum(0, 6)).toBe(300_000);
  });

  it('another brand is nobody’s to see: a brand manager asking for it gets nothing', async () => {
    const x = await report('brandX', '&brandCode=Y');
    expect(x.rows).toEqual([]);
    expect(x.totals).toEqual([]);
    const sources = await apiAs(world, 'brandX').get(
      `/api/marketing/roi?${march}&groupBy=source&brandCode=Y&includeCampaignCosts=true`,
    );
    expect(sources.status).toBe(200);
    expect(sources.body.rows).toEqual([]);
    expect(sources.body.campaignCostNotShared).toEqual([]);
    // dealer A's manager sees Spring through Anna alone, none of dealer B's brand Y figures
    const a = await report('managerA', '&brandCode=Y');
    expect(a.rows).toEqual([]);
  });

  const bySource = async (user: TestUserKey, query = '') => {
    const answer = await apiAs(world, user).get(
      `/api/marketing/roi?${march}&groupBy=source&includeCampaignCosts=true${query}`,
    );
    expect(answer.status, answer.text).toBe(200);
    return answer.body as { rows: SourceRow[]; campaignCostNotShared: Money[] };
  };
  const sourceFigures = (rows: SourceRow[]) =>
    rows.map((row) => [
      row.source,
      row.leads,
      row.testDrives,
      row.sales,
      row.serviceVisits,
      row.revenue,
      row.campaignCost,
    ]);

  it("by source a brand's conversions and its part of the campaigns' costs", async () => {
    const x = await bySource('brandX');
    // X's two leads are website leads: Spring's 500,000 and Bday's 150,000 on them
    expect(sourceFigures(x.rows)).toEqual([
      ['website', 2, 0, 2, 1, [rub(3_530_000)], [rub(650_000)]],
    ]);
    expect(x.campaignCostNotShared).toEqual([]);
    expect(sourceFigures((await bySource('admin', '&brandCode=X')).rows)).toEqual(
      sourceFigures(x.rows),
    );
    const y = await bySource('brandY');
    expect(sourceFigures(y.rows)).toEqual([
      ['showroom', 1, 1, 1, 0, [rub(3_000_000)], [rub(666_667)]],
      ['website', 1, 1, 0, 1, [rub(40_000)], [rub(150_000)]],
    ]);
    expect(sourceFigures((await bySource('admin', '&brandCode=Y')).rows)).toEqual(
      sourceFigures(y.rows),
    );
    // the campaign costs shared are exactly the campaign grouping's brand part
    const shared = (rows: SourceRow[]) =>
      rows.flatMap((row) => row.campaignCost).reduce((sum, cost) => sum + cost.amountMinor, 0);
    expect(shared(x.rows)).toBe(650_000);
    expect(shared(y.rows)).toBe(816_667);
    // the group: the unbranded test drive and visit count, on the person's last lead's source
    expect(sourceFigures((await bySource('admin')).rows)).toEqual([
      ['website', 3, 2, 2, 2, [rub(3_570_000)], [rub(800_000)]],
      ['showroom', 1, 1, 1, 1, [rub(3_010_000)], [rub(500_000)]],
    ]);
  });

  it('the kept credits give exactly what the rule gives live, for every brand and scope', async () => {
    const period = { from: '2026-03-01', to: '2026-03-31' };
    const queries = [period, { ...period, brandCode: 'X' }, { ...period, brandCode: 'Y' }];
    expect(await expectKeptEqualsLive(world.database.db, world, queries)).toBeGreaterThan(50);
    // every reader, grouping and filter twice (kept and live): minutes on a loaded machine
  }, 300_000);
});
