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
 * The group compares its brands, regions, dealers and model series side by side (seed 000
 * slide 16). Leads worked out by hand, period March 2026:
 *   dealer A (Russia One, Xcar): L1 showroom X3 hot, test drive -> order; L2 website X5 hot
 *   dealer B (Russia One, Xcar and Ycar): L3 showroom Xcar X3 warm
 *   dealer C (China Two, Ycar): L4 website Y7 hot, test drive; L5 referral Y7 cold, February
 *   (open at the period end, not new)
 */
const inMonths = (months: number) => {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
};
const march = 'from=2026-03-01&to=2026-03-31';
const columns = 'newInPeriod,share,testDrives,testDriveRate,sales,saleRate,open,hotRatio';

type Body = {
  kpis: { key: string; value: number | null }[];
  tables: { key: string; rows: unknown[][] }[];
  unappliedFilters?: string[];
};
const kpis = (body: Body) => Object.fromEntries(body.kpis.map((kpi) => [kpi.key, kpi.value]));
const table = (body: Body, key: string) =>
  body.tables.find((candidate) => candidate.key === key)!.rows;

describe('cross-brand, cross-region, per-dealer and cross-model comparison', () => {
  let world: TestWorld;
  let phone = 0;

  async function lead(
    by: TestUserKey,
    spec: { source: string; make: string; model: string; created: string; intended: string },
    stages: string[] = [],
  ) {
    const api = apiAs(world, by);
    phone++;
    const created = await api.post('/api/leads', {
      source: spec.source,
      person: {
        lastName: `Compared${phone}`,
        gender: 'female',
        phones: [{ number: `+7903222${String(phone).padStart(4, '0')}` }],
      },
      vehicles: [{ make: spec.make, model: spec.model }],
      intendedPurchaseDate: spec.intended,
    });
    expect(created.status).toBe(201);
    const id = created.body.leadId as string;
    for (const stage of stages) {
      expect((await api.post(`/api/leads/${id}/stage`, { stage })).status).toBe(200);
    }
    await sql`update leads set created_at = ${new Date(`${spec.created}T10:00:00Z`)}
      where id = ${id}`.execute(world.database.db);
  }

  beforeAll(async () => {
    world = await createTestWorld();
    const x = { make: 'Xcar', created: '2026-03-10' };
    await lead('consultantA1', { ...x, source: 'showroom', model: 'X3', intended: inMonths(2) }, [
      'test_drive',
      'offer',
      'order',
    ]);
    await lead('consultantA1', { ...x, source: 'website', model: 'X5', intended: inMonths(1) });
    await lead('consultantB1', { ...x, source: 'showroom', model: 'X3', intended: inMonths(6) });
    const y = { make: 'Ycar', model: 'Y7' };
    await lead(
      'consultantC1',
      { ...y, source: 'website', created: '2026-03-20', intended: inMonths(1) },
      ['test_drive'],
    );
    await lead('consultantC1', {
      ...y,
      source: 'referral',
      created: '2026-02-14',
      intended: inMonths(18),
    });
    await refreshAnalyticsAggregates(world.database.db, { full: true });
  });
  afterAll(async () => world.close());

  it('shows the group every brand, region, dealer and series with its conversion', async () => {
    const answer = await apiAs(world, 'analystGroup').get(
      `/api/analytics/dashboards/comparison?${march}`,
    );
    expect(answer.status).toBe(200);
    const body = answer.body as Body;
    expect(kpis(body)).toEqual({
      newInPeriod: 4,
      testDriveRate: 0.5,
      saleRate: 0.25,
      total: 5,
      hotRatio: 3 / 5,
    });
    // name, new, share, test drives, to test drive, sales, to sale, open, hot ratio
    expect(table(body, 'byBrand')).toEqual([
      ['Xcar', 3, 0.75, 1, 1 / 3, 1, 1 / 3, 3, 2 / 3],
      ['Ycar', 1, 0.25, 1, 1, 0, 0, 2, 0.5],
    ]);
    expect(table(body, 'byRegion')).toEqual([
      ['Russia One', 3, 0.75, 1, 1 / 3, 1, 1 / 3, 3, 2 / 3],
      ['China Two', 1, 0.25, 1, 1, 0, 0, 2, 0.5],
    ]);
    expect(table(body, 'byDealer')).toEqual([
      ['A', 2, 0.5, 1, 0.5, 1, 0.5, 2, 1],
      // as many new prospects: more open ones first
      ['C', 1, 0.25, 1, 1, 0, 0, 2, 0.5],
      ['B', 1, 0.25, 0, 0, 0, 0, 1, 0],
    ]);
    expect(table(body, 'bySeries')).toEqual([
      ['X3', 2, 0.5, 1, 0.5, 1, 0.5, 2, 0.5],
      ['Y7', 1, 0.25, 1, 1, 0, 0, 2, 0.5],
      ['X5', 1, 0.25, 0, 0, 0, 0, 1, 1],
    ]);
  });

  it('applies the filters and keeps every unit to its own rows', async () => {
    const region = await apiAs(world, 'analystGroup').get(
      `/api/analytics/dashboards/comparison?${march}&regionCode=R1&channel=showroom`,
    );
    expect(table(region.body, 'byDealer')).toEqual([
      ['A', 1, 0.5, 1, 1, 1, 1, 1, 1],
      ['B', 1, 0.5, 0, 0, 0, 0, 1, 0],
    ]);
    expect(region.body.unappliedFilters).toBeUndefined();

    // a dealer manager compares nothing but his own dealer, even when he asks for another
    const managerA = await apiAs(world, 'managerA').get(
      `/api/analytics/dashboards/comparison?${march}`,
    );
    expect(table(managerA.body, 'byDealer').map((row) => row[0])).toEqual(['A']);
    expect(table(managerA.body, 'byBrand')).toEqual([['Xcar', 2, 1, 1, 0.5, 1, 0.5, 2, 1]]);
    const sneaky = await apiAs(world, 'managerA').get(
      `/api/analytics/dashboards/comparison?${march}&dealerCode=C`,
    );
    expect(kpis(sneaky.body)).toMatchObject({ newInPeriod: 0, total: 0 });
    for (const key of ['byBrand', 'byRegion', 'byDealer', 'bySeries']) {
      expect(table(sneaky.body, key)).toEqual([]);
    }
    // brand Y's manager: dealer B sells Ycar too, but its lead is an Xcar lead
    const brandY = await apiAs(world, 'brandY').get(
      `/api/analytics/dashboards/comparison?${march}`,
    );
    expect(table(brandY.body, 'byDealer').map((row) => row[0])).toEqual(['C']);
    expect(table(brandY.body, 'byBrand').map((row) => row[0])).toEqual(['Ycar']);
    const region2 = await apiAs(world, 'regionR2').get(
      `/api/analytics/dashboards/comparison?${march}`,
    );
    expect(table(region2.body, 'byRegion').map((row) => row[0])).toEqual(['China Two']);
    expect(
      (await apiAs(world, 'consultantA1').get(`/api/analytics/dashboards/comparison?${march}`))
        .status,
    ).toBe(403);
    const bad = await apiAs(world, 'analystGroup').get(
      `/api/analytics/dashboards/comparison?${march}&regionCode=R9`,
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('regionCode');
  });

  it('exports the comparison as CSV and XLSX', async () => {
    const csv = await apiAs(world, 'analystGroup').get(
      `/api/analytics/dashboards/comparison/export?${march}&format=csv&table=byDealer`,
    );
    expect(csv.status).toBe(200);
    expect(csv.text.replace('\ufeff', '').trim().split('\r\n')).toEqual([
      `dealer,${columns}`,
      'A,2,0.5,1,0.5,1,0.5,2,1',
      'C,1,0.25,1,1,0,0,2,0.5',
      'B,1,0.25,0,0,0,0,1,0',
    ]);
    const response = await world.app.inject({
      method: 'GET',
      url: `/api/analytics/dashboards/comparison/export?${march}&format=xlsx`,
      headers: { authorization: `Bearer ${world.users.analystGroup.token}` },
    });
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'kpis',
      'byBrand',
      'byRegion',
      'byDealer',
      'bySeries',
    ]);
  });

  it('says which filters an after-sales dashboard could not apply, instead of ignoring them', async () => {
    const api = apiAs(world, 'analystGroup');
    const aftersales = await api.get(
      `/api/analytics/dashboards/aftersales?${march}&channel=showroom&series=X3&dealerCode=A`,
    );
    expect(aftersales.status).toBe(200);
    expect(aftersales.body.unappliedFilters).toEqual(['channel', 'series']);
    for (const name of ['quality', 'usage']) {
      const answer = await api.get(`/api/analytics/dashboards/${name}?${march}&series=X3`);
      expect(answer.body.unappliedFilters).toEqual(['series']);
    }
    // the lead dashboards apply every filter: nothing to say
    const prospects = await api.get(
      `/api/analytics/dashboards/prospects?${march}&channel=showroom&series=X3`,
    );
    expect(prospects.body.unappliedFilters).toBeUndefined();
    const unfiltered = await api.get(`/api/analytics/dashboards/aftersales?${march}`);
    expect(unfiltered.body.unappliedFilters).toBeUndefined();
    // the workbook says it too, beside the filters
    const response = await world.app.inject({
      method: 'GET',
      url: `/api/analytics/dashboards/quality/export?${march}&format=xlsx&channel=showroom`,
      headers: { authorization: `Bearer ${world.users.analystGroup.token}` },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
    const values = workbook
      .getWorksheet('kpis')!
      .getSheetValues()
      .map((row) => (Array.isArray(row) ? row.slice(1).join('=') : ''));
    expect(values).toContain('not_applied=channel');
  });
});
