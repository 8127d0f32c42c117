import { describe, expect, it } from 'vitest';
import { isPatronymic, splitFullName } from './name-parts.ts';
import { prepareRecord } from './record.ts';

describe('splitting a full name written in one field', () => {
  it.each([
    // Russian, surname first, in Cyrillic and transliterated
    ['Петров Иван Сергеевич', { lastName: 'Петров', firstName: 'Иван', middleName: 'Сергеевич' }],
    ['Sidorov Ivan Petrovich', { lastName: 'Sidorov', firstName: 'Ivan', middleName: 'Petrovich' }],
    [
      'Smirnova Anna Sergeyevna',
      { lastName: 'Smirnova', firstName: 'Anna', middleName: 'Sergeyevna' },
    ],
    ['Lenin Vladimir Ilyich', { lastName: 'Lenin', firstName: 'Vladimir', middleName: 'Ilyich' }],
    [
      'Ulyanova Maria Ilyinichna',
      { lastName: 'Ulyanova', firstName: 'Maria', middleName: 'Ilyinichna' },
    ],
    // given name first, the patronymic in the middle
    ['Ivan Petrovich Sidorov', { firstName: 'Ivan', middleName: 'Petrovich', lastName: 'Sidorov' }],
    [
      'Anna Nikolaevna Kuznetsova',
      { firstName: 'Anna', middleName: 'Nikolaevna', lastName: 'Kuznetsova' },
    ],
    ['Иван Петрович Сидоров', { firstName: 'Иван', middleName: 'Петрович', lastName: 'Сидоров' }],
    // a surname ending in -ич does not turn the order round
    ['Бабич Иван Петрович', { lastName: 'Бабич', firstName: 'Иван', middleName: 'Петрович' }],
    ['Иван Петрович Бабич', { firstName: 'Иван', middleName: 'Петрович', lastName: 'Бабич' }],
    // Cyrillic without a patronymic is surname first; two words with one are name and patronymic
    ['Петров Иван', { lastName: 'Петров', firstName: 'Иван' }],
    ['Иван Петрович', { firstName: 'Иван', middleName: 'Петрович' }],
    // Chinese: surname first, compound surnames kept whole
    ['王伟', { lastName: '王', firstName: '伟' }],
    ['王 小明', { lastName: '王', firstName: '小明' }],
    ['欧阳娜娜', { lastName: '欧阳', firstName: '娜娜' }],
    // other Latin names: given names first
    ['Mary Ann Smith', { firstName: 'Mary Ann', lastName: 'Smith' }],
    ['Michael Petrovich', { firstName: 'Michael', lastName: 'Petrovich' }],
    ['Hans Dietrich Genscher', { firstName: 'Hans Dietrich', lastName: 'Genscher' }],
    ['Smith', { lastName: 'Smith' }],
    ['  ', {}],
  ])('%s', (full, parts) => {
    expect(splitFullName(full)).toEqual(parts);
  });

  it('knows patronymics from German names ending in -rich', () => {
    expect(
      ['Petrovich', 'Sergeyevich', 'Ilyich', 'Kuzmich', 'Petrovna', 'Юрьевна'].every(isPatronymic),
    ).toBe(true);
    expect(['Heinrich', 'Ulrich', 'Dietrich', 'Ivan', 'Rich'].some(isPatronymic)).toBe(false);
  });

  it('gives the engine the patronymic of a Latin full name, not a double first name', () => {
    const record = prepareRecord({ id: 'x', fullName: 'Ivan Petrovich Sidorov' });
    expect(record.first?.text).toBe('ivan');
    expect(record.last?.text).toBe('sidorov');
    expect(record.middle?.text).toBe('petrovich');
  });
});
