import { describe, expect, it } from 'vitest';
import { MISSING, compareRecords, comparisonIndex } from './comparisons.ts';
import { dateLevelNames } from './date-levels.ts';
import { latinSkeleton, prepareName, sharesForm, sharesKey, sharesRoot } from './names.ts';
import { canonicalEmail, canonicalPhones, normalizeBirthDate, prepareRecord } from './record.ts';
import { jaroWinkler, scrambledLetters, soundex, withinOneEdit } from './similarity.ts';

describe('phones', () => {
  it('reads Russian 8-prefix, +7 and Chinese mobiles to E.164', () => {
    expect(canonicalPhones('8 (916) 123-45-67', 'RU')).toEqual(['+79161234567']);
    expect(canonicalPhones('+7 916 1234567', 'RU')).toEqual(['+79161234567']);
    expect(canonicalPhones('138 0013 8000', 'CN')).toEqual(['+8613800138000']);
    // A Chinese mobile in a Russian file, and several numbers in one cell.
    expect(canonicalPhones('13800138000; 8 916 123 45 67', 'RU')).toEqual([
      '+8613800138000',
      '+79161234567',
    ]);
  });

  it('keeps what does not parse as its digits, and drops text without a number', () => {
    expect(canonicalPhones('12345', 'RU')).toEqual(['#12345']);
    expect(canonicalPhones('нет', 'RU')).toEqual([]);
  });
});

describe('e-mails', () => {
  it('folds case, Gmail dots and tags, and Yandex domain aliases', () => {
    expect(canonicalEmail(' A.Ivanov+cars@GoogleMail.com ')).toBe('aivanov@gmail.com');
    expect(canonicalEmail('maria-ivanova@ya.ru')).toBe('maria.ivanova@yandex.ru');
    // Dots matter outside Gmail.
    expect(canonicalEmail('a.ivanov@mail.ru')).toBe('a.ivanov@mail.ru');
  });
});

describe('birth dates', () => {
  it('reads ISO, compact, day-first and unambiguous month-first dates, keeping typos', () => {
    expect(normalizeBirthDate('1985-03-14')).toBe('19850314');
    expect(normalizeBirthDate('14.03.1985')).toBe('19850314');
    expect(normalizeBirthDate('03/14/1985')).toBe('19850314');
    expect(normalizeBirthDate('19560231')).toBe('19560231');
    expect(normalizeBirthDate('soon')).toBeUndefined();
  });
});

describe('names', () => {
  const name = (text: string, surname = false) => prepareName(text, surname)!;

  it('matches Cyrillic with its Latin transcriptions, both passport and everyday', () => {
    expect(sharesKey(name('Иванов', true), name('Ivanov', true))).toBe(true);
    expect(sharesKey(name('Сергей'), name('Sergei'))).toBe(true);
    expect(sharesKey(name('Сергей'), name('Sergey'))).toBe(true);
    expect(sharesKey(name('Юлия'), name('Iuliia'))).toBe(true);
    expect(sharesKey(name('Юлия'), name('Julia'))).toBe(true);
    expect(sharesKey(name('Хрущёв', true), name('Khrushchev', true))).toBe(true);
    expect(sharesKey(name('Иванов', true), name('Petrov', true))).toBe(false);
  });

  it('matches Chinese characters with pinyin', () => {
    expect(sharesKey(name('王', true), name('Wang', true))).toBe(true);
    expect(sharesKey(name('伟'), name('Wei'))).toBe(true);
    expect(sharesKey(name('伟'), name('Na'))).toBe(false);
  });

  it('knows diminutives across scripts: Александр ~ Саша ~ Sasha, Robert ~ Bob', () => {
    expect(sharesRoot(name('Александр'), name('Саша'))).toBe(true);
    expect(sharesRoot(name('Саша'), name('Sasha'))).toBe(true);
    expect(sharesRoot(name('Alexander'), name('Саша'))).toBe(true);
    expect(sharesRoot(name('Robert'), name('Bob'))).toBe(true);
    expect(sharesRoot(name('Мария'), name('Маша'))).toBe(true);
    expect(sharesRoot(name('Мария'), name('Саша'))).toBe(false);
  });

  it('knows a given name in other languages (Jean, Ian ~ John; Karl ~ Charles; Jack ~ Ian)', () => {
    expect(sharesForm(name('Jean'), name('John'))).toBe(true);
    expect(sharesForm(name('Ian'), name('Evan'))).toBe(true);
    expect(sharesForm(name('Karl'), name('Charles'))).toBe(true);
    // Through a nickname: Jack is John, Charlie is Charles.
    expect(sharesForm(name('Jack'), name('Ian'))).toBe(true);
    expect(sharesForm(name('Charlie'), name('Carl'))).toBe(true);
    // Through a transliteration: Иван is John, Екатерина is Catherine.
    expect(sharesForm(name('Иван'), name('Sean'))).toBe(true);
    expect(sharesForm(name('Екатерина'), name('Catherine'))).toBe(true);
    // Jean is also Jane, but Jane is not John.
    expect(sharesForm(name('Jane'), name('John'))).toBe(false);
    expect(sharesForm(name('John'), name('James'))).toBe(false);
  });

  it('collapses transcription variants into one skeleton', () => {
    expect(latinSkeleton('Alexey')).toBe(latinSkeleton('Aleksei'));
    expect(latinSkeleton('Katherine')).toBe(latinSkeleton('Catherine'));
  });
});

