import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';
import { refreshAnalyticsAggregates } from '../analytics/aggregates/refresh.ts';

/**
 * A brand-level reader's source costs carry his brand as an implied brand filter. Dealer B sells
 * brands X and Y. March 2026: B has 3 website leads of brand X and 1 of brand Y. Costs (RUB
 * minor units): website B, no brand 1,000,001; website B for brand Y 200,000; website A (brand
 * X only) 500,000; website C (brand Y only) 300,000; website group 50,000; showroom B, no brand
 * 100,000 (no showroom lead: even split); advertising brand X 400,000; advertising brand Y
 * 70,000.
 */
const march = 'from=2026-03-01&to=2026-03-31';
type Money = { currency: string; amountMinor: number };
type SourceRow = { source: string | null; cost: Money[] };
type CostItem = {
  id: string;
  sourceKey: string;
  ownerLevel: string;
  brandCode: string | null;
  dealerCode: string | null;
  amountMinor: number;
  brandPart: boolean;
};

describe("a brand manager's source costs: his brand's rows and parts only", () => {
  let world: TestWorld;
  let phone = 0;

  async function lead(brandCode: string) {
    phone++;
    const created = await apiAs(world, 'consultantB1').post('/api/leads', {
      source: 'website',
      brandCode,
      person: {
        lastName: `Scope${phone}`,
        phones: [{ number: `+7903555${String(phone).padStart(4, '0')}` }],
      },
    });
    expect(created.status).toBe(201);
    await sql`update leads set created_at = ${new Date('2026-03-10T10:00:00Z')},
      requested_at = ${new Date('2026-03-10T10:00:00Z')}
      where id = ${created.body.leadId}`.execute(world.database.db);
  }

  async function cost(body: Record<string, unknown>) {
    return apiAs(world, 'admin').put('/api/lead-source-costs', {
      month: '2026-03-01',
      currency: 'RUB',
      sourceKey: 'website',
      ownerLevel: 'dealer',
      ...body,
    });
  }

  /** The source costs of the ROI report by source, as a user sees them. */
  async function roiCosts(user: TestUserKey, query = ''): Promise<Record<string, number>> {
    const answer = await apiAs(world, user).get(
      `/api/marketing/roi?groupBy=source&${march}${query}`,
    );
    expect(answer.status).toBe(200);
    return Object.fromEntries(
      (answer.body.rows as SourceRow[])
        .filter((row) => row.cost.length > 0)
        .map((row) => [row.source, row.cost.find((c) => c.currency === 'RUB')!.amountMinor]),
    );
  }

  /** The channel analysis per channel: new prospects and cost (major units). */
  async function channels(user: TestUserKey, query = '') {
    const answer = await apiAs(world, user).get(
      `/api/analytics/dashboards/channels?${march}${query}`,
    );
    expect(answer.status).toBe(200);
    const table = answer.body.tables.find((t: { key: string }) => t.key === 'channels');
    return Object.fromEntries(
      (table.rows as unknown[][]).map((row) => [
        row[0],
        { leads: row[1], cost: row[8], perLead: row[9] },
      ]),
    );
  }

  async function listed(user: TestUserKey): Promise<CostItem[]> {
    const answer = await apiAs(world, user).get(
      '/api/lead-source-costs?from=2026-03-01&to=2026-03-01',
    );
    expect(answer.status).toBe(200);
    return answer.body.items as CostItem[];
  }
  const owner = (item: CostItem) =>
    `${item.sourceKey} ${item.ownerLevel}:${item.dealerCode ?? ''}:${item.brandCode ?? ''}`;

  beforeAll(async () => {
    world = await createTestWorld();
    for (const brand of ['X', 'X', 'X', 'Y']) await lead(brand);
    const entered = [
      await cost({ dealerCode: 'B', amountMinor: 1_000_001 }),
      await cost({ dealerCode: 'B', brandCode: 'Y', amountMinor: 200_000 }),
      await cost({ dealerCode: 'A', amountMinor: 500_000 }),
      await cost({ dealerCode: 'C', amountMinor: 300_000 }),
      await cost({ ownerLevel: 'group', amountMinor: 50_000 }),
      await cost({ dealerCode: 'B', sourceKey: 'showroom', amountMinor: 100_000 }),
      await cost({
        ownerLevel: 'brand',
        brandCode: 'X',
        sourceKey: 'advertising',
        amountMinor: 400_000,
      }),
      await cost({
        ownerLevel: 'brand',
        brandCode: 'Y',
        sourceKey: 'advertising',
        amountMinor: 70_000,
      }),
    ];
    expect(entered.map((answer) => answer.status)).toEqual(Array(8).fill(201));
    await refreshAnalyticsAggregates(world.database.db, { full: true });
  });
  afterAll(async () => world.close());

  it('without a brand filter, brand X counts its own rows and its part of dealer B’s, never Y’s', async () => {
    const x = { website: 500_000 + 750_001, showroom: 50_000, advertising: 400_000 };
    const y = { website: 250_000 + 200_000 + 300_000, showroom: 50_000, advertising: 70_000 };
    expect(await roiCosts('brandX')).toEqual(x);
    expect(await roiCosts('analystX')).toEqual(x);
    expect(await roiCosts('brandY')).toEqual(y);
    // his own brand as a filter changes nothing; another brand's counts nothing
    expect(await roiCosts('brandX', '&brandCode=X')).toEqual(x);
    expect(await roiCosts('brandX', '&brandCode=Y')).toEqual({});
    // dealer B alone: X's part of B's costs only
    expect(await roiCosts('brandX', '&dealerCode=B')).toEqual({
      website: 750_001,
      showroom: 50_000,
    });
    // the brand managers add up to the group less the group's own rows
    const all = await roiCosts('admin');
    for (const source of Object.keys(all)) {
      const group = source === 'website' ? 50_000 : 0;
      expect(x[source as keyof typeof x] + y[source as keyof typeof y] + group).toBe(all[source]);
    }
  });

  it('the ROI by source counts brand X’s leads only, so its cost per lead is X’s', async () => {
    const website = async (user: TestUserKey) => {
      const answer = await apiAs(world, user).get(`/api/marketing/roi?groupBy=source&${march}`);
      const row = (answer.body.rows as (SourceRow & Record<string, unknown>)[]).find(
        (r) => r.source === 'website',
      )!;
      return [row.leadsWithoutCampaign, row.costPerLeadMinor];
    };
    // 1,250,001 over B's 3 X leads; 750,000 over its 1 Y lead
    expect(await website('brandX')).toEqual([3, 416_667]);
    expect(await website('analystX')).toEqual([3, 416_667]);
    expect(await website('brandY')).toEqual([1, 750_000]);
    expect(await website('admin')).toEqual([4, Math.round(2_050_001 / 4)]);
  });

  it('with the campaigns’ costs included the source costs stay the brand’s', async () => {
    expect(await roiCosts('brandX', '&includeCampaignCosts=true')).toEqual({
      website: 1_250_001,
      showroom: 50_000,
      advertising: 400_000,
    });
  });

  it('the channel analysis counts brand X’s leads and costs only', async () => {
    const x = await channels('brandX');
    // 1,250,001 kopecks over B's 3 X leads
    expect(x.website).toEqual({ leads: 3, cost: 12_500.01, perLead: 4_166.67 });
    expect(x.advertising).toEqual({ leads: 0, cost: 4_000, perLead: null });
    expect(x.showroom).toEqual({ leads: 0, cost: 500, perLead: null });
    expect(await channels('analystX')).toEqual(x);
    const y = await channels('brandY');
    expect(y.website).toEqual({ leads: 1, cost: 7_500, perLead: 7_500 });
    // the group sees all four leads; the brands add up to it
    const all = await channels('admin');
    expect(all.website!.leads).toBe(4);
    expect(x.website!.leads + y.website!.leads).toBe(all.website!.leads);
    // another brand's filter shows brand X nothing
    expect(await channels('brandX', '&brandCode=Y')).toEqual({});
  });

  it('the list shows brand X its rows, and of a shared dealer row only its part', async () => {
    const x = await listed('brandX');
    expect(x.map((item) => [owner(item), item.amountMinor, item.brandPart]).sort()).toEqual([
      ['advertising brand::X', 400_000, false],
      ['showroom dealer:B:', 50_000, true],
      ['website dealer:A:', 500_000, false],
      ['website dealer:B:', 750_001, true],
    ]);
    const y = await listed('brandY');
    expect(y.map((item) => [owner(item), item.amountMinor, item.brandPart]).sort()).toEqual([
      ['advertising brand::Y', 70_000, false],
      ['showroom dealer:B:', 50_000, true],
      ['website dealer:B:', 250_000, true],
      ['website dealer:B:Y', 200_000, false],
      ['website dealer:C:', 300_000, false],
    ]);
    // the brands' lists add up to the group's less its own rows
    const sum = (items: CostItem[]) => items.reduce((total, item) => total + item.amountMinor, 0);
    const all = await listed('admin');
    const groupRows = all.filter((item) => item.ownerLevel === 'group');
    expect(sum(x) + sum(y)).toBe(sum(all) - sum(groupRows));
    expect(all.every((item) => !item.brandPart)).toBe(true);
    // asking for brand Y's rows by name shows brand X nothing
    const asked = await apiAs(world, 'brandX').get('/api/lead-source-costs?brandCode=Y');
    expect(asked.body.items).toEqual([]);
  });

  it("brand X changes only costs wholly its own: not B's shared row, nor Y's", async () => {
    const api = apiAs(world, 'brandX');
    const entry = (body: Record<string, unknown>) =>
      api.put('/api/lead-source-costs', {
        sourceKey: 'website',
        month: '2026-03-01',
        ownerLevel: 'dealer',
        currency: 'RUB',
        amountMinor: 1,
        ...body,
      });
    expect((await entry({ dealerCode: 'B' })).status).toBe(403);
    expect((await entry({ dealerCode: 'B', brandCode: 'Y' })).status).toBe(403);
    const all = await listed('admin');
    const bShared = all.find((item) => owner(item) === 'website dealer:B:')!;
    const bY = all.find((item) => owner(item) === 'website dealer:B:Y')!;
    expect((await api.delete(`/api/lead-source-costs/${bShared.id}`)).status).toBe(403);
    expect((await api.delete(`/api/lead-source-costs/${bY.id}`)).status).toBe(404);
    // the figures are untouched
    expect((await listed('admin')).map((item) => item.amountMinor)).toEqual(
      all.map((item) => item.amountMinor),
    );
    // a row for brand X at B, and dealer A's (A sells X only), are his to enter and remove
    const named = await entry({ dealerCode: 'B', brandCode: 'X', month: '2026-02-01' });
    expect(named.status).toBe(201);
    expect(named.body).toMatchObject({ brandCode: 'X', amountMinor: 1, brandPart: false });
    const a = await entry({ dealerCode: 'A', month: '2026-02-01', amountMinor: 7 });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ dealerCode: 'A', amountMinor: 7, brandPart: false });
    expect((await api.delete(`/api/lead-source-costs/${named.body.id}`)).status).toBe(204);
    expect((await api.delete(`/api/lead-source-costs/${a.body.id}`)).status).toBe(204);
  });
});
