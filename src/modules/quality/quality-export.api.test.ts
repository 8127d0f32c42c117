import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser, findUserById } from '../../auth/index.ts';
import {
  apiAs,
  createTestWorld,
  type TestWorld,
  type TestUserKey,
} from '../../testing/test-world.ts';
import { openProblemsExport, type ProblemsExportRow } from './scores/problems-export.ts';

/** The CSV's data lines (no BOM, no header), split into cells; names here hold no commas. */
function csvRows(text: string): string[][] {
  return text
    .replace(/^\ufeff/, '')
    .split('\r\n')
    .filter(Boolean)
    .slice(1)
    .map((line) => line.split(','));
}

/**
 * The group's data steward hands each dealer its list of records with problems: dealer A's
 * manager downloads his own file and finds only his customers, nobody else's; a role that may
 * read the figures but not export customers gets no file; a wrong filter is named.
 */
describe('a dealer takes home the list of his records with data problems', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    world = await createTestWorld();
    const a = apiAs(world, 'managerA');
    for (const [key, firstName] of [
      ['a1', 'test'],
      ['a2', 'Иван'],
    ] as const) {
      const created = await a.post('/api/customers', {
        kind: 'person',
        firstName,
        lastName: `Проблемов${key}`,
        phones: [{ number: '+7 999 111-11-11' }],
      });
      expect(created.status).toBe(201);
      ids[key] = created.body.id;
    }
    const c = await apiAs(world, 'managerC').post('/api/customers', {
      kind: 'person',
      firstName: 'test',
      lastName: '王',
      phones: [{ number: '+86 138 0013 8000' }],
    });
    expect(c.status).toBe(201);
    ids.c = c.body.id;
    expect((await apiAs(world, 'stewardGroup').post('/api/quality/runs', {})).status).toBe(201);
  });
  afterAll(async () => world.close());

  it("dealer A's manager gets a file with only dealer A's records, audited", async () => {
    const answer = await apiAs(world, 'managerA').get('/api/quality/findings/export?format=csv');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/text\/csv/);
    expect(answer.text.startsWith('\ufeffcustomer_id,customer,dealers,source,score')).toBe(true);
    const rows = csvRows(answer.text);
    expect(rows.map((row) => row[0]).sort()).toEqual([ids.a1, ids.a2].sort());
    expect(rows.every((row) => row[2] === 'A')).toBe(true);
    expect(answer.text).not.toContain(ids.c);
    expect(answer.headers['x-export-total']).toBe('2');
    const audit = await world.database.db
      .selectFrom('audit_log')
      .select(['id'])
      .where('table_name', '=', 'customer_quality')
      .where('record_id', '=', 'export')
      .where('actor_user_id', '=', world.users.managerA.id)
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('the same filters as on screen: problem and dealer', async () => {
    const steward = apiAs(world, 'stewardGroup');
    const all = csvRows(
      (await steward.get('/api/quality/findings/export?problem=placeholder_name')).text,
    );
    expect(all.map((row) => row[0]).sort()).toEqual([ids.a1, ids.c].sort());
    expect(all.every((row) => row[9]!.split(' ').includes('placeholder_name'))).toBe(true);
    const onlyC = await steward.get('/api/quality/findings/export?dealerCode=C');
    expect(csvRows(onlyC.text).map((row) => row[0])).toEqual([ids.c]);
    const screen = await steward.get('/api/quality/findings?dealerCode=C');
    expect(screen.body.items.map((item: { customerId: string }) => item.customerId)).toEqual([
      ids.c,
    ]);
    // a dealer code in any letter case, as everywhere else in the CRM
    const lower = await steward.get('/api/quality/findings?dealerCode=c');
    expect(lower.body.items.map((item: { customerId: string }) => item.customerId)).toEqual([
      ids.c,
    ]);
    const xlsx = await steward.get('/api/quality/findings/export?format=xlsx&dealerCode=A');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
  });

  async function actorOf(key: TestUserKey) {
    const db = world.database.db;
    return actorForUser(db, (await findUserById(db, world.users[key].id))!);
  }

  /** Every row of an export read in batches of `batchSize`, checking no batch is larger. */
  async function readInBatches(key: TestUserKey, batchSize: number) {
    const data = await openProblemsExport(world.database.db, await actorOf(key), {}, { batchSize });
    const rows: ProblemsExportRow[] = [];
    for await (const batch of data.batches) {
      expect(batch.length).toBeLessThanOrEqual(batchSize);
      rows.push(...batch);
    }
    return { total: data.total, rows };
  }

  it('the file is read in batches and holds the same rows, in order, as one read', async () => {
    const single = await readInBatches('stewardGroup', 1);
    const whole = await readInBatches('stewardGroup', 1000);
    expect(single.rows).toEqual(whole.rows);
    expect(single.rows).toHaveLength(single.total);
    expect(single.rows.map((row) => row.customerId)).toEqual(
      expect.arrayContaining([ids.a1, ids.a2, ids.c]),
    );
    // lowest score first, ties by customer id (the keyset the batches continue from)
    const keys = single.rows.map((row) => [row.score, row.customerId] as const);
    const sorted = [...keys].sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1));
    expect(keys).toEqual(sorted);
    // the route's CSV holds the same rows
    const csv = csvRows(
      (await apiAs(world, 'stewardGroup').get('/api/quality/findings/export')).text,
    );
    expect(csv.map((row) => row[0])).toEqual(whole.rows.map((row) => row.customerId));
  });

  it("read in batches, dealer A's export still holds only dealer A's records", async () => {
    const { rows, total } = await readInBatches('managerA', 1);
    expect(rows.map((row) => row.customerId).sort()).toEqual([ids.a1, ids.a2].sort());
    expect(total).toBe(2);
    expect(rows.every((row) => row.dealers.join(' ') === 'A')).toBe(true);
  });

  it('the XLSX file holds the same records as the CSV', async () => {
    const answer = await world.app.inject({
      method: 'GET',
      url: '/api/quality/findings/export?format=xlsx',
      headers: { authorization: `Bearer ${world.users.stewardGroup.token}` },
    });
    expect(answer.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    // exceljs declares its own Buffer type; at run time it is a Node Buffer
    await workbook.xlsx.load(answer.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('problems')!;
    const text = (value: ExcelJS.CellValue) => (value === null ? '' : String(value));
    const cellsOf = (n: number) =>
      Array.from({ length: 11 }, (_, k) => text(sheet.getRow(n).getCell(k + 1).value));
    expect(cellsOf(1).slice(0, 3)).toEqual(['customer_id', 'customer', 'dealers']);
    const rows = Array.from({ length: sheet.actualRowCount - 1 }, (_, i) => cellsOf(i + 2));
    const csv = csvRows(
      (await apiAs(world, 'stewardGroup').get('/api/quality/findings/export')).text,
    );
    expect(rows).toEqual(csv);
    expect(answer.headers['x-export-rows']).toBe(String(csv.length));
    const about = workbook.getWorksheet('about')!;
    expect(text(about.getRow(2).getCell(2).value)).toBe(String(csv.length));
  });

  it("dealer A's manager cannot ask for dealer C's list", async () => {
    const answer = await apiAs(world, 'managerA').get('/api/quality/findings/export?dealerCode=C');
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields[0].path).toBe('dealerCode');
    expect(answer.text).not.toContain(ids.c);
  });

  it('an analyst reads the quality figures but may not export customers', async () => {
    const analyst = apiAs(world, 'analystGroup');
    expect((await analyst.get('/api/quality/findings')).status).toBe(200);
    expect((await analyst.get('/api/quality/findings/export')).status).toBe(403);
  });

  it('a bad filter is named', async () => {
    const steward = apiAs(world, 'stewardGroup');
    const problem = await steward.get('/api/quality/findings/export?problem=nonsense');
    expect(problem.status).toBe(400);
    expect(JSON.stringify(problem.body.error)).toContain('problem');
    const format = await steward.get('/api/quality/findings/export?format=pdf');
    expect(format.status).toBe(400);
    expect(JSON.stringify(format.body.error)).toContain('format');
    const dealer = await steward.get('/api/quality/findings/export?dealerCode=ZZZ');
    expect(dealer.status).toBe(400);
    expect(dealer.body.error.fields[0].path).toBe('dealerCode');
  });
});
