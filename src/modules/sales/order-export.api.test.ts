import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFromApiToken } from '../../auth/api-tokens.service.ts';
import { systemActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { seedCatalog } from '../vehicles/index.ts';
import { orderExport } from './order-export.ts';

/**
 * Dealer A's manager downloads his orders, filtered by status as on the orders page: the file
 * holds A's orders of that status and never dealer B's, with headers in his language.
 */
describe('a manager exports the orders list with its filters', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};

  const order = async (
    seller: 'consultantA1' | 'consultantB1',
    key: string,
    lastName: string,
    modelId: string,
  ) => {
    const dealerCode = seller === 'consultantA1' ? 'A' : 'B';
    const customer = await apiAs(world, seller).post('/api/customers', {
      kind: 'person',
      lastName,
      dealerCode,
    });
    expect(customer.status).toBe(201);
    const created = await apiAs(world, seller).post('/api/orders', {
      customerId: customer.body.id,
      modelId,
      listPriceMinor: 2_500_000_00,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ids[key] = created.body.id;
  };

  beforeAll(async () => {
    world = await createTestWorld();
    await seedCatalog(world.database.db, systemActor('test'));
    const model = await world.database.db
      .selectFrom('catalog_models')
      .select(['id', 'make_id'])
      .executeTakeFirstOrThrow();
    // the car is brand X's: dealers A and B both sell X
    const brandX = await world.database.db
      .selectFrom('brands')
      .select('id')
      .where('code', '=', 'X')
      .executeTakeFirstOrThrow();
    await world.database.db
      .updateTable('catalog_makes')
      .set({ brand_id: brandX.id })
      .where('id', '=', model.make_id)
      .execute();
    await order('consultantA1', 'a1', 'Заказов-a1', model.id);
    await order('consultantA1', 'a2', 'Заказов-a2', model.id);
    await order('consultantB1', 'b1', 'Заказов-b1', model.id);
    const confirmed = await apiAs(world, 'consultantA1').patch(`/api/orders/${ids.a2}`, {
      status: 'confirmed',
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(204);
  });
  afterAll(async () => world.close());

  const csvOf = async (user: 'managerA' | 'managerB' | 'admin', query: string) => {
    const answer = await apiAs(world, user).get(`/api/orders/export?${query}`);
    expect(answer.status, answer.text.slice(0, 300)).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/csv/);
    const lines = answer.text
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    const keys = lines
      .slice(1)
      .map((line) => Object.keys(ids).find((key) => line.startsWith(ids[key]!)) ?? 'other');
    return { header: lines[0]!, lines, keys: keys.sort() };
  };

  it('holds the orders of the list’s filters, as the list shows them', async () => {
    const all = await csvOf('managerA', 'format=csv');
    expect(all.keys).toEqual(['a1', 'a2']);
    expect(all.header.split(',').slice(0, 4)).toEqual([
      'Order ID',
      'Created',
      'Customer',
      'Dealer',
    ]);
    const row = all.lines.find((line) => line.startsWith(ids.a1!))!;
    expect(row).toContain('Заказов-a1');
    expect(row).toContain(',Draft,');
    expect(row).toContain(',2500000,');
    expect((await csvOf('managerA', 'format=csv&status=confirmed')).keys).toEqual(['a2']);
    const list = await apiAs(world, 'managerA').get('/api/orders?status=confirmed');
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([ids.a2]);
    expect((await csvOf('admin', 'format=csv&dealerCode=B')).keys).toEqual(['b1']);
  });

  it('never holds another dealer’s orders, even when he names that dealer', async () => {
    expect((await csvOf('managerB', 'format=csv')).keys).toEqual(['b1']);
    expect((await csvOf('managerB', 'format=csv&dealerCode=A')).keys).toEqual([]);
  });

  it('is refused to a role that may not export, and names a bad format or dealer', async () => {
    expect((await apiAs(world, 'consultantA1').get('/api/orders/export?format=csv')).status).toBe(
      403,
    );
    const pdf = await apiAs(world, 'managerA').get('/api/orders/export?format=pdf');
    expect(pdf.status).toBe(400);
    expect(pdf.body.error.fields[0].path).toBe('format');
    const unknown = await apiAs(world, 'managerA').get(
      '/api/orders/export?format=csv&dealerCode=ZZ',
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].path).toBe('dealerCode');
  });

  it('gives an Excel workbook in the user’s language, amounts as numbers', async () => {
    await world.database.db
      .updateTable('users')
      .set({ locale: 'zh' })
      .where('id', '=', world.users.managerA.id)
      .execute();
    try {
      const answer = await world.app.inject({
        method: 'GET',
        url: '/api/orders/export?format=xlsx&status=confirmed',
        headers: { authorization: `Bearer ${world.users.managerA.token}` },
      });
      expect(answer.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      // exceljs declares its own Buffer type; at run time it takes a Node Buffer
      await workbook.xlsx.load(answer.rawPayload as unknown as ExcelJS.Buffer);
      const sheet = workbook.worksheets[0]!;
      expect(sheet.name).toBe('订单');
      expect(sheet.getRow(1).getCell(3).value).toBe('客户');
      expect(sheet.rowCount).toBe(2);
      expect(sheet.getRow(2).getCell(1).value).toBe(ids.a2);
      expect(sheet.getRow(2).getCell(10).value).toBe('已确认');
      expect(sheet.getRow(2).getCell(12).value).toBe(2_500_000);
    } finally {
      await world.database.db
        .updateTable('users')
        .set({ locale: 'en' })
        .where('id', '=', world.users.managerA.id)
        .execute();
    }
  });

  it('reads batch after batch, each order once', async () => {
    const actor = (await actorFromApiToken(world.database.db, world.users.admin.token))!;
    const table = await orderExport(world.database.db, actor, {}, 1);
    const seen: string[] = [];
    for await (const row of table.rows) seen.push(String(row[0]));
    expect([...seen].sort()).toEqual([ids.a1, ids.a2, ids.b1].sort());
  });
});
