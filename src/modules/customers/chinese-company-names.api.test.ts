import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

const rewrite = readFileSync(
  new URL('./migrations/0291_chinese_company_display_names.sql', import.meta.url),
  'utf8',
);

/**
 * Companies written before displayName put a Chinese legal form after the name: migration 0291
 * rewrites the shown names the old rule made, and nothing else.
 */
describe('migration 0291 writes stored Chinese company names in Chinese order', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    world = await createTestWorld();
    const api = apiAs(world, 'crmA');
    const companies = {
      chinese: { companyName: '上海西湖物流', legalForm: '有限公司' },
      russian: { companyName: 'Ромашка', legalForm: 'ООО' },
      handNamed: { companyName: '北京长城汽车', legalForm: '股份有限公司' },
      noForm: { companyName: '广州南方贸易' },
    };
    for (const [name, company] of Object.entries(companies)) {
      const created = await api.post('/api/customers', {
        kind: 'company',
        dealerCode: 'A',
        ...company,
      });
      expect(created.status).toBe(201);
      ids[name] = created.body.id;
    }
    // as the old rule wrote them, and one shown name set some other way
    const db = world.database.db;
    await db
      .updateTable('customers')
      .set({ display_name: '有限公司 上海西湖物流' })
      .where('id', '=', ids.chinese!)
      .execute();
    await db
      .updateTable('customers')
      .set({ display_name: '长城汽车（北京）' })
      .where('id', '=', ids.handNamed!)
      .execute();
    await world.database.pool.query(rewrite);
  });
  afterAll(async () => world?.close());

  it('rewrites the old order of Chinese companies only', async () => {
    const rows = await world.database.db
      .selectFrom('customers')
      .select(['id', 'display_name'])
      .where('id', 'in', Object.values(ids))
      .execute();
    const shown = (name: string) => rows.find((row) => row.id === ids[name])?.display_name;
    expect(shown('chinese')).toBe('上海西湖物流有限公司');
    expect(shown('russian')).toBe('ООО Ромашка');
    expect(shown('handNamed')).toBe('长城汽车（北京）');
    expect(shown('noForm')).toBe('广州南方贸易');
  });
});
