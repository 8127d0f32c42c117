import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';
import { refreshAnalyticsAggregates } from './aggregates/refresh.ts';

/**
 * Cost per lead and per sale in the channel analysis, from the leads module's source costs.
 * March 2026: dealer A has 4 website leads (one ordered) and 1 showroom lead; dealer B has 1
 * website lead. Costs (minor units): website A 10,000,000 RUB in March and 5,000,000 in April
 * (outside), website B 3,000,000 RUB, website group 1,000,000 RUB, advertising brand X
 * 4,000,000 RUB (no leads), showroom A 200,000 RUB and showroom group 100,000 CNY.
 */
const march = 'from=2026-03-01&to=2026-03-31';
const costColumns = ['currency', 'cost', 'costPerLead', 'costPerSale', 'costNote'];

describe('channel analysis with the costs of the lead sources', () => {
  let world: TestWorld;
  let phone = 0;

  async function lead(by: TestUserKey, source: string, ordered = false) {
    const api = apiAs(world, by);
    phone++;
    const created = await api.post('/api/leads', {
      source,
      person: {
        lastName: `Buyer${phone}`,
        phones: [{ number: `+7903222${String(phone).padStart(4, '0')}` }],
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.leadId as string;
    if (ordered) {
      for (const stage of ['test_drive', 'offer', 'order']) {
        expect((await api.post(`/api/leads/${id}/stage`, { stage })).status).toBe(200);
      }
    }
    await sql`update leads set created_at = ${new Date('2026-03-10T10:00:00Z')}
      where id = ${id}`.execute(world.database.db);
  }

  async function cost(by: TestUserKey, body: Record<string, unknown>) {
    const answer = await apiAs(world, by).put('/api/lead-source-costs', {
      month: '2026-03-01',
      currency: 'RUB',
      ...body,
    });
    expect(answer.status).toBe(201);
  }

  beforeAll(async () => {
    world = await createTestWorld();
    await lead('consultantA1', 'website', true);
    await lead('consultantA1', 'website');
    await lead('consultantA2', 'website');
    await lead('consultantA2', 'website');
    await lead('consultantA1', 'showroom');
    await lead('consultantB1', 'website');
    const dealerA = { ownerLevel: 'dealer', dealerCode: 'A' };
    await cost('managerA', { ...dealerA, sourceKey: 'website', amountMinor: 10_000_000 });
    await cost('managerA', {
      ...dealerA,
      sourceKey: 'website',
      month: '2026-04-01',
      amountMinor: 5_000_000,
    });
    await cost('managerA', { ...dealerA, sourceKey: 'showroom', amountMinor: 200_000 });
    await cost('managerB', {
      ownerLevel: 'dealer',
      dealerCode: 'B',
      sourceKey: 'website',
      amountMinor: 3_000_000,
    });
    await cost('admin', { ownerLevel: 'group', sourceKey: 'website', amountMinor: 1_000_000 });
    await cost('admin', {
      ownerLevel: 'group',
      sourceKey: 'showroom',
      amountMinor: 100_000,
      currency: 'CNY',
    });
    await cost('brandX', {
      ownerLevel: 'brand',
      brandCode: 'X',
      sourceKey: 'advertising',
      amountMinor: 4_000_000,
    });
    await refreshAnalyticsAggregates(world.database.db, { full: true });
  });
  afterAll(async () => world.close());

  const channelTable = async (user: TestUserKey, query = march) => {
    const answer = await apiAs(world, user).get(`/api/analytics/dashboards/channels?${query}`);
    expect(answer.status).toBe(200);
    const table = answer.body.tables.find((t: { key: string }) => t.key === 'channels');
    expect(table.columns.slice(7).map((c: { key: string }) => c.key)).toEqual(costColumns);
    return table.rows as unknown[][];
  };

  it("a dealer's manager sees his dealer's costs only: cost per lead and per sale", async () => {
    expect(await channelTable('managerA')).toEqual([
      // 10,000,000 kopecks over 4 leads and 1 sale; April's cost is outside the period
      ['website', 4, 0.8, 1, 0.25, 1, 0.25, 'RUB', 100_000, 25_000, 100_000, null],
      ['showroom', 1, 0.2, 0, 0, 0, 0, 'RUB', 2_000, 2_000, null, null],
    ]);
    // dealer B's manager: his one website lead and his 3,000,000
    expect(await channelTable('managerB')).toEqual([
      ['website', 1, 1, 0, 0, 0, 0, 'RUB', 30_000, 30_000, null, null],
    ]);
  });

  it('the group view adds every level; two currencies are never added together', async () => {
    expect(await channelTable('admin')).toEqual([
      // A 10,000,000 + B 3,000,000 + group 1,000,000 over 5 leads and 1 sale
      ['website', 5, 5 / 6, 1, 0.2, 1, 0.2, 'RUB', 140_000, 28_000, 140_000, null],
      ['showroom', 1, 1 / 6, 0, 0, 0, 0, null, null, null, null, 'severalCurrencies:CNY,RUB'],
      // the brand's advertising brought no lead in March: its cost is shown all the same
      ['advertising', 0, 0, 0, null, 0, null, 'RUB', 40_000, null, null, null],
    ]);
    // the group narrowed to dealer B: B's costs only
    expect(await channelTable('admin', `${march}&dealerCode=B`)).toEqual([
      ['website', 1, 1, 0, 0, 0, 0, 'RUB', 30_000, 30_000, null, null],
    ]);
    // brand X's manager: dealers A and B sell X, and the brand's own advertising; his brand is
    // an implied brand filter, so B's website lead (no brand) is not his and of B's 3,000,000
    // he bears X's half: the same figures as the group filtered for brand X below
    const brandX = await channelTable('brandX');
    expect(brandX.map((row) => [row[0], row[1], ...row.slice(7)])).toEqual([
      ['website', 4, 'RUB', 115_000, 28_750, 115_000, null],
      ['showroom', 1, 'RUB', 2_000, 2_000, null, null],
      ['advertising', 0, 'RUB', 40_000, null, null, null],
    ]);
    // the group filtered per brand: dealer B sells X and Y and its website lead named no brand,
    // so its 3,000,000 is split evenly; the brands add up to the group's less its own 1,000,000
    const costOf = async (brand: string) =>
      Object.fromEntries(
        (await channelTable('admin', `${march}&brandCode=${brand}`)).map((row) => [row[0], row[8]]),
      );
    expect(await costOf('X')).toMatchObject({ website: 115_000, advertising: 40_000 });
    expect(await costOf('Y')).toMatchObject({ website: 15_000 });
  });

  it('costs are not split per consultant or model: the figures are empty with the reason', async () => {
    const rows = await channelTable(
      'managerA',
      `${march}&consultantId=${world.users.consultantA1.id}`,
    );
    expect(rows.map((row) => row.slice(7))).toEqual([
      [null, null, null, null, 'notPerConsultant'],
      [null, null, null, null, 'notPerConsultant'],
    ]);
  });

  it('the CSV and XLSX exports carry the cost columns', async () => {
    const csv = await apiAs(world, 'managerA').get(
      `/api/analytics/dashboards/channels/export?${march}&format=csv&table=channels`,
    );
    expect(csv.text.replace('\ufeff', '').trim().split('\r\n')).toEqual([
      'channel,newInPeriod,share,testDrives,testDriveRate,sales,saleRate,' +
        'currency,cost,costPerLead,costPerSale,costNote',
      'website,4,0.8,1,0.25,1,0.25,RUB,100000,25000,100000,',
      'showroom,1,0.2,0,0,0,0,RUB,2000,2000,,',
    ]);
  });
});
