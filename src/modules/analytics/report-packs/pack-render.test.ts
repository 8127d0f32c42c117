import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { PackFigures, WeekFigures } from './pack-figures.ts';
import { renderPack } from './pack-render.ts';

const week = (values: Partial<WeekFigures>): WeekFigures => ({
  newProspects: 0,
  hotProspects: 0,
  testDrives: 0,
  orders: 0,
  serviceVisits: 0,
  claims: 0,
  csiAverage: null,
  overdueTasks: null,
  logins: 0,
  activities: 0,
  ...values,
});

const figures: PackFigures = {
  weekStart: '2026-11-23',
  current: week({ newProspects: 12345, csiAverage: 8.5, overdueTasks: 3 }),
  previous: week({ newProspects: 12000, csiAverage: 9 }),
  perDealer: [{ dealer: '<b>X</b>', users: 4, logins: 10, activities: 1500, overdueTasks: 3 }],
  asOf: '2026-11-30T04:10:00.000Z',
};

describe('the weekly pack as mailed', () => {
  it('writes numbers, dates and words the way each language does', async () => {
    const zh = await renderPack(figures, { kind: 'region', code: 'R2' }, 'zh', 'Asia/Shanghai');
    expect(zh.subject).toContain('每周报告(区域 R2)');
    expect(zh.html).toContain('12,345');
    expect(zh.html).toContain('+345');
    expect(zh.html).toContain('2026年11月30日 12:10'); // the refresh time in Shanghai
    const ru = await renderPack(figures, { kind: 'dealer', code: 'A' }, 'ru', 'Europe/Moscow');
    expect(ru.html).toMatch(/12\s345/);
    expect(ru.html).toContain('-0,5'); // CSI 8.5 against 9
    expect(ru.text).toContain('Просроченные задачи: 3 (на сейчас)');
    const en = await renderPack(figures, { kind: 'group', code: null }, 'en', 'Europe/Moscow');
    expect(en.subject).toMatch(/^Weekly pack, the group: 23\s?–\s?29 Nov 2026$/);
    expect(en.attachmentName).toBe('weekly-pack-group-2026-11-23.xlsx');
  });

  it('escapes what comes from the data, and attaches the same tables', async () => {
    const pack = await renderPack(figures, { kind: 'dealer', code: 'A' }, 'en', 'UTC');
    expect(pack.html).toContain('&lt;b&gt;X&lt;/b&gt;');
    expect(pack.html).not.toContain('<b>X</b>');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(pack.attachment as never);
    const sheet = workbook.getWorksheet('perDealer')!;
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['<b>X</b>', 4, 10, 1500, 3]);
    expect(workbook.getWorksheet('weekOverWeek')!.getRow(2).getCell(4).value).toBe(345);
  });

  it('shows a per-dealer figure the dashboard did not give as a dash, not as 0', async () => {
    const pack = await renderPack(
      {
        ...figures,
        perDealer: [{ dealer: 'A', users: 4, logins: 10, activities: null, overdueTasks: 3 }],
      },
      { kind: 'dealer', code: 'A' },
      'en',
      'UTC',
    );
    expect(pack.html).toMatch(
      />A<\/td><td[^>]*>4<\/td><td[^>]*>10<\/td><td[^>]*>—<\/td><td[^>]*>3</,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(pack.attachment as never);
    const row = workbook.getWorksheet('perDealer')!.getRow(2);
    expect([1, 2, 3, 4, 5].map((cell) => row.getCell(cell).value)).toEqual(['A', 4, 10, null, 3]);
  });
});
