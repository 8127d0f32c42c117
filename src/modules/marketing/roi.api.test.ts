import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { expectKeptEqualsLive } from './roi-credits.testing.ts';
import { createRoiCampaign, createRoiCustomer, roiLetter } from './roi-fixture.testing.ts';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';

/**
 * Campaign ROI on hand-made data (March 2026, amounts in kopecks / fen):
 *   C1 "Spring" group, RUB, cost 1,000,000, window 30 days, code SPRING26;
 *      sent 1 March to Anna, Boris, Dan (dealer A) and Gleb (dealer B).
 *   C2 "Service" dealer A, RUB, cost 200,000, window 14; sent 10 March to Anna.
 *   C3 "Show" group, CNY, cost 500,000, window 30; sent 5 March to Chen (dealer A).
 * Conversions:
 *   Anna  service 5 Mar 50,000 RUB      -> C1 (C2 had not been sent yet)
 *   Anna  lead 11 Mar, purchase 12 Mar 3,000,000 RUB -> C2 (last touch beats C1)
 *   Boris test drive 20 Mar, purchase 31 Mar 2,000,000 less 100,000 -> C1 (last day of the window)
 *   Dan   purchase 1 Apr               -> nobody (a day after C1's window)
 *   Gleb  purchase 15 Mar 5,000,000 at dealer B -> C1, not seen by dealer A
 *   Vera  (never sent) lead 20 Mar quoting "spring26" -> C1 by its response code
 *   Chen  purchases 20 Mar 2,000,000 CNY and 21 Mar 1,000,000 RUB -> C3 (RUB shown apart)
 * For the groupings, C3 goes by SMS, and three people no campaign reached:
 *   Ivan  (dealer A) referral lead 10 Mar, its test drive 12 Mar, purchase 25 Mar 1,500,000 RUB
 *   Olga  (dealer A) showroom lead 2 Feb (before the period), purchase 5 Mar 800,000 RUB
 *   Petr  (dealer B) website lead 12 Mar
 */
const march = 'from=2026-03-01&to=2026-03-31';

type Row = {
  campaignId: string;
  name: string;
  recipients: number;
  delivered: number;
  opened: number;
  leads: number;
  sales: number;
  serviceVisits: number;
  costMinor: number | null;
  costShared: boolean;
  revenueMinor: number;
  otherRevenue: { currency: string; amountMinor: number }[];
  costPerLeadMinor: number | null;
  costPerSaleMinor: number | null;
  roi: number | null;
};

