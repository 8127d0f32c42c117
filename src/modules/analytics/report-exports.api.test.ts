import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { enrol, monthsAgo, newCustomer, setUpClubX } from '../club/club.testing.ts';
import { seedCatalog } from '../vehicles/index.ts';

type Row = Record<string, unknown>;
const csvLine = (cells: unknown[]) =>
  cells.map((cell) => (cell === null ? '' : String(cell))).join(',');

/**
 * The club KPIs and a conquest plan's plan vs actual leave the CRM as XLSX and CSV with the
 * same figures, filters and scope as their screens: two members of XCLUB at dealer A and one at
 * B; a plan of dealer A for this month with two showroom prospects so far.
 */
describe('exports of the club KPIs and of a conquest plan', () => {
  let world: TestWorld;
  let clubId: string;
  let planId: string;

  beforeAll(async () => {
    world = await createTestWorld();
    clubId = (await setUpClubX(world)).clubId;
    const customers: string[] = [];
    for (const [dealer, name] of [
      ['A', 'Aone'],
      ['A', 'Atwo'],
      ['B', 'Bone'],
    ] as const) {
      customers.push(await newCustomer(world, dealer, name));
      await enrol(world, clubId, customers.at(-1)!, { joinedOn: monthsAgo(24) });
    }
    // one complaint at dealer A this month, for the claims index
    await world.database.db
      .insertInto('complaints')
      .values({
        customer_id: customers[0]!,
        dealer_id: world.dealers.A.id,
        channel: 'phone',
        category: 'service_quality',
        severity: 'medium',
        subject: 'Waited too long',
        opened_at: new Date(),
        due_at: new Date(Date.now() + 3 * 86_400_000),
      })
      .execute();
    await seedCatalog(world.database.db, systemActor('test'));
    const series = await world.database.db
      .selectFrom('catalog_models')
      .select('series')
      .where('series', 'is not', null)
      .orderBy('name')
      .executeTakeFirstOrThrow();
    for (const index of [1, 2]) {
      const lead = await apiAs(world, 'consultantA1').post('/api/leads', {
        source: 'showroom',
        person: { lastName: `Planned${index}`, phones: [{ number: `+7 916 700 22 0${index}` }] },
      });
      expect(lead.status).toBe(201);
    }
    const plan = await apiAs(world, 'managerA').post('/api/conquest-plans', {
      periodKind: 'month',
      periodStart: `${new Date().toISOString().slice(0, 8)}01`,
      targets: [{ series: series.series, targetUnits: 4 }],
    });
    expect(plan.status).toBe(201);
    planId = plan.body.id;
  });
  afterAll(async () => world.close());

  it('the club KPIs export holds the rows of the screen, in the user’s scope', async () => {
    for (const user of ['admin', 'managerA'] as const) {
      const screen = await apiAs(world, user).get(`/api/club/kpis?clubId=${clubId}`);
      const csv = await apiAs(world, user).get(
        `/api/analytics/club-kpis/export?clubId=${clubId}&format=csv&table=clubKpis`,
      );
      expect(csv.status).toBe(200);
      expect(csv.headers['content-disposition']).toContain('club-kpis-');
      const lines = csv.text.replace('\ufeff', '').split('\r\n').filter(Boolean);
      expect(lines[0]).toBe(
        'Club,Home dealer (empty: whole club),Active members,Dormant,Dormant share,Repurchased within 5 years,Repurchase rate',
      );
      expect(lines.slice(1)).toEqual(
        screen.body.items.map((row: Row) =>
          csvLine([
            row.clubCode,
            row.dealerCode,
            row.members,
            row.dormant,
            row.dormantShare,
            row.repurchasers,
            row.repurchaseRate,
          ]),
        ),
      );
      if (user === 'managerA') {
        // dealer A's manager: the club within his scope and dealer A, nothing of B (both members dormant: no car bought)
        expect(lines.slice(1)).toEqual(['XCLUB,,2,2,1,0,0', 'XCLUB,A,2,2,1,0,0']);
      } else {
        expect(lines).toHaveLength(4);
      }
    }
    const xlsx = await world.app.inject({
      method: 'GET',
      url: `/api/analytics/club-kpis/export?format=xlsx`,
      headers: { authorization: `Bearer ${world.users.managerB.token}` },
    });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Club KPIs')!;
    expect(sheet.getRow(2).values).toEqual([undefined, 'XCLUB', undefined, 1, 1, 1, 0, 0]);
    expect(sheet.getRow(3).getCell(2).value).toBe('B');
    expect(sheet.rowCount).toBe(3);
  });

  it('the club KPIs export answers 400 naming a bad filter', async () => {
    const bad = await apiAs(world, 'admin').get(
      '/api/analytics/club-kpis/export?format=csv&clubId=1',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('clubId');
    const date = await apiAs(world, 'admin').get(
      '/api/analytics/club-kpis/export?format=csv&asOf=2026-02-30',
    );
    expect(date.status).toBe(400);
    expect(date.body.error.fields[0].path).toBe('asOf');
  });

  it('the conquest plan export holds plan vs actual by series and by channel', async () => {
    const screen = await apiAs(world, 'managerA').get(`/api/conquest-plans/${planId}`);
    expect(screen.status).toBe(200);
    const channels = await apiAs(world, 'managerA').get(
      `/api/analytics/conquest-plans/${planId}/export?format=csv&table=channels`,
    );
    expect(channels.status).toBe(200);
    const lines = channels.text.replace('\ufeff', '').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(
      'Channel,"Leads, 12 months","Bought, 12 months",Conversion,Expected sales,Prospects needed,Prospects plan to date,Prospects so far',
    );
    expect(lines.slice(1)).toEqual(
      screen.body.channels.map((row: Row) =>
        csvLine([
          row.source,
          row.historicalLeads,
          row.historicalDelivered,
          row.conversionRate,
          row.expectedUnits,
          row.prospectsNeeded,
          row.prospectsDueToDate,
          row.actualProspects,
        ]),
      ),
    );
    expect(lines.find((line) => line.startsWith('showroom,'))).toMatch(/,2$/);
    const figures = await apiAs(world, 'managerA').get(
      `/api/analytics/conquest-plans/${planId}/export?format=csv`,
    );
    expect(figures.text).toContain('Target, vehicles",4');
    expect(figures.text).toContain('Prospects so far,2');
    const xlsx = await world.app.inject({
      method: 'GET',
      url: `/api/analytics/conquest-plans/${planId}/export?format=xlsx`,
      headers: { authorization: `Bearer ${world.users.managerA.token}` },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('conquest-plan-A-');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Figures',
      'Model series',
      'Channels',
    ]);
    expect(workbook.getWorksheet('Model series')!.getRow(2).getCell(2).value).toBe(4);
  });

  it('another dealer’s manager cannot export the plan; bad input names the field', async () => {
    const other = await apiAs(world, 'managerB').get(
      `/api/analytics/conquest-plans/${planId}/export?format=csv`,
    );
    expect(other.status).toBe(404);
    expect(other.text).not.toContain('showroom');
    const format = await apiAs(world, 'managerA').get(
      `/api/analytics/conquest-plans/${planId}/export?format=pdf`,
    );
    expect(format.status).toBe(400);
    expect(format.body.error.fields[0].path).toBe('format');
    const id = await apiAs(world, 'managerA').get(
      '/api/analytics/conquest-plans/not-an-id/export?format=csv',
    );
    expect(id.status).toBe(400);
    expect(id.body.error.fields[0].path).toBe('id');
    const table = await apiAs(world, 'managerA').get(
      `/api/analytics/conquest-plans/${planId}/export?format=csv&table=nothing`,
    );
    expect(table.status).toBe(404);
  });

  it('the claims index workbook holds the rows of the screen, in the user’s scope', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const period = `from=${today.slice(0, 8)}01&to=${today}`;
    for (const user of ['admin', 'managerA', 'managerB'] as const) {
      const screen = await apiAs(world, user).get(`/api/complaints/claims-index?${period}`);
      expect(screen.status).toBe(200);
      const csv = await apiAs(world, user).get(
        `/api/analytics/claims-index/export?${period}&format=csv&table=claimsIndex`,
      );
      expect(csv.status).toBe(200);
      const lines = csv.text.replace('\ufeff', '').split('\r\n').filter(Boolean);
      expect(lines[0]).toBe(
        'Dealer,Month,Complaints,Service visits,Vehicles sold,Complaints per 100 visits,Complaints per 100 sales',
      );
      expect(lines.slice(1)).toEqual(
        screen.body.rows.map((row: Row) =>
          csvLine([
            row.dealerCode,
            row.month,
            row.complaints,
            row.visits,
            row.sales,
            row.perHundredVisits,
            row.perHundredSales,
          ]),
        ),
      );
      expect(lines.some((line) => line.startsWith('A,'))).toBe(user !== 'managerB');
    }
    const xlsx = await world.app.inject({
      method: 'GET',
      url: `/api/analytics/claims-index/export?${period}&format=xlsx`,
      headers: { authorization: `Bearer ${world.users.managerA.token}` },
    });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Claims index')!;
    expect(sheet.getRow(2).getCell(1).value).toBe('A');
    expect(sheet.getRow(2).getCell(3).value).toBe(1);
    const bad = await apiAs(world, 'managerA').get(
      '/api/analytics/claims-index/export?from=2026-01-01&format=csv',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('to');
  });
});
