import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';
import { refreshRoiCredits } from './roi-credits.ts';

/**
 * Campaign costs shared over lead sources (March 2026, kopecks / fen):
 *   Spring group RUB 1,000,000, code SPRING26, sent 1 March to Anna, Boris (dealer A), Gleb (B)
 *   Silent group RUB 90,000, sent to Dan (A): brings nothing
 *   Show   group CNY 300,000, code SHOW26, sent to Chen (B)
 * Leads: Anna website 11 Mar, Boris showroom 15 Mar, Gleb website 16 Mar at B, Vera (A, never
 * sent) website quoting spring26, Chen showroom at B quoting show26, Ivan (A) referral 10 Mar
 * without a campaign. Anna buys 12 Mar for 3,000,000 RUB (Spring, her website lead).
 * Own cost: website at dealer A 120,000 RUB.
 */
const march = 'from=2026-03-01&to=2026-03-31';
const mjml =
  '<mjml><mj-body><mj-section><mj-column><mj-text>Hi</mj-text></mj-column></mj-section></mj-body></mjml>';
type Money = { currency: string; amountMinor: number };
type SourceRow = {
  source: string | null;
  cost: Money[];
  campaignCost: Money[];
  costPerLeadMinor: number | null;
  costPerSaleMinor: number | null;
  roi: number | null;
};
const rub = (amountMinor: number) => ({ currency: 'RUB', amountMinor });
const cny = (amountMinor: number) => ({ currency: 'CNY', amountMinor });