describe('similarity measures', () => {
  it('Jaro-Winkler, one edit and Soundex behave as published', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(withinOneEdit('19850314', '19850341')).toBe(true);
    expect(withinOneEdit('19850314', '19580314')).toBe(true); // neighbours swapped
    expect(withinOneEdit('19850314', '19750324')).toBe(false);
    expect(soundex('robert')).toBe('R163');
    expect(soundex('rupert')).toBe('R163');
    expect(soundex('ashcraft')).toBe('A261');
  });

  it('sees letters typed out of order, one letter added, dropped or replaced at most', () => {
    expect(scrambledLetters('hugo', 'hogu')).toBe(true);
    expect(scrambledLetters('jessica', 'aessicj')).toBe(true);
    expect(scrambledLetters('archie', 'areceih')).toBe(true); // and one added
    expect(scrambledLetters('harvey', 'hehray')).toBe(true); // and one replaced
    expect(scrambledLetters('harvey', 'hehrax')).toBe(false); // two replaced
    expect(scrambledLetters('ivy', 'yvi')).toBe(false); // too short to tell
    expect(scrambledLetters('john', 'henry')).toBe(false);
  });
});

describe('record comparison', () => {
  const level = (a: Record<string, string>, b: Record<string, string>) => {
    const out = new Uint8Array(11);
    const swapped = compareRecords(
      prepareRecord({ id: 'a', ...a }),
      prepareRecord({ id: 'b', ...b }),
      out,
    );
    return { out, swapped };
  };

  it('reads swapped first and last names as a name match', () => {
    const { out, swapped } = level(
      { firstName: 'Wang', lastName: 'Wei' },
      { firstName: 'Wei', lastName: 'Wang' },
    );
    expect(swapped).toBe(true);
    expect(out[comparisonIndex.firstName]).toBe(0);
    expect(out[comparisonIndex.lastName]).toBe(0);
  });

  it('reads swapped names with a typo in one of them as swapped', () => {
    const { out, swapped } = level(
      { firstName: 'Osacar', lastName: 'Moore' },
      { firstName: 'Moore', lastName: 'Oscar' },
    );
    expect(swapped).toBe(true);
    expect(out[comparisonIndex.firstName]).toBe(3);
    expect(out[comparisonIndex.lastName]).toBe(0);
  });

  it('pairs a Latin full name written surname first ("Sidorov Ivan") with Ivan Sidorov', () => {
    // Two Latin words without a patronymic are split given name first (name-parts.ts), so
    // "Sidorov Ivan" becomes first=Sidorov last=Ivan; the swapped reading makes up for it.
    const latin = level({ fullName: 'Sidorov Ivan' }, { firstName: 'Ivan', lastName: 'Sidorov' });
    expect(latin.swapped).toBe(true);
    expect(latin.out[comparisonIndex.firstName]).toBe(0);
    expect(latin.out[comparisonIndex.lastName]).toBe(0);
    const cyrillic = level({ fullName: 'Sidorov Ivan' }, { fullName: 'Сидоров Иван' });
    expect(cyrillic.swapped).toBe(true);
    expect(cyrillic.out[comparisonIndex.firstName]).toBe(1); // transliteration
    expect(cyrillic.out[comparisonIndex.lastName]).toBe(1);
  });

  it('compares a given-name initial that agrees as missing, and one that does not as different', () => {
    const first = (a: string, b: string) =>
      level({ firstName: a, lastName: 'Hale' }, { firstName: b, lastName: 'Hale' }).out[
        comparisonIndex.firstName
      ];
    expect(first('J.', 'John')).toBe(MISSING);
    expect(first('J', 'J.')).toBe(MISSING);
    expect(first('И.', 'Иван')).toBe(MISSING);
    expect(first('Ю.', 'Yuri')).toBe(MISSING);
    expect(first('И.', 'Юрий')).toBe(4);
    expect(first('J.', 'Mary')).toBe(4);
    // The letter as written, though the skeletons begin with k and f.
    expect(first('C.', 'Charles')).toBe(MISSING);
    expect(first('P', 'Philip')).toBe(MISSING);
    expect(first('H.', 'Charles')).toBe(4);
    // one Han character is a whole given name (张伟), not an initial
    expect(
      level({ firstName: '伟', lastName: '张' }, { firstName: '伟', lastName: '张' }).out[
        comparisonIndex.firstName
      ],
    ).toBe(0);
  });

  it('drops titles, ranks and ordinals from given names, not from surnames', () => {
    expect(prepareName('Sir William', false)?.text).toBe('william');
    expect(prepareName('Maj.-Gen. Frederick', false)?.text).toBe('frederick');
    expect(prepareName('2nd', false)).toBeUndefined();
    expect(prepareName('Lord', true)?.text).toBe('lord');
    const { out } = level(
      { firstName: 'Sir', lastName: 'Hale' },
      { firstName: 'Arthur', lastName: 'Hale' },
    );
    expect(out[comparisonIndex.firstName]).toBe(MISSING);
  });

  it('knows English nicknames, and keeps distinct names that share one apart', () => {
    const first = (a: string, b: string) =>
      level({ firstName: a, lastName: 'Hale' }, { firstName: b, lastName: 'Hale' }).out[
        comparisonIndex.firstName
      ];
    expect(first('Artie', 'Arthur')).toBe(1);
    expect(first('Bert', 'Herbert')).toBe(1);
    expect(first('Fanny', 'Frances')).toBe(1);
    expect(first('Polly', 'Mary')).toBe(1);
    // Harry is Henry's and Harold's, yet Henry is not Harold; Bert is not Herbert's brother Albert
    expect(first('Henry', 'Harold')).toBe(4);
    expect(first('Herbert', 'Albert')).not.toBe(1);
  });

  it('reads a lone surname typed as the first name as the surname it matches', () => {
    const { out, swapped } = level(
      { firstName: 'Watts' },
      { firstName: 'William', lastName: 'Watts' },
    );
    expect(swapped).toBe(true);
    expect(out[comparisonIndex.firstName]).toBe(MISSING);
    expect(out[comparisonIndex.lastName]).toBe(0);
    // Two different first names with the surname missing on one side stay different.
    expect(
      level({ firstName: 'Edith' }, { firstName: 'William', lastName: 'Watts' }).out[
        comparisonIndex.firstName
      ],
    ).toBe(4);
  });

  it('sees a day/month swap as a near date, and a missing side as missing', () => {
    const { out } = level({ birthDate: '1979-11-02', lastName: 'Li' }, { birthDate: '1979-02-11' });
    expect(out[comparisonIndex.birthDate]).toBe(1);
    expect(out[comparisonIndex.lastName]).toBe(MISSING);
  });

  it('grades other dates: within a month, within a year, two digits off, different', () => {
    const birth = (a: string, b: string) =>
      level({ birthDate: a }, { birthDate: b }).out[comparisonIndex.birthDate];
    expect(birth('2017-01-11', '2017-02-10')).toBe(2);
    expect(birth('2009-11-03', '2008-12-03')).toBe(3);
    // A typo on each side: year and day.
    expect(birth('2016-02-13', '2026-02-10')).toBe(4);
    expect(birth('1950-02-13', '1980-07-10')).toBe(dateLevelNames.indexOf('different'));
  });

  it('grades a year or a decade mistyped with the day re-entered a few weeks off', () => {
    const birth = (a: string, b: string) =>
      dateLevelNames[level({ birthDate: a }, { birthDate: b }).out[comparisonIndex.birthDate]!];
    expect(birth('2009-12-21', '2011-01-21')).toBe('a year and some weeks apart');
    expect(birth('1988-11-25', '1987-10-28')).toBe('a year and some weeks apart');
    expect(birth('1996-08-05', '1986-09-09')).toBe('ten years and some weeks apart');
    expect(birth('2013-01-06', '2023-02-03')).toBe('ten years and some weeks apart');
    // A decade and five months, nine years, five years, thirty years: another person.
    expect(birth('1957-12-20', '1966-11-19')).toBe('different');
    expect(birth('1996-08-05', '1986-01-09')).toBe('different');
    expect(birth('1980-03-12', '1975-07-30')).toBe('different');
    expect(birth('1950-02-13', '1980-03-10')).toBe('different');
  });

  it('splits a full name the way its script writes it', () => {
    const record = prepareRecord({ id: 'x', fullName: 'Смирнова Екатерина Павловна' });
    expect(record.last?.text).toBe('смирнова');
    expect(record.first?.text).toBe('екатерина');
  });
});
