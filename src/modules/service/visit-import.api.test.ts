import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { withCheckDigit } from '../vehicles/index.ts';
import { parseExportDate, parseVisitType } from './visit-import-fields.ts';

const base64 = (text: string) => Buffer.from(text).toString('base64');

/**
 * Dealer A's service advisor loads the repair orders of his dealer management system: he maps
 * the export's columns, checks a dry run with its faults by line, runs it, and later loads an
 * overlapping export again without doubling a visit. Dealer B's people see none of it.
 */
describe('importing service visits from a DMS export', () => {
  let world: TestWorld;
  const vinA = withCheckDigit('LB37624S0PX000401');
  const vinB = withCheckDigit('LB37624S0PX000402');
  const vinNowhere = withCheckDigit('LB37624S0PX000499');
  let vehicleA: string;

  beforeAll(async () => {
    world = await createTestWorld();
    const createOwner = async (dealer: 'A' | 'B', vin: string, phone: string) => {
      const manager = apiAs(world, dealer === 'A' ? 'managerA' : 'managerB');
      const customer = await manager.post('/api/customers', {
        kind: 'person',
        firstName: 'Иван',
        lastName: `Владелец ${dealer}`,
        phones: [{ number: phone }],
        dealerCode: dealer,
      });
      const vehicle = await manager.post('/api/vehicles', {
        customerId: customer.body.id,
        vin,
        makeName: 'Geely',
        modelName: 'Coolray',
        purchase: { date: '2025-01-10', dealerCode: dealer, condition: 'new', priceMinor: 2e8 },
      });
      expect(vehicle.status).toBe(201);
      return vehicle.body.id as string;
    };
    vehicleA = await createOwner('A', vinA, '+7 916 555 40 01');
    await createOwner('B', vinB, '+7 916 555 40 02');
    // a visit typed in by hand earlier: 5,000 km on 1 March
    const typed = await apiAs(world, 'advisorA').post('/api/service/visits', {
      vehicleId: vehicleA,
      visitDate: '2025-03-01',
      mileageKm: 5_000,
      visitType: 'inspection',
      orderNumber: 'ZN-0001',
    });
    expect(typed.status).toBe(201);
  });
  afterAll(async () => world.close());

  const exportFile = [
    'Номер ЗН;VIN;Дата;Вид работ;Пробег;Стоимость работ;Стоимость запчастей;Итого;Плательщик;Мастер',
    `ZN-1001;${vinA};01.06.2025;ТО-1;10 000;"4 500,00";"1 200,50";"5 700,50";клиент;advisorA`,
    `ZN-1002;ABC;02.06.2025;ремонт;11 000;;;100;клиент;`,
    `ZN-1003;${vinNowhere};03.06.2025;ремонт;;;;100;;`,
    `ZN-1004;${vinA};01.04.2025;ремонт;3 000;;;100;;`,
    `ZN-1005;${vinA};31.02.2025;ремонт;;;;100;;`,
    `ZN-1006;${vinB};03.06.2025;ремонт;;;;100;;`,
    `ZN-1001;${vinA};05.06.2025;ремонт;;;;100;;`,
    `ZN-0001;${vinA};01.03.2025;осмотр;5 000;;;0;;`,
    `ZN-1009;${vinA};2025/07/15;гарантия;12 500;;;0;гарантия;`,
  ].join('\n');

  let jobId: string;
  const visitsOfA = async () =>
    (await apiAs(world, 'advisorA').get(`/api/service/visits?vehicleId=${vehicleA}`)).body.total;

  it('uploads the export for his dealer and gets its columns mapped from the Russian headers', async () => {
    const upload = await apiAs(world, 'advisorA').post('/api/imports', {
      fileName: 'dms-june.csv',
      contentBase64: base64(exportFile),
      source: 'dms',
      target: 'service_visits',
    });
    expect(upload.status).toBe(201);
    jobId = upload.body.id;
    expect(upload.body).toMatchObject({ target: 'service_visits', dealerCode: 'A', totalRows: 9 });
    expect(upload.body.suggestedMapping).toEqual({
      orderNumber: 0,
      vin: 1,
      visitDate: 2,
      visitType: 3,
      mileageKm: 4,
      labourAmount: 5,
      partsAmount: 6,
      totalAmount: 7,
      paidBy: 8,
      advisor: 9,
    });
    // the lead list of the imports page does not show it; the service one does
    const leadJobs = await apiAs(world, 'advisorA').get('/api/imports');
    expect(leadJobs.body.items.map((job: { id: string }) => job.id)).not.toContain(jobId);
    const visitJobs = await apiAs(world, 'advisorA').get('/api/imports?target=service_visits');
    expect(visitJobs.body.items.map((job: { id: string }) => job.id)).toEqual([jobId]);
  });

  it('refuses a foreign dealer, a role without service rights and a mapping without the RO number', async () => {
    const foreign = await apiAs(world, 'advisorA').post('/api/imports', {
      fileName: 'dms.csv',
      contentBase64: base64(exportFile),
      source: 'dms',
      target: 'service_visits',
      dealerCode: 'B',
    });
    expect(foreign.status).toBe(403);
    const consultant = await apiAs(world, 'consultantA1').post('/api/imports', {
      fileName: 'dms.csv',
      contentBase64: base64(exportFile),
      source: 'dms',
      target: 'service_visits',
    });
    expect(consultant.status).toBe(403);
    const unmapped = await apiAs(world, 'advisorA').post(`/api/imports/${jobId}/preview`, {
      mapping: { vin: 1, visitDate: 2, visitType: 3 },
    });
    expect(unmapped.status).toBe(400);
    expect(unmapped.body.error.fields).toEqual([
      expect.objectContaining({ path: 'mapping.orderNumber' }),
    ]);
    expect((await apiAs(world, 'advisorB').get(`/api/imports/${jobId}`)).status).toBe(404);
    const otherPreview = await apiAs(world, 'advisorB').post(`/api/imports/${jobId}/preview`, {});
    expect(otherPreview.status).toBe(404);
  });

  it('previews every row with its fault and line number, writing nothing', async () => {
    const job = (await apiAs(world, 'advisorA').get(`/api/imports/${jobId}`)).body;
    const preview = await apiAs(world, 'advisorA').post(`/api/imports/${jobId}/preview`, {
      mapping: job.suggestedMapping,
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ valid: 2, rejected: 7 });
    const reasons = Object.fromEntries(
      preview.body.rows.map((row: { line: number; reason: string | null }) => [
        row.line,
        row.reason,
      ]),
    );
    expect(reasons[2]).toBeNull();
    expect(reasons[3]).toMatch(/^bad VIN ABC/);
    expect(reasons[4]).toMatch(/^unknown vehicle/);
    expect(reasons[5]).toMatch(/odometer: below the 5000 km read on 2025-03-01/);
    expect(reasons[6]).toMatch(/^bad date "31.02.2025"/);
    // dealer B's car is unknown to A's advisor, exactly like a car that does not exist
    expect(reasons[7]).toMatch(/^unknown vehicle/);
    expect(reasons[8]).toBe('repair order ZN-1001 repeats line 2');
    expect(reasons[9]).toMatch(/ZN-0001 is in the CRM already/);
    expect(reasons[10]).toBeNull();
    const first = preview.body.rows.find((row: { line: number }) => row.line === 2);
    expect(first.record).toMatchObject({
      vin: vinA,
      visitDate: '2025-06-01',
      visitType: 'maintenance',
      mileageKm: 10_000,
      totalMinor: 5_700_50,
      paidBy: 'customer',
    });
    expect(await visitsOfA()).toBe(1);
  });

  it('runs: good rows become visits with their lines, bad ones are in the report', async () => {
    const job = (await apiAs(world, 'advisorA').get(`/api/imports/${jobId}`)).body;
    const run = await apiAs(world, 'advisorA').post(`/api/imports/${jobId}/run`, {
      mapping: job.suggestedMapping,
    });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ status: 'done', importedRows: 2, rejectedRows: 7 });
    const report = await apiAs(world, 'advisorA').get(`/api/imports/${jobId}/rows?status=rejected`);
    expect(report.body.items.map((row: { line: number }) => row.line)).toEqual([
      3, 4, 5, 6, 7, 8, 9,
    ]);
    const imported = await apiAs(world, 'advisorA').get(
      `/api/imports/${jobId}/rows?status=imported`,
    );
    const visitId = imported.body.items[0].visitId;
    const visit = await apiAs(world, 'advisorA').get(`/api/service/visits/${visitId}`);
    expect(visit.body).toMatchObject({
      orderNumber: 'ZN-1001',
      visitType: 'maintenance',
      totalMinor: 5_700_50,
      labourMinor: 4_500_00,
      partsMinor: 1_200_50,
      dealerCode: 'A',
      advisor: { name: 'advisorA' },
      // last year's visit: nobody is called about it now
      followUp: null,
    });
    const warranty = await apiAs(world, 'advisorA').get(
      `/api/service/visits/${imported.body.items[1].visitId}`,
    );
    expect(warranty.body).toMatchObject({ visitType: 'warranty', paidBy: 'warranty' });
    expect(await visitsOfA()).toBe(3);
    expect((await apiAs(world, 'advisorB').get(`/api/imports/${jobId}/rows`)).status).toBe(404);
  });

  it('a second import of an overlapping export doubles nothing', async () => {
    const again = await apiAs(world, 'advisorA').post('/api/imports', {
      fileName: 'dms-june-again.xlsx.csv',
      contentBase64: base64(exportFile),
      source: 'dms',
      target: 'service_visits',
    });
    const run = await apiAs(world, 'advisorA').post(`/api/imports/${again.body.id}/run`, {
      mapping: again.body.suggestedMapping,
    });
    expect(run.body).toMatchObject({ status: 'done', importedRows: 0, rejectedRows: 9 });
    const report = await apiAs(world, 'advisorA').get(`/api/imports/${again.body.id}/rows`);
    expect(report.body.items.find((row: { line: number }) => row.line === 2).reason).toMatch(
      /ZN-1001 is in the CRM already/,
    );
    expect(await visitsOfA()).toBe(3);
  });

  it('typing a used repair order number by hand is refused on the field', async () => {
    const answer = await apiAs(world, 'advisorA').post('/api/service/visits', {
      vehicleId: vehicleA,
      visitDate: '2025-08-01',
      visitType: 'repair',
      orderNumber: 'ZN-1001',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual([
      expect.objectContaining({ path: 'orderNumber', code: 'duplicate' }),
    ]);
  });
});

describe('reading DMS export cells', () => {
  it('reads Russian, Chinese and ISO dates and refuses days that do not exist', () => {
    expect(parseExportDate('05.03.2026')).toBe('2026-03-05');
    expect(parseExportDate('2026/3/5')).toBe('2026-03-05');
    expect(parseExportDate('2026年3月5日')).toBe('2026-03-05');
    expect(parseExportDate('2026-03-05')).toBe('2026-03-05');
    expect(parseExportDate('2026-02-30')).toBeUndefined();
    expect(parseExportDate('March 5')).toBeUndefined();
  });
  it('knows DMS job types in three languages', () => {
    expect(parseVisitType('ТО-2')).toBe('maintenance');
    expect(parseVisitType('保养')).toBe('maintenance');
    expect(parseVisitType('Body repair')).toBe('body');
    expect(parseVisitType('гарантия')).toBe('warranty');
    expect(parseVisitType('lunch')).toBeUndefined();
  });
});