describe("a marketer shares campaign costs over the lead sources of the campaigns' leads", () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  const campaigns: Record<string, string> = {};

  async function customer(user: TestUserKey, key: string) {
    const created = await apiAs(world, user).post('/api/customers', {
      kind: 'person',
      firstName: key,
      lastName: 'Share',
      emails: [{ address: `${key}@example.com` }],
    });
    expect(created.status, created.text).toBe(201);
    ids[key] = created.body.id;
  }

  async function campaign(key: string, body: Record<string, unknown>) {
    const api = apiAs(world, 'crmGroup');
    const segment = await api.post('/api/segments', {
      name: `Share ${key}`,
      definition: { type: 'contact', channel: 'email' },
    });
    expect(segment.status, segment.text).toBe(201);
    const created = await api.post('/api/campaigns', {
      name: key,
      ownerLevel: 'group',
      segmentId: segment.body.id,
      defaultLanguage: 'en',
      attributionWindowDays: 30,
      variants: [{ key: 'A', contents: { en: { subject: 'Hi', mjml } } }],
      ...body,
    });
    expect(created.status, created.text).toBe(201);
    campaigns[key] = created.body.id;
  }

  const at = (iso: string) => new Date(iso);

  beforeAll(async () => {
    world = await createTestWorld();
    for (const key of ['anna', 'boris', 'dan', 'vera', 'ivan']) await customer('managerA', key);
    for (const key of ['gleb', 'chen']) await customer('managerB', key);
    await campaign('Spring', { costMinor: 1_000_000, currency: 'RUB', responseCode: 'SPRING26' });
    await campaign('Silent', { costMinor: 90_000, currency: 'RUB' });
    await campaign('Show', { costMinor: 300_000, currency: 'CNY', responseCode: 'SHOW26' });
    const own = await apiAs(world, 'managerA').put('/api/lead-source-costs', {
      sourceKey: 'website',
      month: '2026-03-01',
      ownerLevel: 'dealer',
      dealerCode: 'A',
      amountMinor: 120_000,
      currency: 'RUB',
    });
    expect(own.status).toBe(201);

    await withActor(world.database.db, systemActor('test'), async (tx) => {
      const sent = (key: string, who: string) => ({
        campaign_id: campaigns[key]!,
        customer_id: ids[who]!,
        variant: 'A',
        phase: 'all' as const,
        status: 'queued' as const,
        created_at: at('2026-03-01T10:00:00Z'),
      });
      await tx
        .insertInto('marketing_campaign_recipients')
        .values([
          sent('Spring', 'anna'),
          sent('Spring', 'boris'),
          sent('Spring', 'gleb'),
          sent('Silent', 'dan'),
          sent('Show', 'chen'),
        ])
        .execute();
      const lead = (
        who: string,
        dealer: 'A' | 'B',
        source: string,
        day: string,
        code?: string,
      ) => ({
        customer_id: ids[who]!,
        dealer_id: world.dealers[dealer].id,
        source_key: source,
        utm_campaign: code ?? null,
        requested_at: at(`2026-03-${day}T10:00:00Z`),
      });
      await tx
        .insertInto('leads')
        .values([
          lead('anna', 'A', 'website', '11'),
          lead('boris', 'A', 'showroom', '15'),
          lead('gleb', 'B', 'website', '16'),
          lead('vera', 'A', 'website', '20', 'spring26'),
          lead('chen', 'B', 'showroom', '18', 'show26'),
          lead('ivan', 'A', 'referral', '10'),
        ])
        .execute();
      const car = await tx
        .insertInto('vehicles')
        .values({ customer_id: ids.anna!, make_name: 'Xcar', model_name: 'Alpha' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('vehicle_purchases')
        .values({
          vehicle_id: car.id,
          customer_id: ids.anna!,
          dealer_id: world.dealers.A.id,
          purchase_date: '2026-03-12',
          price_minor: 3_000_000,
          discount_minor: 0,
          currency: 'RUB',
        })
        .execute();
    });
  });
  afterAll(async () => world.close());

  async function bySource(user: TestUserKey, extra = '') {
    const answer = await apiAs(world, user).get(
      `/api/marketing/roi?${march}&groupBy=source${extra}`,
    );
    expect(answer.status, answer.text).toBe(200);
    return answer.body as {
      includeCampaignCosts: boolean;
      campaignCostNotShared: Money[];
      rows: SourceRow[];
      totals: { currency: string; costMinor: number | null; roi: number | null }[];
    };
  }
  const costs = (rows: SourceRow[]) =>
    rows.map((row) => [
      row.source,
      row.cost,
      row.campaignCost,
      row.costPerLeadMinor,
      row.costPerSaleMinor,
      row.roi,
    ]);
  const shared = '&includeCampaignCosts=true';

  it('by default a source carries only its own cost', async () => {
    const answer = await bySource('crmGroup');
    expect(answer.includeCampaignCosts).toBe(false);
    expect(answer.campaignCostNotShared).toEqual([]);
    expect(costs(answer.rows)).toEqual([
      // its own 120,000 against nothing that came without a campaign
      ['website', [rub(120_000)], [], null, null, -1],
      ['showroom', [], [], null, null, null],
      ['referral', [], [], null, null, null],
    ]);
  });

  it("shares each campaign's cost over its leads' sources, to the kopeck", async () => {
    const answer = await bySource('crmGroup', shared);
    expect(answer.includeCampaignCosts).toBe(true);
    // Spring: 3 website leads and 1 showroom lead: 750,000 and 250,000; Show's yuan to the
    // showroom; Silent brought no lead and stays apart
    expect(answer.campaignCostNotShared).toEqual([rub(90_000)]);
    expect(costs(answer.rows)).toEqual([
      // 870,000 over its 3 leads and 1 sale of 3,000,000
      [
        'website',
        [rub(870_000)],
        [rub(750_000)],
        290_000,
        870_000,
        (3_000_000 - 870_000) / 870_000,
      ],
      // two currencies: shown apart, never added, no per-lead figure
      ['showroom', [cny(300_000), rub(250_000)], [cny(300_000), rub(250_000)], null, null, null],
      ['referral', [], [], null, null, null],
    ]);
    expect(answer.totals).toEqual([
      expect.objectContaining({ currency: 'CNY', costMinor: 300_000, roi: -1 }),
      expect.objectContaining({
        currency: 'RUB',
        costMinor: 1_120_000,
        roi: (3_000_000 - 1_120_000) / 1_120_000,
      }),
    ]);
    // shared plus not shared is exactly the campaign report's cost per currency
    const campaignReport = await apiAs(world, 'crmGroup').get(`/api/marketing/roi?${march}`);
    const campaignCost = Object.fromEntries(
      (campaignReport.body.totals as { currency: string; costMinor: number }[]).map((total) => [
        total.currency,
        total.costMinor,
      ]),
    );
    const sharedSum = (currency: string) =>
      [...answer.rows.flatMap((row) => row.campaignCost), ...answer.campaignCostNotShared]
        .filter((money) => money.currency === currency)
        .reduce((sum, money) => sum + money.amountMinor, 0);
    expect(sharedSum('RUB')).toBe(campaignCost.RUB);
    expect(sharedSum('CNY')).toBe(campaignCost.CNY);
  });

  it("a dealer shares only his part of a campaign's cost over his own leads", async () => {
    // dealer A: 2 of Spring's 3 recipients, 666,667; his leads: 2 website, 1 showroom
    const a = await bySource('crmA', shared);
    expect(costs(a.rows)).toEqual([
      // 564,445 over 2 leads and Anna's sale
      [
        'website',
        [rub(120_000 + 444_445)],
        [rub(444_445)],
        282_223,
        564_445,
        (3_000_000 - 564_445) / 564_445,
      ],
      ['referral', [], [], null, null, null],
      ['showroom', [rub(222_222)], [rub(222_222)], 222_222, null, -1],
    ]);
    expect(a.campaignCostNotShared).toEqual([rub(90_000)]);
    // dealer B: a third of Spring over Gleb's website lead, Show's yuan over Chen's showroom;
    // nothing of dealer A's own cost, Silent or A's leads
    const b = await bySource('managerB', shared);
    expect(costs(b.rows)).toEqual([
      ['showroom', [cny(300_000)], [cny(300_000)], 300_000, null, -1],
      ['website', [rub(333_333)], [rub(333_333)], 333_333, null, -1],
    ]);
    expect(b.campaignCostNotShared).toEqual([]);
  });

  it('asks for a yes or no, and only in the source grouping', async () => {
    const api = apiAs(world, 'crmGroup');
    const campaignGrouping = await api.get(`/api/marketing/roi?${march}${shared}`);
    expect(campaignGrouping.status).toBe(400);
    expect(campaignGrouping.body.error.fields[0].path).toBe('includeCampaignCosts');
    const notBoolean = await api.get(
      `/api/marketing/roi?${march}&groupBy=source&includeCampaignCosts=maybe`,
    );
    expect(notBoolean.status).toBe(400);
    expect(notBoolean.body.error.fields[0].path).toBe('includeCampaignCosts');
    const csv = await api.get(
      `/api/marketing/roi/export?${march}&format=csv&groupBy=source${shared}`,
    );
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(',cost,campaignCost,costPerLead,');
    expect(csv.text).toContain('RUB 8700.00,RUB 7500.00,2900,8700,');
  });

  // last: it names the leads' and the car's brands, which the tests above do without
  it("a brand manager shares only his brand's part of a campaign's cost", async () => {
    const db = world.database.db;
    const brand = async (code: string) =>
      (
        await db
          .selectFrom('brands')
          .select('id')
          .where('code', '=', code)
          .executeTakeFirstOrThrow()
      ).id;
    const [x, y] = [await brand('X'), await brand('Y')];
    // dealer A sells X only; at B (X and Y) Gleb's and Chen's leads were for Y
    await db
      .updateTable('leads')
      .set({ brand_id: x })
      .where('dealer_id', '=', world.dealers.A.id)
      .execute();
    await db
      .updateTable('leads')
      .set({ brand_id: y })
      .where('dealer_id', '=', world.dealers.B.id)
      .execute();
    // Anna's car names the make Xcar: the catalogue's make of brand X, so her sale is X's
    await withActor(db, systemActor('test'), (tx) =>
      tx.insertInto('catalog_makes').values({ name: 'Xcar', brand_id: x }).execute(),
    );
    // brands set by hand carry no change stamp: the kept ROI credits take them at the daily
    // rebuild (roi-credits.ts), run now
    await refreshRoiCredits(db, { full: true });
    // brand X sees all of Spring's recipients (A and B): 1,000,000 over its leads' brands, 3 X
    // (Anna, Boris, Vera) to 1 Y (Gleb): 750,000 is X's, over his 2 website and 1 showroom lead.
    // Show's only lead was Y's: none of its yuan. Silent brought no lead: kept apart whole.
    const answer = await bySource('brandX', shared);
    expect(costs(answer.rows)).toEqual([
      [
        'website',
        [rub(120_000 + 500_000)],
        [rub(500_000)],
        310_000,
        620_000,
        (3_000_000 - 620_000) / 620_000,
      ],
      ['referral', [], [], null, null, null],
      ['showroom', [rub(250_000)], [rub(250_000)], 250_000, null, -1],
    ]);
    expect(answer.campaignCostNotShared).toEqual([rub(90_000)]);
    // the campaign grouping counts the same brand parts: shared + not shared is its cost again
    const campaignReport = await apiAs(world, 'brandX').get(`/api/marketing/roi?${march}`);
    expect(
      (campaignReport.body.totals as { currency: string; costMinor: number }[]).map((total) => [
        total.currency,
        total.costMinor,
      ]),
    ).toEqual([
      ['CNY', 0],
      ['RUB', 750_000 + 90_000],
    ]);
    // brand Y sees Gleb and Chen (dealer B): a third of Spring, Show's yuan, both all Y's
    const answerY = await bySource('brandY', shared);
    expect(costs(answerY.rows)).toEqual([
      ['showroom', [cny(300_000)], [cny(300_000)], 300_000, null, -1],
      ['website', [rub(333_333)], [rub(333_333)], 333_333, null, -1],
    ]);
    expect(answerY.campaignCostNotShared).toEqual([]);
  });
});
