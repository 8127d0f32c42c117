import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/**
 * CSI of the after-visit calls on hand-made answers, February-March 2026.
 * Dealer A (advisorA): 10 on 5 Feb, 9 on 20 Feb, 4 "Waited two hours" on 3 Mar, 7 on 10 Mar
 * (no advisor); a 1 on 15 Jan lies before the period and an unanswered call counts nowhere.
 * Dealer B (advisorB): 2 "Rude at the desk" on 5 Mar, 10 on 6 Mar.
 * Group: 6 answers, mean 42 / 6 = 7, promoters 3 (10, 9, 10), detractors 2 (4, 2): net 16.7.
 */
const period = 'from=2026-02-01&to=2026-03-31';

describe('CSI dashboard: satisfaction of the after-visit calls', () => {
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
    const answers: [
      dealer: 'A' | 'B',
      name: string,
      day: string | null,
      score: number | null,
      comment: string | null,
      advisor: boolean,
    ][] = [
      ['A', 'Ten', '2026-02-05', 10, null, true],
      ['A', 'Nine', '2026-02-20', 9, null, true],
      ['A', 'Four', '2026-03-03', 4, 'Waited two hours', true],
      ['A', 'Seven', '2026-03-10', 7, null, false],
      ['A', 'Early', '2026-01-15', 1, 'Before the period', true],
      ['A', 'Silent', null, null, null, true],
      ['B', 'Two', '2026-03-05', 2, 'Rude at the desk', true],
      ['B', 'Tenb', '2026-03-06', 10, null, true],
    ];
    const ids: { customer: string; dealer: 'A' | 'B' }[] = [];
    for (const [dealer, name] of answers)
      ids.push({ customer: await customer(dealer, name), dealer });
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      for (const [index, [dealer, , day, score, comment, advisor]] of answers.entries()) {
        const customerId = ids[index]!.customer;
        const dealerId = world.dealers[dealer].id;
        const vehicle = await tx
          .insertInto('vehicles')
          .values({ customer_id: customerId, make_name: 'Xcar' })
          .returning('id')
          .executeTakeFirstOrThrow();
        const visit = await tx
          .insertInto('service_visits')
          .values({
            customer_id: customerId,
            vehicle_id: vehicle.id,
            dealer_id: dealerId,
            advisor_user_id: advisor
              ? world.users[dealer === 'A' ? 'advisorA' : 'advisorB'].id
              : null,
            visit_date: day ?? '2026-03-01',
            visit_type: 'maintenance',
            currency: 'RUB',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('service_follow_ups')
          .values({
            visit_id: visit.id,
            customer_id: customerId,
            dealer_id: dealerId,
            due_at: new Date(`${day ?? '2026-03-01'}T08:00:00Z`),
            csi_score: score,
            comment,
            completed_at: day ? new Date(`${day}T12:00:00Z`) : null,
          })
          .execute();
      }
    });
  });
  afterAll(async () => world.close());

  const kpis = (body: { kpis: { key: string; value: number | null }[] }) =>
    Object.fromEntries(body.kpis.map((kpi) => [kpi.key, kpi.value]));
  const table = (body: { tables: { key: string; rows: unknown[][] }[] }, key: string) =>
    body.tables.find((candidate) => candidate.key === key)!.rows;

  it('the group sees the mean, the net score, each dealer and month, and the histogram', async () => {
    const answer = await apiAs(world, 'admin').get(`/api/analytics/csi?${period}`);
    expect(answer.status).toBe(200);
    expect(kpis(answer.body)).toEqual({
      answers: 6,
      averageCsi: 7,
      promoterShare: 0.5,
      detractorShare: 1 / 3,
      netScore: 16.7,
    });
    expect(table(answer.body, 'csiByDealer')).toEqual([
      ['A', 4, 7.5, 2, 1, 25],
      ['B', 2, 6, 1, 1, 0],
    ]);
    expect(table(answer.body, 'csiByMonth')).toEqual([
      ['2026-02', 2, 9.5, 2, 0, 100],
      ['2026-03', 4, 5.75, 1, 2, -25],
    ]);
    expect(table(answer.body, 'csiDistribution').map((row) => row[1])).toEqual([
      0, 1, 0, 1, 0, 0, 1, 0, 1, 2,
    ]);
    const lowest = table(answer.body, 'lowestCsi');
    expect(lowest.map((row) => [row[1], row[2], row[5], row[6]])).toEqual([
      ['B', 'Two', 2, 'Rude at the desk'],
      ['A', 'Four', 4, 'Waited two hours'],
      ['A', 'Seven', 7, null],
      ['A', 'Nine', 9, null],
      ['B', 'Tenb', 10, null],
      ['A', 'Ten', 10, null],
    ]);
    expect(lowest[1]![4]).toBe('advisorA');
    expect(lowest[1]![3]).toBe('2026-03-03');
  });

  it('filters by brand, region, dealer and advisor', async () => {
    const api = apiAs(world, 'admin');
    const count = async (query: string) =>
      kpis((await api.get(`/api/analytics/csi?${period}&${query}`)).body).answers;
    expect(await count('dealerCode=B')).toBe(2);
    // brand Y is sold by dealers B and C
    expect(await count('brandCode=Y')).toBe(2);
    expect(await count('regionCode=R1')).toBe(6);
    expect(await count('regionCode=R2')).toBe(0);
    expect(await count(`advisorId=${world.users.advisorA.id}`)).toBe(3);
    const january = await api.get('/api/analytics/csi?from=2026-01-01&to=2026-01-31');
    expect(kpis(january.body)).toMatchObject({ answers: 1, averageCsi: 1, netScore: -100 });
  });

  it('a dealer manager sees only his dealer’s answers, even when he names another', async () => {
    const a = await apiAs(world, 'managerA').get(`/api/analytics/csi?${period}`);
    expect(kpis(a.body)).toMatchObject({ answers: 4, averageCsi: 7.5 });
    expect(table(a.body, 'csiByDealer').map((row) => row[0])).toEqual(['A']);
    expect(table(a.body, 'lowestCsi').map((row) => row[2])).not.toContain('Two');
    const sneaky = await apiAs(world, 'managerA').get(`/api/analytics/csi?${period}&dealerCode=B`);
    expect(sneaky.status).toBe(200);
    expect(kpis(sneaky.body)).toMatchObject({ answers: 0, averageCsi: null, netScore: null });
    expect(table(sneaky.body, 'lowestCsi')).toEqual([]);
    const b = await apiAs(world, 'managerB').get(`/api/analytics/csi?${period}`);
    expect(table(b.body, 'csiByDealer')).toEqual([['B', 2, 6, 1, 1, 0]]);
    // no analytics right, no figures
    expect((await apiAs(world, 'consultantA1').get(`/api/analytics/csi?${period}`)).status).toBe(
      403,
    );
    expect(
      (await apiAs(world, 'consultantA1').get(`/api/analytics/csi/export?${period}&format=csv`))
        .status,
    ).toBe(403);
  });

  it('answers 400 naming the bad filter', async () => {
    const api = apiAs(world, 'admin');
    const field = async (query: string) => {
      const answer = await api.get(`/api/analytics/csi?${query}`);
      expect(answer.status).toBe(400);
      return answer.body.error.fields[0].path as string;
    };
    expect(await field(`${period}&advisorId=nobody`)).toBe('advisorId');
    expect(await field(`${period}&dealerCode=ZZ`)).toBe('dealerCode');
    expect(await field('from=2026-03-01&to=2026-02-01')).toBe('to');
    expect(await field('from=2026-13-01&to=2026-02-01')).toBe('from');
    const format = await api.get(`/api/analytics/csi/export?${period}&format=pdf`);
    expect(format.status).toBe(400);
    expect(format.body.error.fields[0].path).toBe('format');
  });

  it('exports the same figures as CSV and XLSX with headers in the user’s language', async () => {
    const csv = await apiAs(world, 'managerA').get(
      `/api/analytics/csi/export?${period}&format=csv&table=csiByDealer`,
    );
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toBe(
      '\ufeffDealer,Answers,Average CSI (1–10),Promoters (9–10),Detractors (1–6),' +
        '"Net score (promoters − detractors, points)"\r\nA,4,7.5,2,1,25\r\n',
    );
    await world.database.db
      .updateTable('users')
      .set({ locale: 'ru' })
      .where('id', '=', world.users.managerA.id)
      .execute();
    const figures = await apiAs(world, 'managerA').get(
      `/api/analytics/csi/export?${period}&format=csv`,
    );
    expect(figures.text.split('\r\n').slice(0, 3)).toEqual([
      '\ufeffПоказатель,Значение',
      'Ответов,4',
      'Средний CSI (1–10),7.5',
    ]);
    const xlsx = await world.app.inject({
      method: 'GET',
      url: `/api/analytics/csi/export?${period}&format=xlsx`,
      headers: { authorization: `Bearer ${world.users.managerA.token}` },
    });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Показатели',
      'CSI по дилерам',
      'CSI по месяцам',
      'Оценки',
      'Визиты с худшей оценкой',
    ]);
    const lowest = workbook.getWorksheet('Визиты с худшей оценкой')!;
    expect(lowest.getRow(1).getCell(1).value).toBe('Дата ответа');
    expect(lowest.getRow(2).getCell(6).value).toBe(4);
    expect(lowest.getRow(2).getCell(7).value).toBe('Waited two hours');
    expect(lowest.rowCount).toBe(5);
  });

  it('an analyst, who may not export customers, gets the lowest visits without names', async () => {
    const csv = await apiAs(world, 'analystGroup').get(
      `/api/analytics/csi/export?${period}&format=csv&table=lowestCsi`,
    );
    expect(csv.status).toBe(200);
    const lines = csv.text.split('\r\n');
    expect(lines[1]).toContain('Rude at the desk');
    expect(csv.text).not.toContain('Two');
    expect(csv.text).toContain('advisorB');
  });
});
