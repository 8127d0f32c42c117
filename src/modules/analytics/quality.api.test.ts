import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/**
 * Seed 004's after-sales quality indices on hand-made data, February-March 2026.
 * Dealer A: X bought in June 2025 and again on 10 Feb (a repeat purchase), Y on 15 Feb, Z on
 * 5 Mar; service visits 20 Feb (X), 10 and 11 Mar (Y); one complaint on 12 Mar (Y). Inbound
 * contacts: X asked for a call back on 1 and 3 Feb, Y once on 5 Feb, Z called on 2 Mar (no
 * callback asked); an outbound call does not count. Dealer B sold one car to W on 7 Mar.
 */
const period = 'from=2026-02-01&to=2026-03-31';

describe('after-sales quality indices', () => {
  let world: TestWorld;

  beforeAll(async () => {
    world = await createTestWorld();
    const customer = async (dealer: 'A' | 'B', lastName: string) => {
      const created = await apiAs(world, dealer === 'A' ? 'managerA' : 'managerB').post(
        '/api/customers',
        { kind: 'person', lastName, dealerCode: dealer },
      );
      expect(created.status).toBe(201);
      return created.body.id as string;
    };
    const [x, y, z, w] = [
      await customer('A', 'Xowner'),
      await customer('A', 'Yowner'),
      await customer('A', 'Zowner'),
      await customer('B', 'Wowner'),
    ] as [string, string, string, string];
    const A = world.dealers.A.id;
    const B = world.dealers.B.id;
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      const car = async (customerId: string, dealerId: string, date: string) => {
        const vehicle = await tx
          .insertInto('vehicles')
          .values({ customer_id: customerId, make_name: 'Xcar' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('vehicle_purchases')
          .values({
            vehicle_id: vehicle.id,
            customer_id: customerId,
            dealer_id: dealerId,
            purchase_date: date,
            currency: 'RUB',
          })
          .execute();
        return vehicle.id;
      };
      await car(x, A, '2025-06-01');
      const xCar = await car(x, A, '2026-02-10');
      const yCar = await car(y, A, '2026-02-15');
      await car(z, A, '2026-03-05');
      await car(w, B, '2026-03-07');
      for (const [customerId, vehicleId, date] of [
        [x, xCar, '2026-02-20'],
        [y, yCar, '2026-03-10'],
        [y, yCar, '2026-03-11'],
      ] as const) {
        await tx
          .insertInto('service_visits')
          .values({
            customer_id: customerId,
            vehicle_id: vehicleId,
            dealer_id: A,
            visit_date: date,
            visit_type: 'maintenance',
            currency: 'RUB',
          })
          .execute();
      }
      await tx
        .insertInto('complaints')
        .values({
          customer_id: y,
          dealer_id: A,
          channel: 'phone',
          category: 'service_quality',
          severity: 'medium',
          subject: 'Waited too long',
          opened_at: new Date('2026-03-12T09:00:00Z'),
          due_at: new Date('2026-03-15T09:00:00Z'),
        })
        .execute();
      const contact = (
        customerId: string,
        day: string,
        outcome: 'callback_requested' | 'reached',
        direction: 'inbound' | 'outbound' = 'inbound',
      ) => ({
        customer_id: customerId,
        dealer_id: A,
        channel: 'call' as const,
        direction,
        outcome,
        occurred_at: new Date(`${day}T09:00:00Z`),
      });
      await tx
        .insertInto('activities')
        .values([
          contact(x, '2026-02-01', 'callback_requested'),
          contact(x, '2026-02-03', 'callback_requested'),
          contact(y, '2026-02-05', 'callback_requested'),
          contact(z, '2026-03-02', 'reached'),
          contact(z, '2026-03-03', 'callback_requested', 'outbound'),
        ])
        .execute();
    });
  });
  afterAll(async () => world.close());

  const kpis = (body: { kpis: { key: string; value: number | null }[] }) =>
    Object.fromEntries(body.kpis.map((kpi) => [kpi.key, kpi.value]));
  const table = (body: { tables: { key: string; rows: unknown[][] }[] }, key: string) =>
    body.tables.find((candidate) => candidate.key === key)!.rows;

  it('computes the claims, repeat-contact and repeat-purchase indices per month', async () => {
    const answer = await apiAs(world, 'managerA').get(
      `/api/analytics/dashboards/quality?${period}`,
    );
    expect(answer.status).toBe(200);
    expect(kpis(answer.body)).toEqual({
      complaints: 1,
      claimsIndex: 1 / 6, // 1 complaint / (3 cars sold + 3 visits)
      repeatContactIndex: 1 / 4, // X asked twice; 4 inbound contacts
      repeatPurchaseShare: 1 / 3,
    });
    expect(table(answer.body, 'claimsByMonth')).toEqual([
      ['2026-02', 'A', 0, 2, 1, 0],
      ['2026-03', 'A', 1, 1, 2, 1 / 3],
    ]);
    expect(table(answer.body, 'repeatContactsByMonth')).toEqual([
      ['2026-02', 3, 1, 1 / 3],
      ['2026-03', 1, 0, 0],
    ]);
    expect(table(answer.body, 'repeatPurchasesByMonth')).toEqual([
      ['2026-02', 2, 1, 0.5],
      ['2026-03', 1, 0, 0],
    ]);
  });

  it('shows another dealer only his own', async () => {
    const b = await apiAs(world, 'managerB').get(`/api/analytics/dashboards/quality?${period}`);
    expect(kpis(b.body)).toEqual({
      complaints: 0,
      claimsIndex: 0,
      repeatContactIndex: null,
      repeatPurchaseShare: 0,
    });
    expect(table(b.body, 'claimsByMonth')).toEqual([['2026-03', 'B', 0, 1, 0, 0]]);
    const sneaky = await apiAs(world, 'managerB').get(
      `/api/analytics/dashboards/quality?${period}&dealerCode=A`,
    );
    expect(table(sneaky.body, 'claimsByMonth')).toEqual([]);
    const group = await apiAs(world, 'admin').get(`/api/analytics/dashboards/quality?${period}`);
    expect(kpis(group.body).repeatPurchaseShare).toBe(1 / 4);
  });

  it('tells a dealer how big his CRM team should be for his sales target', async () => {
    const api = apiAs(world, 'managerA');
    const answer = await api.get('/api/analytics/staffing-guide?annualTarget=1200');
    expect(answer.status).toBe(200);
    expect(answer.body.advice).toMatchObject({
      annualTarget: 1200,
      managers: 1,
      loyaltySpecialists: 2,
      conquestDataSpecialists: 1,
      total: 4,
    });
    expect(answer.body.bands).toHaveLength(4);
    const bad = await api.get('/api/analytics/staffing-guide?annualTarget=-5');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('annualTarget');
    expect((await apiAs(world, 'consultantA1').get('/api/analytics/staffing-guide')).status).toBe(
      403,
    );
  });

  it('downloads the staffing guide as CSV and XLSX, in the user’s language', async () => {
    const csv = await apiAs(world, 'managerA').get(
      '/api/analytics/staffing-guide/export?format=csv&table=staffingGuide',
    );
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.replace('\ufeff', '').split('\r\n')).toEqual([
      'Annual target from,Annual target under,CRM managers,Loyalty specialists,' +
        'Conquest and data specialists,Note',
      '0,600,1,0,0,The manager also covers loyalty and data',
      '600,1000,1,1,1,',
      '1000,1500,1,2,1,',
      '1500,,1,,,The source is cut off after “1 manager”',
      '',
    ]);
    // the team for his target: the figures of the workbook
    await world.database.db
      .updateTable('users')
      .set({ locale: 'ru' })
      .where('id', '=', world.users.managerA.id)
      .execute();
    const xlsx = await world.app.inject({
      method: 'GET',
      url: '/api/analytics/staffing-guide/export?format=xlsx&annualTarget=1200',
      headers: { authorization: `Bearer ${world.users.managerA.token}` },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('staffing-guide-1200.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells = workbook.worksheets.flatMap((sheet) =>
      sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? row : [])),
    );
    expect(cells).toContain('Всего в команде');
    expect(cells).toContain('Текст источника обрывается после «1 менеджер»');
    expect(workbook.worksheets.map((sheet) => sheet.name)).toContain('Нормативы штата CRM');

    const bad = await apiAs(world, 'managerA').get(
      '/api/analytics/staffing-guide/export?format=pdf&annualTarget=-1',
    );
    expect(bad.status).toBe(400);
    const consultant = await apiAs(world, 'consultantA1').get(
      '/api/analytics/staffing-guide/export?format=csv',
    );
    expect(consultant.status).toBe(403);
  });
});
