import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { suggestMapping } from './column-mapping.ts';
import { describeFile, readRows } from './file-reader.ts';
import { splitFullName } from '../quality/index.ts';
import { mapRow } from './row-mapper.ts';

const context = {
  source: 'event',
  campaign: 'Autumn show',
  dealerCode: 'A',
  consentSource: 'import:list.csv',
  country: 'RU',
  currency: 'RUB',
  jobId: 'job-1',
};

describe('mapping the columns of a list', () => {
  it('suggests columns from English, Russian and Chinese headers', () => {
    expect(
      suggestMapping(['ФИО', 'Телефон', 'E-mail', 'Интересующая модель', 'Согласие на SMS']),
    ).toEqual({
      fullName: 0,
      phone: 1,
      email: 2,
      model: 3,
      consentSms: 4,
    });
    expect(suggestMapping(['姓名', '手机号', '邮箱', '意向车型', '预计购车日期'])).toEqual({
      fullName: 0,
      phone: 1,
      email: 2,
      model: 3,
      intendedPurchaseDate: 4,
    });
    expect(
      suggestMapping(['First name', 'Last Name', 'Mobile', 'Something else', 'Phone']),
    ).toEqual({
      firstName: 0,
      lastName: 1,
      phone: 2,
    });
  });

  it('splits full names in the order each script writes them', () => {
    expect(splitFullName('Петров Иван Сергеевич')).toEqual({
      lastName: 'Петров',
      firstName: 'Иван',
      middleName: 'Сергеевич',
    });
    expect(splitFullName('王伟')).toEqual({ lastName: '王', firstName: '伟' });
    expect(splitFullName('Mary Ann Smith')).toEqual({ firstName: 'Mary Ann', lastName: 'Smith' });
  });
});

describe('turning a list row into a lead', () => {
  const mapping = suggestMapping([
    'ФИО',
    'Телефон',
    'Email',
    'Модель',
    'Дата покупки',
    'Бюджет',
    'Согласие на SMS',
    'Пол',
  ]);

  it('maps a good row with its consents, budget in minor units and date', () => {
    const row = mapRow(
      [
        'Петров Иван',
        '8 916 555-11-22',
        'ivan@example.ru',
        'X5',
        '20.12.2026',
        '3 500 000',
        'да',
        'м',
      ],
      2,
      mapping,
      context,
    );
    expect(row).toEqual({
      ok: true,
      input: {
        source: 'event',
        dealerCode: 'A',
        campaign: 'Autumn show',
        person: {
          kind: 'person',
          lastName: 'Петров',
          firstName: 'Иван',
          gender: 'male',
          phones: [{ number: '8 916 555-11-22' }],
          emails: [{ address: 'ivan@example.ru' }],
        },
        vehicles: [{ model: 'X5' }],
        intendedPurchaseDate: '2026-12-20',
        budgetMinor: 350_000_000,
        currency: 'RUB',
        consents: [{ channel: 'sms', granted: true, source: 'import:list.csv' }],
        externalRef: 'import:job-1:2',
      },
    });
  });

  it('reads a budget in the minor units of the import currency: the yen has none', () => {
    const yen = { ...context, currency: 'JPY' };
    const row = (budget: string) =>
      mapRow(['Петров', '89165551122', '', '', '', budget, '', ''], 2, mapping, yen);
    expect(row('3 500 000')).toMatchObject({ ok: true, input: { budgetMinor: 3_500_000 } });
    expect(row('1500,50')).toEqual({ ok: false, reason: 'budget «1500,50» is not an amount' });
  });

  it.each([
    [['Петров', '', '', '', '', '', '', ''], 'neither a phone nor an e-mail'],
    [['Петров', '12', '', '', '', '', '', ''], '«12» is not a phone number'],
    [['Петров', '', 'ivan@', '', '', '', '', ''], '«ivan@» is not an e-mail address'],
    [
      ['Петров', '89165551122', '', '', '31.02.2026', '', '', ''],
      'purchase date «31.02.2026» is not a date',
    ],
    [['Петров', '89165551122', '', '', '', 'lots', '', ''], 'budget «lots» is not an amount'],
    [
      ['Петров', '89165551122', '', '', '', '', 'maybe', ''],
      'sms consent «maybe» is neither yes nor no',
    ],
  ])('rejects %j because %s', (values, reason) => {
    expect(mapRow(values, 3, mapping, context)).toEqual({ ok: false, reason });
  });
});

describe('reading list files', () => {
  it('reads a semicolon CSV in Windows-1251 with a quoted line break', async () => {
    const text = 'ФИО;Телефон\n"Петров\nИван";89165551122\nСидоров;89165551133\n';
    const bytes = Buffer.from(new TextEncoder().encode(text));
    // Encode to Windows-1251 by hand: Cyrillic letters А..я map to 0xC0..0xFF.
    const cp1251 = Buffer.from(
      [...text].map((char) => {
        const code = char.charCodeAt(0);
        return code >= 0x410 && code <= 0x44f ? code - 0x410 + 0xc0 : code;
      }),
    );
    expect(bytes.length).toBeGreaterThan(cp1251.length);
    const rows = [];
    for await (const row of readRows('csv', cp1251)) rows.push(row);
    expect(rows).toEqual([
      { line: 1, values: ['ФИО', 'Телефон'] },
      { line: 3, values: ['Петров\nИван', '89165551122'] },
      { line: 4, values: ['Сидоров', '89165551133'] },
    ]);
  });

  it('reads the first sheet of a workbook, dates as ISO dates', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Leads');
    sheet.addRow(['Name', 'Phone', 'Purchase date']);
    sheet.addRow(['Anna Smith', '+79160000001', new Date('2027-01-15T00:00:00Z')]);
    sheet.addRow([]);
    sheet.addRow(['Li Wei', 8613800000000, null]);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await describeFile('xlsx', content)).toEqual({
      headers: ['Name', 'Phone', 'Purchase date'],
      totalRows: 2,
    });
    const rows = [];
    for await (const row of readRows('xlsx', content)) rows.push(row);
    expect(rows[1]).toEqual({ line: 2, values: ['Anna Smith', '+79160000001', '2027-01-15'] });
    expect(rows[2]).toEqual({ line: 4, values: ['Li Wei', '8613800000000'] });
  });

  it('refuses a file that is not a workbook', async () => {
    await expect(describeFile('xlsx', Buffer.from('not a zip'))).rejects.toThrow(/cannot be read/);
  });
});
