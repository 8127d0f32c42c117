import { describe, expect, it } from 'vitest';
import { classifySearch } from './search-terms.ts';

describe('reading what a user typed into the customer search', () => {
  it('reads a Russian phone in any format as the same E.164 number', () => {
    for (const typed of ['8 916 123-45-67', '+7 (916) 123 45 67', '89161234567']) {
      expect(classifySearch(typed, 'RU')).toEqual({
        kind: 'phone',
        e164: '+79161234567',
        digits: typed.replace(/\D/g, ''),
      });
    }
  });

  it('reads the last digits of a phone as a partial phone', () => {
    expect(classifySearch('4567', 'RU')).toEqual({ kind: 'phone', e164: null, digits: '4567' });
  });

  it('reads an e-mail, a VIN and a plate', () => {
    expect(classifySearch('Ivan.Petrov@Mail.ru', 'RU')).toEqual({
      kind: 'email',
      prefix: 'ivan.petrov@mail.ru',
    });
    expect(classifySearch('wba3a5c51cf256985', 'RU')).toEqual({
      kind: 'code',
      value: 'WBA3A5C51CF256985',
    });
    expect(classifySearch('а123вс 77', 'RU')).toEqual({ kind: 'code', value: 'А123ВС77' });
  });

  it('reads words as names and strips query syntax', () => {
    expect(classifySearch("Иванов & 'ivan':*", 'RU')).toEqual({
      kind: 'name',
      words: ['Иванов', 'ivan'],
      digitWords: [],
    });
    expect(classifySearch('Petrov 4567', 'RU')).toEqual({
      kind: 'name',
      words: ['Petrov'],
      digitWords: ['4567'],
    });
    expect(classifySearch('  ', 'RU')).toBeUndefined();
    expect(classifySearch('&&', 'RU')).toBeUndefined();
  });
});
