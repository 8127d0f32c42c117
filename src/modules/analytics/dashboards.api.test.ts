import ExcelJS from 'exceljs';
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
 * The prospect dashboards on a small hand-made book of leads whose figures are worked out by
 * hand below. Dealer A, period March 2026:
 *   L1 consultantA1 showroom  March   qualified, hot, X3, considers Zcar Z9; test drive -> order
 *   L2 consultantA1 website   March   hot, X5, no current car (not qualified); contacted -> lost
 *   L3 consultantA2 showroom  March   warm, X3, considers Zcar Z9 and Wcar W1; contacted
 *   L4 consultantA2 referral  February cold, open (in the total, not new)
 *   L5 consultantA1 website   April   (after the period: nowhere)
 * Dealer B: L6 consultantB1 showroom March, hot (never in dealer A's figures).
 */
const inMonths = (months: number) => {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
};

type LeadSpec = {
  by: TestUserKey;
  source: string;
  created: string;
  model: string;
  intended: string;
  qualified?: boolean;
  competitors?: string[];
  stages?: { stage: string; lostReason?: string }[];
};

const march = 'from=2026-03-01&to=2026-03-31';

describe('prospect dashboards a dealer manager reads', () => {
  let world: TestWorld;
  let phone = 0;

  async function lead(spec: LeadSpec): Promise<string> {
    const api = apiAs(world, spec.by);
    phone++;
    const created = await api.post('/api/leads', {
      source: spec.source,
      person: {
        lastName: `Prospect${phone}`,
        gender: 'male',
        phones: [{ number: `+7903111${String(phone).padStart(4, '0')}` }],
      },
      vehicles: [{ make: 'Xcar', model: spec.model }],
      intendedPurchaseDate: spec.intended,
      ...(spec.qualified
        ? {
            currentCar: { make: 'Oldcar', model: 'O1' },
            lastContactResult: 'Came to the showroom, liked the X3',
            nextContactPlan: 'Call after the test drive',
          }
        : {}),
      ...(spec.competitors ? { competitorModels: spec.competitors } : {}),
    });
    expect(created.status).toBe(201);
    const id = created.body.leadId as string;
    for (const move of spec.stages ?? []) {
      const moved = await api.post(`/api/leads/${id}/stage`, move);
      expect(moved.status).toBe(200);
    }
    await sql`update leads set created_at = ${new Date(`${spec.created}T10:00:00Z`)}
      where id = ${id}`.execute(world.database.db);
    return id;
  }

  beforeAll(async () => {
    world = await createTestWorld();
    await lead({
      by: 'consultantA1',
      source: 'showroom',
      created: '2026-03-05',
      model: 'X3',
      intended: inMonths(2),
      qualified: true,
      competitors: ['Zcar Z9'],
      stages: [{ stage: 'test_drive' }, { stage: 'offer' }, { stage: 'order' }],
    });
    await lead({
      by: 'consultantA1',
      source: 'website',
      created: '2026-03-12',
      model: 'X5',
      intended: inMonths(1),
      stages: [{ stage: 'contacted' }, { stage: 'lost', lostReason: 'price' }],
    });
    await lead({
      by: 'consultantA2',
      source: 'showroom',
      created: '2026-03-31',
      model: 'X3',
      intended: inMonths(6),
      competitors: ['Zcar Z9', 'Wcar W1'],
      stages: [{ stage: 'contacted' }],
    });
    await lead({
      by: 'consultantA2',
      source: 'referral',
      created: '2026-02-20',
      model: 'X1',
      intended: inMonths(18),
    });
    await lead({
      by: 'consultantA1',
      source: 'website',
      created: '2026-04-01',
      model: 'X3',
      intended: inMonths(1),
    });
    await lead({
      by: 'consultantB1',
      source: 'showroom',
      created: '2026-03-15',
      model: 'X3',
      intended: inMonths(1),
    });
    await refreshAnalyticsAggregates(world.database.db, { full: true });
  });
  afterAll(async () => world.close());

  const kpis = (body: { kpis: { key: string; value: number | null }[] }) =>
    Object.fromEntries(body.kpis.map((kpi) => [kpi.key, kpi.value]));
  const table = (body: { tables: { key: string; rows: unknown[][] }[] }, key: string) =>
    body.tables.find((candidate) => candidate.key === key)!.rows;

  it('counts the prospect KPIs of seed 002 for his dealer', async () => {
    const answer = await apiAs(world, 'managerA').get(
      `/api/analytics/dashboards/prospects?${march}`,
    );
    expect(answer.status).toBe(200);
    expect(kpis(answer.body)).toEqual({
      total: 3, // L1 (order), L3 (contacted), L4 (new); L2 is lost
      newInPeriod: 3,
      qualified: 1,
      qualifiedRate: 1 / 3,
      hot: 1,
      hotRatio: 1 / 3,
      competitorShare: 2 / 3,
    });
    expect(table(answer.body, 'perConsultant')).toEqual([
      ['consultantA1', 2, 1, 1, 1],
      ['consultantA2', 1, 2, 0, 0],
    ]);
    expect(table(answer.body, 'perChannel')).toEqual([
      ['showroom', 2, 2 / 3],
      ['website', 1, 1 / 3],
    ]);
    expect(table(answer.body, 'perSeries')).toEqual([
      ['X3', 2, 2 / 3],
      ['X5', 1, 1 / 3],
    ]);
    expect(table(answer.body, 'competitors')).toEqual([
      ['Zcar Z9', 2, 2 / 3],
      ['Wcar W1', 1, 1 / 3],
    ]);
  });

  it('analyses channels and the funnel of the period’s prospects', async () => {
    const channels = await apiAs(world, 'managerA').get(
      `/api/analytics/dashboards/channels?${march}`,
    );
    expect(kpis(channels.body)).toEqual({ newInPeriod: 3, testDriveRate: 1 / 3, saleRate: 1 / 3 });
    expect(table(channels.body, 'channels')).toEqual([
      ['showroom', 2, 2 / 3, 1, 0.5, 1, 0.5, null, null, null, null, null],
      ['website', 1, 1 / 3, 0, 0, 0, 0, null, null, null, null, null],
    ]);
    const funnel = await apiAs(world, 'managerA').get(`/api/analytics/dashboards/funnel?${march}`);
    expect(kpis(funnel.body)).toEqual({ newInPeriod: 3, lost: 1, saleRate: 1 / 3 });
    expect(table(funnel.body, 'funnel')).toEqual([
      ['new', 3, null, 1],
      ['contacted', 3, 1, 1],
      ['showroom_visit', 1, 1 / 3, 1 / 3],
      ['test_drive', 1, 1, 1 / 3],
      ['offer', 1, 1, 1 / 3],
      ['order', 1, 1, 1 / 3],
      ['delivered', 0, 0, 0],
    ]);
  });

  it('applies the filters: channel, consultant, series, dealer', async () => {
    const api = apiAs(world, 'managerA');
    const showroom = await api.get(`/api/analytics/dashboards/prospects?${march}&channel=showroom`);
    expect(kpis(showroom.body).newInPeriod).toBe(2);
    const a2 = await api.get(
      `/api/analytics/dashboards/prospects?${march}&consultantId=${world.users.consultantA2.id}`,
    );
    expect(kpis(a2.body)).toMatchObject({ total: 2, newInPeriod: 1 });
    const x5 = await api.get(`/api/analytics/dashboards/prospects?${march}&series=x5`);
    expect(kpis(x5.body)).toMatchObject({ total: 0, newInPeriod: 1 });
    const group = await apiAs(world, 'admin').get(
      `/api/analytics/dashboards/prospects?${march}&dealerCode=B`,
    );
    expect(kpis(group.body)).toMatchObject({ total: 1, newInPeriod: 1, hot: 1 });
    const all = await apiAs(world, 'admin').get(`/api/analytics/dashboards/prospects?${march}`);
    expect(kpis(all.body)).toMatchObject({ total: 4, newInPeriod: 4 });
    const bad = await api.get(
      `/api/analytics/dashboards/prospects?from=2026-03-31&to=2026-03-01&dealerCode=ZZ`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((field: { path: string }) => field.path).sort()).toEqual([
      'dealerCode',
      'to',
    ]);
  });

  it('never counts another dealer’s prospects, even when asked for them', async () => {
    const b = await apiAs(world, 'managerB').get(`/api/analytics/dashboards/prospects?${march}`);
    expect(kpis(b.body)).toMatchObject({ total: 1, newInPeriod: 1 });
    const sneaky = await apiAs(world, 'managerA').get(
      `/api/analytics/dashboards/prospects?${march}&dealerCode=B`,
    );
    expect(kpis(sneaky.body)).toMatchObject({ total: 0, newInPeriod: 0 });
    expect(table(sneaky.body, 'perConsultant')).toEqual([]);
    const brandY = await apiAs(world, 'brandY').get(`/api/analytics/dashboards/channels?${march}`);
    // dealer B sells Y too, but its one lead is an Xcar lead: brand Y's manager does not count it
    expect(kpis(brandY.body).newInPeriod).toBe(0);
    const brandX = await apiAs(world, 'brandX').get(`/api/analytics/dashboards/channels?${march}`);
    expect(kpis(brandX.body).newInPeriod).toBe(4); // A's three March leads and B's Xcar lead
    expect(
      (await apiAs(world, 'consultantA1').get(`/api/analytics/dashboards/prospects?${march}`))
        .status,
    ).toBe(403);
  });

  it('exports every dashboard to CSV and XLSX with the same figures', async () => {
    const api = apiAs(world, 'managerA');
    const csv = await api.get(
      `/api/analytics/dashboards/channels/export?${march}&format=csv&table=channels`,
    );
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain(
      'channels-2026-03-01-2026-03-31-channels.csv',
    );
    expect(csv.text.replace('\ufeff', '').trim().split('\r\n')).toEqual([
      'channel,newInPeriod,share,testDrives,testDriveRate,sales,saleRate,' +
        'currency,cost,costPerLead,costPerSale,costNote',
      `showroom,2,${2 / 3},1,0.5,1,0.5,,,,,`,
      `website,1,${1 / 3},0,0,0,0,,,,,`,
    ]);
    const kpiCsv = await api.get(`/api/analytics/dashboards/prospects/export?${march}&format=csv`);
    expect(kpiCsv.text).toContain('\r\ntotal,3\r\n');
    const missing = await api.get(
      `/api/analytics/dashboards/prospects/export?${march}&format=csv&table=nope`,
    );
    expect(missing.status).toBe(404);

    const response = await world.app.inject({
      method: 'GET',
      url: `/api/analytics/dashboards/prospects/export?${march}&format=xlsx`,
      headers: { authorization: `Bearer ${world.users.managerA.token}` },
    });
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    // exceljs declares its own Buffer type; the raw payload is a Node Buffer
    await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'kpis',
      'perConsultant',
      'perChannel',
      'perSeries',
      'competitors',
    ]);
    const summary = workbook.getWorksheet('kpis')!;
    expect(summary.getRow(2).values).toEqual([undefined, 'total', 3]);
    expect(summary.getRow(5).getCell(2).numFmt).toBe('0.0%');
    const series = workbook.getWorksheet('perSeries')!;
    expect(series.getRow(2).values).toEqual([undefined, 'X3', 2, 2 / 3]);
  });

  it('reads the pre-aggregated figures as of the last refresh, then the changed day only', async () => {
    const api = apiAs(world, 'managerA');
    // take in what the server's own jobs may have touched since beforeAll (the lead task
    // escalation runs every minute and may mark a back-dated lead), so the pass below sees
    // this test's change alone
    await refreshAnalyticsAggregates(world.database.db, { overlapMs: 0 });
    const before = await api.get(`/api/analytics/dashboards/funnel?${march}`);
    const asOf = before.body.asOf as string;
    expect(Date.parse(asOf)).toBeLessThanOrEqual(Date.now());
    // consultantA2's March lead (L3) moves on to a test drive: not seen until the next pass
    const l3 = await world.database.db
      .selectFrom('leads')
      .select('id')
      .where('created_at', '=', new Date('2026-03-31T10:00:00Z'))
      .executeTakeFirstOrThrow();
    const moved = await apiAs(world, 'consultantA2').post(`/api/leads/${l3.id}/stage`, {
      stage: 'test_drive',
    });
    expect(moved.status).toBe(200);
    const stale = await api.get(`/api/analytics/dashboards/funnel?${march}`);
    expect(table(stale.body, 'funnel')[3]).toEqual(['test_drive', 1, 1, 1 / 3]);

    const results = await refreshAnalyticsAggregates(world.database.db, { overlapMs: 0 });
    expect(results.find((result) => result.family === 'leads')).toEqual({
      family: 'leads',
      mode: 'days',
      days: 1, // only 31 March was rewritten
    });
    const fresh = await api.get(`/api/analytics/dashboards/funnel?${march}`);
    expect(Date.parse(fresh.body.asOf)).toBeGreaterThan(Date.parse(asOf));
    expect(table(fresh.body, 'funnel').slice(2, 4)).toEqual([
      ['showroom_visit', 2, 2 / 3, 2 / 3],
      ['test_drive', 2, 1, 2 / 3],
    ]);
    const channels = await api.get(`/api/analytics/dashboards/channels?${march}`);
    expect(table(channels.body, 'channels')[0]).toEqual([
      'showroom',
      2,
      2 / 3,
      2,
      1,
      1,
      0.5,
      null,
      null,
      null,
      null,
      null,
    ]);
    // the other dealer's figures did not move
    const b = await apiAs(world, 'managerB').get(`/api/analytics/dashboards/funnel?${march}`);
    expect(kpis(b.body)).toEqual({ newInPeriod: 1, lost: 0, saleRate: 0 });
  });
});