describe('a marketer reads the ROI of his campaigns', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  const campaigns: Record<string, string> = {};
  const cars: Record<string, string> = {};

  async function customer(user: TestUserKey, key: string) {
    ids[key] = await createRoiCustomer(world, user, key, 'Roi');
  }

  async function campaign(user: TestUserKey, key: string, body: Record<string, unknown>) {
    const created = await createRoiCampaign(world, user, key, body);
    campaigns[key] = created.id;
    return created;
  }

  const at = (iso: string) => new Date(iso);

  beforeAll(async () => {
    world = await createTestWorld();
    for (const key of ['anna', 'boris', 'dan', 'vera', 'chen', 'ivan', 'olga']) {
      await customer('managerA', key);
    }
    await customer('managerB', 'gleb');
    await customer('managerB', 'petr');
    const spring = await campaign('crmGroup', 'Spring', {
      ownerLevel: 'group',
      costMinor: 1_000_000,
      currency: 'RUB',
      attributionWindowDays: 30,
      responseCode: 'SPRING26',
    });
    expect(spring.attributionWindowDays).toBe(30);
    expect(spring.responseCode).toBe('SPRING26');
    await campaign('crmA', 'Service', {
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      costMinor: 200_000,
      currency: 'RUB',
      attributionWindowDays: 14,
    });
    await campaign('crmGroup', 'Show', {
      ownerLevel: 'group',
      costMinor: 500_000,
      currency: 'CNY',
    });

    await withActor(world.database.db, systemActor('test'), async (tx) => {
      // the recipients are written by hand below: the channel only names the group of the report
      await tx
        .updateTable('marketing_campaigns')
        .set({ channel: 'sms' })
        .where('id', '=', campaigns.Show!)
        .execute();
      const sent = (key: string, who: string, when: string, opened?: string) => ({
        campaign_id: campaigns[key]!,
        customer_id: ids[who]!,
        variant: 'A',
        phase: 'all' as const,
        status: 'queued' as const,
        created_at: at(when),
        opened_at: opened ? at(opened) : null,
      });
      await tx
        .insertInto('marketing_campaign_recipients')
        .values([
          sent('Spring', 'anna', '2026-03-01T10:00:00Z'),
          sent('Spring', 'boris', '2026-03-01T10:00:00Z'),
          sent('Spring', 'dan', '2026-03-01T10:00:00Z'),
          sent('Spring', 'gleb', '2026-03-01T10:00:00Z', '2026-03-01T12:00:00Z'),
          sent('Service', 'anna', '2026-03-10T09:00:00Z'),
          sent('Show', 'chen', '2026-03-05T08:00:00Z'),
        ])
        .execute();
      for (const who of ['anna', 'boris', 'dan', 'gleb', 'chen', 'ivan', 'olga']) {
        const car = await tx
          .insertInto('vehicles')
          .values({ customer_id: ids[who]!, make_name: 'Xcar', model_name: 'Alpha' })
          .returning('id')
          .executeTakeFirstOrThrow();
        cars[who] = car.id;
      }
      const purchase = (
        who: string,
        day: string,
        price: number,
        currency = 'RUB',
        dealer: 'A' | 'B' = 'A',
        discount = 0,
      ) => ({
        vehicle_id: cars[who]!,
        customer_id: ids[who]!,
        dealer_id: world.dealers[dealer].id,
        purchase_date: day,
        price_minor: price,
        discount_minor: discount,
        currency,
      });
      await tx
        .insertInto('vehicle_purchases')
        .values([
          purchase('anna', '2026-03-12', 3_000_000),
          purchase('boris', '2026-03-31', 2_000_000, 'RUB', 'A', 100_000),
          purchase('dan', '2026-04-01', 4_000_000),
          purchase('gleb', '2026-03-15', 5_000_000, 'RUB', 'B'),
          purchase('chen', '2026-03-20', 2_000_000, 'CNY'),
          purchase('chen', '2026-03-21', 1_000_000, 'RUB'),
          purchase('ivan', '2026-03-25', 1_500_000),
          purchase('olga', '2026-03-05', 800_000),
        ])
        .execute();
      const demoCar = await tx
        .insertInto('test_drive_vehicles')
        .values({ dealer_id: world.dealers.A.id, model: 'Xcar Alpha', vin: 'XTA21099012345678' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('test_drive_bookings')
        .values({
          dealer_id: world.dealers.A.id,
          customer_id: ids.boris!,
          vehicle_id: demoCar.id,
          consultant_user_id: world.users.consultantA1.id,
          starts_at: at('2026-03-20T10:00:00Z'),
          ends_at: at('2026-03-20T11:00:00Z'),
          status: 'came',
          attendance_at: at('2026-03-20T11:00:00Z'),
        })
        .execute();
      await tx
        .insertInto('service_visits')
        .values({
          customer_id: ids.anna!,
          vehicle_id: cars.anna!,
          dealer_id: world.dealers.A.id,
          visit_date: '2026-03-05',
          visit_type: 'maintenance',
          total_minor: 50_000,
          currency: 'RUB',
        })
        .execute();
      await tx
        .insertInto('leads')
        .values([
          {
            customer_id: ids.anna!,
            dealer_id: world.dealers.A.id,
            source_key: 'website',
            requested_at: at('2026-03-11T10:00:00Z'),
          },
          {
            customer_id: ids.vera!,
            dealer_id: world.dealers.A.id,
            source_key: 'website',
            utm_campaign: 'spring26',
            requested_at: at('2026-03-20T10:00:00Z'),
          },
          {
            customer_id: ids.olga!,
            dealer_id: world.dealers.A.id,
            source_key: 'showroom',
            requested_at: at('2026-02-02T10:00:00Z'),
          },
          {
            customer_id: ids.petr!,
            dealer_id: world.dealers.B.id,
            source_key: 'website',
            requested_at: at('2026-03-12T10:00:00Z'),
          },
        ])
        .execute();
      const ivansLead = await tx
        .insertInto('leads')
        .values({
          customer_id: ids.ivan!,
          dealer_id: world.dealers.A.id,
          source_key: 'referral',
          requested_at: at('2026-03-10T10:00:00Z'),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('test_drive_bookings')
        .values({
          dealer_id: world.dealers.A.id,
          customer_id: ids.ivan!,
          vehicle_id: demoCar.id,
          consultant_user_id: world.users.consultantA1.id,
          lead_id: ivansLead.id,
          starts_at: at('2026-03-12T10:00:00Z'),
          ends_at: at('2026-03-12T11:00:00Z'),
          status: 'came',
          attendance_at: at('2026-03-12T11:00:00Z'),
        })
        .execute();
    });
  });
  afterAll(async () => {
    await world.close();
  });

  const roi = async (user: TestUserKey, query = march) => {
    const answer = await apiAs(world, user).get(`/api/marketing/roi?${query}`);
    expect(answer.status, answer.text).toBe(200);
    const rows = answer.body.rows as Row[];
    return { body: answer.body, byName: Object.fromEntries(rows.map((row) => [row.name, row])) };
  };

  it('credits each sale, visit and lead to the last campaign that touched the person within its window', async () => {
    const { byName } = await roi('crmGroup');
    expect(Object.keys(byName).sort()).toEqual(['Service', 'Show', 'Spring']);
    const spring = byName.Spring!;
    expect(spring).toMatchObject({
      recipients: 4,
      delivered: 4,
      opened: 1,
      // Vera's coded lead; Anna's lead went to the later "Service" message
      leads: 1,
      // Boris on the window's last day and Gleb; not Anna (last touch: Service), not Dan (a day late)
      testDrives: 1,
      sales: 2,
      serviceVisits: 1,
      costMinor: 1_000_000,
      costShared: false,
      revenueMinor: 1_900_000 + 5_000_000 + 50_000,
      costPerLeadMinor: 1_000_000,
      costPerSaleMinor: 500_000,
    });
    expect(spring.roi).toBeCloseTo((6_950_000 - 1_000_000) / 1_000_000, 10);
    expect(byName.Service).toMatchObject({
      recipients: 1,
      leads: 1,
      sales: 1,
      revenueMinor: 3_000_000,
      costPerSaleMinor: 200_000,
      roi: 14,
    });
  });

  it('never adds roubles to yuan: other currencies are shown apart and totals are per currency', async () => {
    const { body, byName } = await roi('analystGroup');
    expect(byName.Show).toMatchObject({
      sales: 2,
      revenueMinor: 2_000_000,
      otherRevenue: [{ currency: 'RUB', amountMinor: 1_000_000 }],
      roi: 3,
    });
    expect(body.totals).toEqual([
      {
        currency: 'CNY',
        campaigns: 1,
        costMinor: 500_000,
        revenueMinor: 2_000_000,
        leads: 0,
        sales: 2,
        roi: 3,
      },
      {
        currency: 'RUB',
        campaigns: 2,
        costMinor: 1_200_000,
        revenueMinor: 9_950_000,
        leads: 2,
        sales: 3,
        roi: (9_950_000 - 1_200_000) / 1_200_000,
      },
    ]);
  });

  it('a dealer user counts only his customers, and bears his share of a group campaign’s cost', async () => {
    const { byName } = await roi('crmA');
    expect(byName.Spring).toMatchObject({
      recipients: 3,
      sales: 1,
      revenueMinor: 1_950_000,
      costMinor: 750_000,
      costShared: true,
      roi: (1_950_000 - 750_000) / 750_000,
    });
    // dealer B sees nothing of dealer A's campaign, and only Gleb of the group's
    const b = await roi('managerB');
    expect(Object.keys(b.byName)).toEqual(['Spring']);
    expect(b.byName.Spring).toMatchObject({ recipients: 1, sales: 1, revenueMinor: 5_000_000 });
  });

  it('narrowing to one campaign or one dealer keeps the credit where last touch put it', async () => {
    const one = await roi('crmGroup', `${march}&campaignId=${campaigns.Spring}`);
    expect(Object.keys(one.byName)).toEqual(['Spring']);
    expect(one.byName.Spring!.sales).toBe(2);
    const atB = await roi('crmGroup', `${march}&dealerCode=${world.dealers.B.code}`);
    expect(atB.byName.Spring).toMatchObject({ recipients: 1, sales: 1, costShared: true });
    // no campaign sent in April
    expect((await roi('crmGroup', 'from=2026-04-01&to=2026-04-30')).body.rows).toEqual([]);
  });

  it('exports the report as CSV and XLSX', async () => {
    const api = apiAs(world, 'crmGroup');
    const csv = await api.get(`/api/marketing/roi/export?${march}&format=csv`);
    expect(csv.status, csv.text).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('campaign,channel,startedAt,currency,recipients');
    expect(lines.find((line) => line.startsWith('Service,'))).toContain(
      ',2000,30000,,2000,2000,14',
    );
    const totals = await api.get(`/api/marketing/roi/export?${march}&format=csv&table=currencies`);
    expect(totals.text).toContain('CNY,1,5000,20000,0,2,3');
    const xlsx = await api.get(`/api/marketing/roi/export?${march}&format=xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  const grouped = async (user: TestUserKey, groupBy: 'channel' | 'source', query = march) => {
    const answer = await apiAs(world, user).get(`/api/marketing/roi?${query}&groupBy=${groupBy}`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.groupBy).toBe(groupBy);
    return answer.body;
  };
  const noMoney: { currency: string; amountMinor: number }[] = [];
  /** a source without a cost of its own (lead source costs) */
  const noCost = {
    cost: noMoney,
    campaignCost: noMoney,
    costPerLeadMinor: null,
    costPerSaleMinor: null,
    roi: null,
  };

  it('sums the campaigns per channel and cost currency, each campaign’s cost to its channel', async () => {
    const all = await grouped('crmGroup', 'channel');
    expect(all.rows).toEqual([
      {
        // Spring and Service
        channel: 'email',
        currency: 'RUB',
        campaigns: 2,
        recipients: 5,
        delivered: 5,
        opened: 1,
        clicked: 0,
        leads: 2,
        testDrives: 1,
        sales: 3,
        serviceVisits: 1,
        costMinor: 1_200_000,
        costShared: false,
        revenueMinor: 6_950_000 + 3_000_000,
        otherRevenue: noMoney,
        costPerLeadMinor: 600_000,
        costPerSaleMinor: 400_000,
        roi: (9_950_000 - 1_200_000) / 1_200_000,
      },
      {
        // Show: its roubles stay apart from its yuan
        channel: 'sms',
        currency: 'CNY',
        campaigns: 1,
        recipients: 1,
        delivered: 1,
        opened: 0,
        clicked: 0,
        leads: 0,
        testDrives: 0,
        sales: 2,
        serviceVisits: 0,
        costMinor: 500_000,
        costShared: false,
        revenueMinor: 2_000_000,
        otherRevenue: [{ currency: 'RUB', amountMinor: 1_000_000 }],
        costPerLeadMinor: null,
        costPerSaleMinor: 250_000,
        roi: 3,
      },
    ]);
    // the totals per currency are those of the campaign grouping
    expect(all.totals).toEqual((await roi('crmGroup')).body.totals);
    // a dealer user: his share of Spring (3 of 4 recipients) plus Service, his customers only
    const a = await grouped('crmA', 'channel');
    expect(a.rows[0]).toMatchObject({
      channel: 'email',
      currency: 'RUB',
      campaigns: 2,
      recipients: 4,
      leads: 2,
      sales: 2,
      costMinor: 750_000 + 200_000,
      costShared: true,
      revenueMinor: 1_950_000 + 3_000_000,
      costPerLeadMinor: 475_000,
      roi: (4_950_000 - 950_000) / 950_000,
    });
    // dealer B: only Gleb of Spring; nothing of dealer A's Service or Chen's show
    const b = await grouped('managerB', 'channel');
    expect(b.rows).toHaveLength(1);
    expect(b.rows[0]).toMatchObject({
      channel: 'email',
      campaigns: 1,
      recipients: 1,
      sales: 1,
      revenueMinor: 5_000_000,
      costMinor: 250_000,
      costShared: true,
    });
    const sms = await grouped('crmGroup', 'channel', `${march}&channel=sms`);
    expect(sms.rows.map((row: { channel: string }) => row.channel)).toEqual(['sms']);
  });

  it('shows per lead source what campaigns brought and what came without one', async () => {
    const all = await grouped('crmGroup', 'source');
    const source = (
      key: string | null,
      via: [number, number, number, number, { currency: string; amountMinor: number }[]],
      own: [number, number, number, { currency: string; amountMinor: number }[]],
    ) => ({
      source: key,
      leads: via[0],
      testDrives: via[1],
      sales: via[2],
      serviceVisits: via[3],
      revenue: via[4],
      leadsWithoutCampaign: own[0],
      testDrivesWithoutCampaign: own[1],
      salesWithoutCampaign: own[2],
      revenueWithoutCampaign: own[3],
      ...noCost,
    });
    const rub = (amountMinor: number) => [{ currency: 'RUB', amountMinor }];
    expect(all.rows).toEqual([
      // Vera's coded lead and Anna's (Service), Anna's car (her website lead the day before);
      // Petr's website lead at dealer B without a campaign
      source('website', [2, 0, 1, 0, rub(3_000_000)], [1, 0, 0, noMoney]),
      // Ivan: his lead, the test drive booked on it, his car (his last lead before it)
      source('referral', [0, 0, 0, 0, noMoney], [1, 1, 1, rub(1_500_000)]),
      // Olga's car in March: her February showroom lead is its source, not a lead of March
      source('showroom', [0, 0, 0, 0, noMoney], [0, 0, 1, rub(800_000)]),
      // people the campaigns reached who had no lead before: Boris, Gleb, Chen, Anna's visit
      source(
        null,
        [
          0,
          1,
          4,
          1,
          [
            { currency: 'CNY', amountMinor: 2_000_000 },
            { currency: 'RUB', amountMinor: 1_900_000 + 5_000_000 + 1_000_000 + 50_000 },
          ],
        ],
        [0, 0, 0, noMoney],
      ),
    ]);
    // through campaigns, the sources add up to the campaign report
    const campaignsAll = (await roi('crmGroup')).body;
    const sum = (rows: { leads: number; sales: number }[], key: 'leads' | 'sales') =>
      rows.reduce((total, row) => total + row[key], 0);
    expect(sum(all.rows, 'leads')).toBe(sum(campaignsAll.rows, 'leads'));
    expect(sum(all.rows, 'sales')).toBe(sum(campaignsAll.rows, 'sales'));
    expect(all.totals).toEqual([
      {
        // per the sale's own currency (the campaign grouping's totals go by the cost's)
        currency: 'CNY',
        sales: 1,
        revenueMinor: 2_000_000,
        salesWithoutCampaign: 0,
        revenueWithoutCampaignMinor: 0,
        costMinor: null,
        roi: null,
      },
      {
        currency: 'RUB',
        // Anna, Boris, Gleb, Chen's roubles; 9,950,000 of the campaigns + Show's 1,000,000
        sales: 4,
        revenueMinor: 10_950_000,
        salesWithoutCampaign: 2,
        revenueWithoutCampaignMinor: 2_300_000,
        costMinor: null,
        roi: null,
      },
    ]);
  });

  it('narrowed to a later campaign, what came before its first send is not its own and stays the source’s', async () => {
    // "Service" first sent on 10 Mar: Anna's visit of 5 Mar cannot be its (Spring's, above)
    const service = await roi('crmGroup', `${march}&campaignId=${campaigns.Service}`);
    expect(service.byName.Service).toMatchObject({ leads: 1, sales: 1, serviceVisits: 0 });
    // the sources still show the whole period without a campaign: Olga's car of 5 Mar, Ivan's
    // lead of 10 Mar and what followed it
    const one = await grouped('crmGroup', 'source', `${march}&campaignId=${campaigns.Service}`);
    const bySource = Object.fromEntries(
      one.rows.map((row: { source: string | null }) => [row.source ?? 'none', row]),
    );
    expect(bySource.showroom).toMatchObject({
      sales: 0,
      salesWithoutCampaign: 1,
      revenueWithoutCampaign: [{ currency: 'RUB', amountMinor: 800_000 }],
    });
    expect(bySource.referral).toMatchObject({
      leadsWithoutCampaign: 1,
      testDrivesWithoutCampaign: 1,
      salesWithoutCampaign: 1,
    });
    expect(bySource.website).toMatchObject({ leads: 1, sales: 1, leadsWithoutCampaign: 1 });
  });

  it('a dealer user sees no other dealer’s figures in any grouping', async () => {
    const a = await grouped('crmA', 'source');
    const bySource = Object.fromEntries(
      a.rows.map((row: { source: string | null }) => [row.source ?? 'none', row]),
    );
    // no Petr (dealer B's website lead), no Gleb's 5,000,000
    expect(bySource.website).toMatchObject({ leads: 2, sales: 1, leadsWithoutCampaign: 0 });
    expect(bySource.none).toMatchObject({
      sales: 3,
      revenue: [
        { currency: 'CNY', amountMinor: 2_000_000 },
        { currency: 'RUB', amountMinor: 1_900_000 + 1_000_000 + 50_000 },
      ],
    });
    expect(bySource.referral).toMatchObject({ salesWithoutCampaign: 1 });
    const b = await grouped('managerB', 'source');
    expect(b.rows).toEqual([
      {
        source: 'website',
        leads: 0,
        testDrives: 0,
        sales: 0,
        serviceVisits: 0,
        revenue: noMoney,
        leadsWithoutCampaign: 1,
        testDrivesWithoutCampaign: 0,
        salesWithoutCampaign: 0,
        revenueWithoutCampaign: noMoney,
        ...noCost,
      },
      {
        source: null,
        leads: 0,
        testDrives: 0,
        sales: 1,
        serviceVisits: 0,
        revenue: [{ currency: 'RUB', amountMinor: 5_000_000 }],
        leadsWithoutCampaign: 0,
        testDrivesWithoutCampaign: 0,
        salesWithoutCampaign: 0,
        revenueWithoutCampaign: noMoney,
        ...noCost,
      },
    ]);
    // the group user filtering on dealer B sees what dealer B sees
    const atB = await grouped('crmGroup', 'source', `${march}&dealerCode=${world.dealers.B.code}`);
    expect(atB.rows).toEqual(b.rows);
    const bCsv = await apiAs(world, 'managerB').get(
      `/api/marketing/roi/export?${march}&format=csv&groupBy=source`,
    );
    expect(bCsv.text).not.toContain('referral');
    expect(bCsv.text).not.toContain('1500');
  });

  it('exports each grouping as CSV and XLSX', async () => {
    const api = apiAs(world, 'crmGroup');
    const csvLines = async (query: string) => {
      const answer = await api.get(`/api/marketing/roi/export?${march}&format=csv&${query}`);
      expect(answer.status, answer.text).toBe(200);
      return answer.text
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
    };
    const channels = await csvLines('groupBy=channel');
    expect(channels[0]).toBe(
      'channel,currency,campaigns,recipients,delivered,opened,clicked,leads,testDrives,sales,serviceVisits,cost,revenue,otherRevenue,costPerLead,costPerSale,roi',
    );
    expect(channels[2]).toBe('sms,CNY,1,1,1,0,0,0,0,2,0,5000,20000,RUB 10000.00,,2500,3');
    const sources = await csvLines('groupBy=source');
    expect(sources[0]).toBe(
      'source,leads,testDrives,sales,serviceVisits,revenue,leadsWithoutCampaign,testDrivesWithoutCampaign,salesWithoutCampaign,revenueWithoutCampaign,cost,costPerLead,costPerSale,roi',
    );
    expect(sources[2]).toBe('referral,0,0,0,0,,1,1,1,RUB 15000.00,,,,');
    expect(await csvLines('groupBy=source&table=currencies')).toContain('RUB,4,109500,2,23000,,');
    const xlsx = await api.get(`/api/marketing/roi/export?${march}&format=xlsx&groupBy=channel`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('campaign-roi-by-channel-');
    // another grouping's table is a 400 naming the field
    const wrong = await api.get(
      `/api/marketing/roi/export?${march}&format=csv&groupBy=source&table=campaigns`,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['table']);
  });

  it('answers bad input with 400 naming the field, and keeps ROI from roles without marketing or analytics', async () => {
    const api = apiAs(world, 'crmGroup');
    const fieldsOf = async (query: string) => {
      const answer = await api.get(`/api/marketing/roi?${query}`);
      expect(answer.status, answer.text).toBe(400);
      return answer.body.error.fields.map((f: { path: string }) => f.path);
    };
    expect(await fieldsOf('from=2026-03-40&to=2026-03-31')).toContain('from');
    expect(await fieldsOf(`${march}&campaignId=nope`)).toContain('campaignId');
    expect(await fieldsOf(`${march}&groupBy=dealer`)).toEqual(['groupBy']);
    expect(await fieldsOf(`${march}&dealerCode=NOPE`)).toEqual(['dealerCode']);
    expect(await fieldsOf('from=2026-03-31&to=2026-03-01')).toEqual(['to']);
    // a second campaign may not take the same code, whatever its case; a window of 0 days is no window
    const segment = await api.post('/api/segments', {
      name: 'ROI again',
      definition: { type: 'contact', channel: 'email' },
    });
    const again = await api.post('/api/campaigns', {
      name: 'Copy',
      ownerLevel: 'group',
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      responseCode: 'spring26',
      variants: [{ key: 'A', contents: { en: { subject: 'Hi', mjml: roiLetter } } }],
    });
    expect(again.status, again.text).toBe(400);
    expect(again.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['responseCode']);
    const noWindow = await api.post('/api/campaigns', {
      name: 'Copy',
      ownerLevel: 'group',
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      attributionWindowDays: 0,
      variants: [{ key: 'A', contents: { en: { subject: 'Hi', mjml: roiLetter } } }],
    });
    expect(noWindow.status).toBe(400);
    expect(noWindow.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'attributionWindowDays',
    ]);
    const advisor = await apiAs(world, 'advisorA').get(`/api/marketing/roi?${march}`);
    expect(advisor.status).toBe(403);
  });

  it("sets each source's own costs against what came without a campaign, never adding currencies", async () => {
    const enter = async (user: TestUserKey, body: Record<string, unknown>) => {
      const answer = await apiAs(world, user).put('/api/lead-source-costs', {
        month: '2026-03-01',
        currency: 'RUB',
        ...body,
      });
      expect(answer.status, answer.text).toBe(201);
    };
    await enter('crmA', {
      sourceKey: 'referral',
      ownerLevel: 'dealer',
      dealerCode: 'A',
      amountMinor: 300_000,
    });
    await enter('managerB', {
      sourceKey: 'website',
      ownerLevel: 'dealer',
      dealerCode: 'B',
      amountMinor: 200_000,
    });
    await enter('crmGroup', {
      sourceKey: 'website',
      ownerLevel: 'group',
      amountMinor: 50_000,
      currency: 'CNY',
    });
    await enter('crmGroup', {
      sourceKey: 'advertising',
      ownerLevel: 'group',
      amountMinor: 100_000,
    });

    const all = await grouped('crmGroup', 'source');
    const costs = (rows: Record<string, unknown>[]) =>
      rows.map((row) => [
        row.source,
        row.cost,
        row.costPerLeadMinor,
        row.costPerSaleMinor,
        row.roi,
      ]);
    const rub = (amountMinor: number) => ({ currency: 'RUB', amountMinor });
    expect(costs(all.rows)).toEqual([
      // dealer B's roubles and the group's yuan: shown apart, no per-lead figure, no ROI
      ['website', [{ currency: 'CNY', amountMinor: 50_000 }, rub(200_000)], null, null, null],
      // Ivan: 1 lead and 1 sale of 1,500,000 without a campaign for 300,000: ROI 4
      ['referral', [rub(300_000)], 300_000, 300_000, 4],
      ['showroom', [], null, null, null],
      // advertising cost money and brought nothing
      ['advertising', [rub(100_000)], null, null, -1],
      [null, [], null, null, null],
    ]);
    expect(all.totals).toEqual([
      expect.objectContaining({ currency: 'CNY', costMinor: 50_000, roi: -1 }),
      // the sources with a rouble cost (website, referral, advertising) brought 1,500,000
      // without a campaign (Ivan's car), against 600,000; Olga's showroom car is not theirs
      expect.objectContaining({ currency: 'RUB', costMinor: 600_000, roi: 1.5 }),
    ]);

    // dealer A counts only his own referral cost; dealer B only his website cost
    const a = await grouped('crmA', 'source');
    expect(costs(a.rows).filter((row) => (row[1] as unknown[]).length > 0)).toEqual([
      ['referral', [rub(300_000)], 300_000, 300_000, 4],
    ]);
    const b = await grouped('managerB', 'source');
    expect(costs(b.rows)).toEqual([
      ['website', [rub(200_000)], 200_000, null, -1],
      [null, [], null, null, null],
    ]);
    // the group narrowed to dealer B counts B's cost, not the group's
    const atB = await grouped('crmGroup', 'source', `${march}&dealerCode=${world.dealers.B.code}`);
    expect(costs(atB.rows)).toEqual(costs(b.rows));

    const csv = await apiAs(world, 'crmGroup').get(
      `/api/marketing/roi/export?${march}&format=csv&groupBy=source`,
    );
    expect(csv.text).toContain(
      '\r\nreferral,0,0,0,0,,1,1,1,RUB 15000.00,RUB 3000.00,3000,3000,4\r\n',
    );
  });

  it('the kept credits give exactly what the rule gives live, for every user, grouping and filter', async () => {
    const db = world.database.db;
    const queries = [
      { from: '2026-03-01', to: '2026-03-31' },
      { from: '2026-03-01', to: '2026-03-31', brandCode: 'X' },
      { from: '2026-03-01', to: '2026-03-31', dealerCode: world.dealers.A.code },
      { from: '2026-03-11', to: '2026-04-30' },
    ];
    expect(await expectKeptEqualsLive(db, world, queries)).toBeGreaterThan(100);
    // every reader, grouping and filter twice (kept and live): minutes on a loaded machine
  }, 300_000);

  it('a refresh takes in a purchase imported late and a visit cancelled, and shows when it ran', async () => {
    const before = await roi('crmGroup');
    expect(before.byName.Spring).toMatchObject({ sales: 2, serviceVisits: 1 });
    const asOf = before.body.asOf as string;
    expect(Date.parse(asOf)).not.toBeNaN();
    // Dan bought on 20 March, in Spring's window: the DMS import brings it in only now
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      await tx
        .insertInto('vehicle_purchases')
        .values({
          vehicle_id: cars.dan!,
          customer_id: ids.dan!,
          dealer_id: world.dealers.A.id,
          purchase_date: '2026-03-20',
          price_minor: 700_000,
          discount_minor: 0,
          currency: 'RUB',
        })
        .execute();
    });
    // Anna's visit of 5 March was entered by mistake
    const visit = await world.database.db
      .selectFrom('service_visits')
      .select('id')
      .where('customer_id', '=', ids.anna!)
      .executeTakeFirstOrThrow();
    const cancelled = await apiAs(world, 'advisorA').post(
      `/api/service/visits/${visit.id}/cancel`,
      { reason: 'entered on the wrong customer' },
    );
    expect(cancelled.status, cancelled.text).toBe(204);
    // until a refresh the report is what it was, as of its time
    const stale = await roi('crmGroup');
    expect(stale.body.asOf).toBe(asOf);
    expect(stale.byName.Spring).toMatchObject({ sales: 2, serviceVisits: 1 });

    const refreshed = await apiAs(world, 'managerA').post('/api/marketing/roi/refresh', {});
    expect(refreshed.status, refreshed.text).toBe(200);
    // the answer names no figure of anyone's customers
    expect(Object.keys(refreshed.body).sort()).toEqual(['asOf', 'refreshed']);
    expect(refreshed.body.refreshed).toBe(true);
    const after = await roi('crmGroup');
    expect(after.body.asOf).toBe(refreshed.body.asOf);
    expect(after.byName.Spring).toMatchObject({
      sales: 3,
      serviceVisits: 0,
      revenueMinor: 1_900_000 + 5_000_000 + 700_000,
    });
    expect(
      await expectKeptEqualsLive(world.database.db, world, [
        { from: '2026-03-01', to: '2026-03-31' },
      ]),
    ).toBeGreaterThan(10);
  });

  it('out of scope, the kept credits show nothing more: dealer B sees Gleb only, the advisor nothing', async () => {
    const dealerB = await roi('managerB');
    expect(Object.keys(dealerB.byName)).toEqual(['Spring']);
    expect(dealerB.byName.Spring).toMatchObject({
      recipients: 1,
      leads: 0,
      sales: 1,
      serviceVisits: 0,
      revenueMinor: 5_000_000,
    });
    const bySource = await apiAs(world, 'managerB').get(
      `/api/marketing/roi?${march}&groupBy=source`,
    );
    expect(bySource.status, bySource.text).toBe(200);
    const sales = (bySource.body.rows as { sales: number; salesWithoutCampaign: number }[]).reduce(
      (sum, row) => sum + row.sales + row.salesWithoutCampaign,
      0,
    );
    expect(sales).toBe(1);
    const advisor = await apiAs(world, 'advisorA').post('/api/marketing/roi/refresh', {});
    expect(advisor.status).toBe(403);
  });
});
