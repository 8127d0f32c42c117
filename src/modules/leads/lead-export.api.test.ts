import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFromApiToken } from '../../auth/api-tokens.service.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { leadExport } from './lead-export.ts';

/**
 * Dealer A's manager downloads the leads of a trade fair, filtered as on his list: the file
 * holds his dealer's leads of that fair and nothing of dealer B's, with headers in his language.
 */
describe('a manager exports the lead list with its filters', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};

  const capture = async (
    user: 'consultantA1' | 'consultantB1',
    key: string,
    source: string,
    phone: string,
  ) => {
    const created = await apiAs(world, user).post('/api/leads', {
      source,
      campaign: 'Export fair',
      person: { lastName: `Выгрузкин-${key}`, phones: [{ number: phone }] },
    });
    expect(created.status).toBe(201);
    ids[key] = created.body.leadId;
  };

  beforeAll(async () => {
    world = await createTestWorld();
    await capture('consultantA1', 'a1', 'marketing_events', '+79165550101');
    await capture('consultantA1', 'a2', 'marketing_events', '+79165550102');
    await capture('consultantA1', 'a3', 'website', '+79165550103');
    await capture('consultantB1', 'b1', 'marketing_events', '+79165550104');
  });
  afterAll(async () => world.close());

  const csvOf = async (user: 'managerA' | 'managerB' | 'admin', query: string) => {
    const answer = await apiAs(world, user).get(`/api/leads/export?${query}`);
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

  it('holds the rows of the list’s filters, every one the list shows and no other', async () => {
    const all = await csvOf('managerA', 'format=csv&campaign=export%20fair');
    expect(all.keys).toEqual(['a1', 'a2', 'a3']);
    expect(all.header.split(',').slice(0, 5)).toEqual([
      'Lead ID',
      'Came in',
      'Customer',
      'Phone',
      'Stage',
    ]);
    const row = all.lines.find((line) => line.startsWith(ids.a1!))!;
    expect(row).toContain('Выгрузкин-a1');
    expect(row).toContain('+79165550101');
    expect(row).toContain('Marketing events');
    const bySource = await csvOf('managerA', 'format=csv&campaign=export%20fair&source=website');
    expect(bySource.keys).toEqual(['a3']);
    // the same filters on the list give the same leads
    const list = await apiAs(world, 'managerA').get(
      '/api/leads?campaign=export%20fair&source=website',
    );
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([ids.a3]);
  });

  it('never holds another dealer’s leads', async () => {
    expect((await csvOf('managerB', 'format=csv&campaign=export%20fair')).keys).toEqual(['b1']);
    // even when he names the other dealer
    const other = await csvOf('managerB', `format=csv&dealerId=${world.dealers.A.id}`);
    expect(other.keys).toEqual([]);
    expect((await csvOf('admin', 'format=csv&campaign=export%20fair')).keys).toEqual([
      'a1',
      'a2',
      'a3',
      'b1',
    ]);
  });

  it('is refused to a role that may not export, and names a bad format or period', async () => {
    expect((await apiAs(world, 'consultantA1').get('/api/leads/export?format=csv')).status).toBe(
      403,
    );
    const pdf = await apiAs(world, 'managerA').get('/api/leads/export?format=pdf');
    expect(pdf.status).toBe(400);
    expect(pdf.body.error.fields[0].path).toBe('format');
    const none = await apiAs(world, 'managerA').get('/api/leads/export');
    expect(none.body.error.fields[0].path).toBe('format');
    const backwards = await apiAs(world, 'managerA').get(
      '/api/leads/export?format=csv&createdFrom=2026-03-10&createdTo=2026-03-01',
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields[0].path).toBe('createdTo');
  });

  it('gives an Excel workbook with headers and stages in the user’s language', async () => {
    await world.database.db
      .updateTable('users')
      .set({ locale: 'ru' })
      .where('id', '=', world.users.managerA.id)
      .execute();
    try {
      const answer = await world.app.inject({
        method: 'GET',
        url: '/api/leads/export?format=xlsx&campaign=export%20fair&source=website',
        headers: { authorization: `Bearer ${world.users.managerA.token}` },
      });
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-disposition']).toMatch(/leads-.*\.xlsx/);
      const workbook = new ExcelJS.Workbook();
      // exceljs declares its own Buffer type; at run time it takes a Node Buffer
      await workbook.xlsx.load(answer.rawPayload as unknown as ExcelJS.Buffer);
      const sheet = workbook.worksheets[0]!;
      expect(sheet.name).toBe('Лиды');
      expect(sheet.getRow(1).getCell(3).value).toBe('Клиент');
      expect(sheet.rowCount).toBe(2);
      expect(sheet.getRow(2).getCell(1).value).toBe(ids.a3);
      expect(sheet.getRow(2).getCell(5).value).toBe('Новый');
      expect(sheet.getRow(2).getCell(7).value).toBe('Сайт');
    } finally {
      await world.database.db
        .updateTable('users')
        .set({ locale: 'en' })
        .where('id', '=', world.users.managerA.id)
        .execute();
    }
  });

  it('reads batch after batch, newest first, each lead once, and writes the export to the audit log', async () => {
    const actor = (await actorFromApiToken(world.database.db, world.users.admin.token))!;
    const table = await leadExport(world.database.db, actor, { campaign: 'export fair' }, 1);
    const seen: string[] = [];
    for await (const row of table.rows) seen.push(String(row[0]));
    expect([...seen].sort()).toEqual([ids.a1, ids.a2, ids.a3, ids.b1].sort());
    const created = await world.database.db
      .selectFrom('leads')
      .select(['id', 'created_at'])
      .where('id', 'in', seen)
      .execute();
    const at = (id: string) => created.find((lead) => lead.id === id)!.created_at.getTime();
    for (let i = 1; i < seen.length; i++) {
      expect(at(seen[i - 1]!)).toBeGreaterThanOrEqual(at(seen[i]!));
    }
    const audit = await world.database.db
      .selectFrom('audit_log')
      .select(['new_values'])
      .where('table_name', '=', 'leads')
      .where('record_id', '=', 'export')
      .where('actor_user_id', '=', world.users.admin.id)
      .execute();
    expect(audit.at(-1)?.new_values).toMatchObject({ rows: 4 });
  });
});
