import { describe, expect, it } from 'vitest';
import { displayName, searchText, sortKey } from './derived-fields.ts';

describe('how a customer name is shown, sorted and found', () => {
  it('writes a Russian name surname first with the patronymic', () => {
    const parts = {
      kind: 'person' as const,
      firstName: 'Иван',
      middleName: 'Петрович',
      lastName: 'Иванов',
    };
    expect(displayName(parts)).toBe('Иванов Иван Петрович');
    expect(searchText(parts).split(' ')).toEqual(
      expect.arrayContaining(['иванов', 'ivanov', 'иван', 'ivan', 'петрович', 'petrovich']),
    );
  });

  it('writes a Chinese name surname first without a space and sorts it by pinyin', () => {
    const parts = { kind: 'person' as const, firstName: '小明', lastName: '王' };
    expect(displayName(parts)).toBe('王小明');
    expect(sortKey(parts)).toBe('wang xiaoming');
    expect(searchText(parts).split(' ')).toEqual(
      expect.arrayContaining(['王', 'wang', '小明', 'xiaoming', '王小明', 'wangxiaoming']),
    );
  });

  it('writes a Latin name given name first', () => {
    expect(displayName({ kind: 'person', firstName: 'Anna', lastName: 'Smith' })).toBe(
      'Anna Smith',
    );
  });

  it('names a company by its legal form and name and finds it by tax id', () => {
    const parts = {
      kind: 'company' as const,
      companyName: 'Ромашка',
      legalForm: 'ООО',
      taxId: '7701234567',
    };
    expect(displayName(parts)).toBe('ООО Ромашка');
    expect(searchText(parts)).toContain('7701234567');
    expect(searchText(parts)).toContain('romashka');
  });

  it('writes a Chinese company’s legal form after its name, as Chinese does', () => {
    expect(
      displayName({ kind: 'company', companyName: '上海西湖物流', legalForm: '有限公司' }),
    ).toBe('上海西湖物流有限公司');
    expect(displayName({ kind: 'company', companyName: '上海西湖物流' })).toBe('上海西湖物流');
  });
});
