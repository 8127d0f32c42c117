import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../vehicles/index.ts';
import { addressProblem, normalizeCity } from './addresses.ts';
import { editDistance, emailDomainProblem } from './email-domains.ts';
import { libraryPlans, numberTypes, patternLengths, phoneFitsPlan } from './phone-plans.ts';
import { phoneCases, typedPhoneCases, worldPhoneCases } from './record-checks-fixtures.ts';
import { creditCode, entrepreneurInn, organisationInn } from './record-checks-fixtures.ts';
import { innValid, taxIdProblem, usccValid } from './tax-ids.ts';
import { vinProblem } from './vin-problems.ts';

describe('VIN checks of a quality run', () => {
  it('accepts Chinese and North American VINs with their check digit and year code', () => {
    expect(vinProblem(withCheckDigit('LGWB4WRX0MA006142'), 2021)).toBeUndefined();
    expect(vinProblem('1HGCM82633A004352', 2003)).toBeUndefined();
    // the year codes repeat every 30 years: A is 1980 and 2010
    expect(vinProblem(withCheckDigit('1HGCM8260A0004352'), 1980)).toBeUndefined();
    expect(vinProblem(withCheckDigit('1HGCM8260A0004352'), 2010)).toBeUndefined();
    expect(vinProblem(withCheckDigit('LGWB4WRX0MA006142'), null)).toBeUndefined();
  });

  it('finds a wrong check digit where the maker must set one, and letters never used', () => {
    expect(vinProblem('1HGCM82634A004352', 2004)).toBe('invalid_vin');
    const valid = withCheckDigit('LGWB4WRX0MA006142');
    const wrong = valid.slice(0, 8) + (valid[8] === '1' ? '2' : '1') + valid.slice(9);
    expect(vinProblem(wrong, 2021)).toBe('invalid_vin');
    expect(vinProblem('1HGCM8263OA004352', null)).toBe('invalid_vin');
    expect(vinProblem('1HGCM82633A00435', null)).toBe('invalid_vin');
  });

  it('finds a year code that is not the model year', () => {
    expect(vinProblem(withCheckDigit('LGWB4WRX0MA006142'), 2020)).toBe('vin_year_mismatch');
    expect(vinProblem(withCheckDigit('LGWB4WRX00A006142'), 2021)).toBe('vin_year_mismatch');
  });

  it('does not judge a European VIN by the check digit or year code it need not have', () => {
    expect(vinProblem('WDD2120021A123456', 2012)).toBeUndefined();
    expect(vinProblem('WVWZZZ1KZ8W000001', 1999)).toBeUndefined();
  });
});

describe('tax ids of companies', () => {
  it('checks both INN check digits', () => {
    expect(innValid('7707083893')).toBe(true);
    expect(innValid('7707083894')).toBe(false);
    expect(innValid(organisationInn('123456789'))).toBe(true);
    const entrepreneur = entrepreneurInn('5001007322');
    expect(innValid(entrepreneur)).toBe(true);
    const [eleventh, twelfth] = [Number(entrepreneur[10]), Number(entrepreneur[11])];
    expect(innValid(entrepreneur.slice(0, 10) + ((eleventh + 1) % 10) + twelfth)).toBe(false);
    expect(innValid(entrepreneur.slice(0, 11) + ((twelfth + 1) % 10))).toBe(false);
    expect(innValid('77070838930')).toBe(false);
  });

  it('checks the unified social credit code check character (GB 32100)', () => {
    expect(usccValid('91350100M000100Y43')).toBe(true);
    expect(usccValid(creditCode('9111000010000000X'))).toBe(true);
    expect(usccValid('91350100M000100Y42')).toBe(false);
    expect(usccValid('91350100M000100S43')).toBe(false);
    expect(usccValid('91350100M000100Y4')).toBe(false);
  });

  it('reads the id by the company country, or by its form when none is known', () => {
    expect(taxIdProblem('7707083893', 'RU')).toBeUndefined();
    expect(taxIdProblem('77 07 08 3893', null)).toBeUndefined();
    expect(taxIdProblem('91350100m000100y43', 'CN')).toBeUndefined();
    expect(taxIdProblem('7707083894', null)).toBe('invalid_tax_id');
    expect(taxIdProblem('91350100M000100Y43', 'RU')).toBe('invalid_tax_id');
    expect(taxIdProblem('7707083893', 'CN')).toBe('invalid_tax_id');
    expect(taxIdProblem('123456789012', 'KZ')).toBeUndefined();
  });
});

describe('e-mail domains', () => {
  it('counts a swap of two neighbours as one edit', () => {
    expect(editDistance('gmial.com', 'gmail.com')).toBe(1);
    expect(editDistance('yandx.ru', 'yandex.ru')).toBe(1);
    expect(editDistance('ya.ru', 'bk.ru')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('offers the popular domain a misspelt one meant', () => {
    const typos: [string, string][] = [
      ['gmial.com', 'gmail.com'],
      ['gmai.com', 'gmail.com'],
      ['gmail.ru', 'gmail.com'],
      ['yandex.ry', 'yandex.ru'],
      ['mail.ry', 'mail.ru'],
      ['yandx.ru', 'yandex.ru'],
      ['163.con', '163.com'],
      ['qq.cm', 'qq.com'],
      ['hotmial.com', 'hotmail.com'],
    ];
    for (const [typo, meant] of typos)
      expect(emailDomainProblem(typo), typo).toEqual({
        problem: 'email_domain_typo',
        suggestion: meant,
      });
  });

  it('leaves real domains alone, the popular ones and their real neighbours', () => {
    for (const domain of ['gmail.com', 'ya.ru', 'bk.ru', '126.com', 'foxmail.com', 'yandex.by'])
      expect(emailDomainProblem(domain), domain).toBeUndefined();
    expect(emailDomainProblem('hengtongwuliu.com.cn')).toBeUndefined();
  });

  it('finds domains that cannot exist', () => {
    for (const domain of ['localhost', 'mail.r', 'mail.123', 'example.com', 'test.com', 'a..ru'])
      expect(emailDomainProblem(domain), domain).toEqual({ problem: 'invalid_email_domain' });
  });
});

describe('city against postcode', () => {
  it('reads a city in its usual spellings', () => {
    expect(normalizeCity('г. Москва')).toBe('москва');
    expect(normalizeCity('上海市')).toBe('上海');
    expect(normalizeCity('St. Petersburg')).toBe('st petersburg');
    expect(normalizeCity('Ростов-на-Дону')).toBe('ростов на дону');
  });

  it('flags a Moscow oblast or St Petersburg postcode on a Moscow address', () => {
    expect(addressProblem('RU', 'Москва', '119021')).toBeUndefined();
    expect(addressProblem('RU', 'Москва', '141000')).toBe('city_postcode_mismatch');
    expect(addressProblem('RU', 'Moscow', '190000')).toBe('city_postcode_mismatch');
    expect(addressProblem('RU', 'Мытищи', '141000')).toBeUndefined();
  });

  it('knows Chinese cities with and without 市', () => {
    expect(addressProblem('CN', '上海市', '200001')).toBeUndefined();
    expect(addressProblem('CN', '上海', '200001')).toBeUndefined();
    expect(addressProblem('CN', 'Shanghai', '100001')).toBe('city_postcode_mismatch');
    expect(addressProblem('CN', '苏州', '215000')).toBeUndefined();
  });

  it('checks the postcode form of the countries it knows', () => {
    expect(addressProblem('RU', 'Казань', '42000')).toBe('invalid_postcode');
    expect(addressProblem('DE', 'Berlin', '10115')).toBeUndefined();
    expect(addressProblem('DE', 'Berlin', '101150')).toBe('invalid_postcode');
    expect(addressProblem('KZ', 'Алматы', 'A15E3C')).toBeUndefined();
  });
});

describe('phones against their numbering plan', () => {
  it('flags only numbers libphonenumber also refuses', () => {
    for (const e164 of phoneCases) {
      const parsed = parsePhoneNumberFromString(e164);
      const libraryValid = !!parsed?.isValid() && parsed.number === e164;
      if (!phoneFitsPlan(e164)) expect(libraryValid, e164).toBe(false);
    }
    expect(phoneFitsPlan('+79164821739')).toBe(true);
    expect(phoneFitsPlan('+7916123456')).toBe(false);
    expect(phoneFitsPlan('+861381234567')).toBe(false);
    expect(phoneFitsPlan('+8602112345678')).toBe(false);
    expect(phoneFitsPlan('+375291234567')).toBe(true);
    // beyond our markets, by the national lengths of libphonenumber's metadata
    expect(phoneFitsPlan('+442071838750')).toBe(true);
    expect(phoneFitsPlan('+4420718387501234')).toBe(false);
    expect(phoneFitsPlan('+998901234567')).toBe(true);
    expect(phoneFitsPlan('+99890123456')).toBe(false);
    expect(phoneFitsPlan('+38044123')).toBe(false);
    expect(phoneFitsPlan('+80012345678')).toBe(true);
    // beyond our markets, by the leading digits of the country's pattern too
    expect(phoneFitsPlan('+33612345678')).toBe(true);
    expect(phoneFitsPlan('+33012345678')).toBe(false);
    expect(phoneFitsPlan('+4900000000')).toBe(false);
    // a type's pattern alone is not enough: the country's general pattern must fit too
    expect(phoneFitsPlan('+4949305024246')).toBe(false);
  });

  it('knows every country: its example number fits, and a flagged typo is refused', () => {
    const cases = worldPhoneCases();
    const missed: string[] = [];
    let refused = 0;
    for (const e164 of cases) {
      const parsed = parsePhoneNumberFromString(e164);
      const libraryValid = !!parsed?.isValid() && parsed.number === e164;
      if (libraryValid) expect(phoneFitsPlan(e164), e164).toBe(true);
      else {
        refused += 1;
        if (phoneFitsPlan(e164)) missed.push(e164);
      }
    }
    // by the number types every typo libphonenumber refuses is flagged (79 % of 2,058 by the
    // countries' general patterns, 13 % by their lengths alone), but for our hand-written plans,
    // which are coarser than the metadata: 96 % in all
    const ours = /^[+](7|86|1)/;
    expect(missed.filter((e164) => !ours.test(e164))).toEqual([]);
    expect((refused - missed.length) / refused).toBeGreaterThan(0.95);
  });

  it('takes a number of every type, each by its own type', () => {
    expect(typedPhoneCases.map(([type]) => type).sort()).toEqual([...numberTypes].sort());
    for (const [type, e164] of typedPhoneCases) {
      const parsed = parsePhoneNumberFromString(e164);
      expect(parsed?.isValid(), e164).toBe(true);
      expect(parsed?.getType(), e164).toBe(type);
      expect(phoneFitsPlan(e164), e164).toBe(true);
      const without = libraryPlans(numberTypes.filter((other) => other !== type));
      const plan = without.find((p) => e164.startsWith(p.prefix));
      expect(plan && new RegExp(plan.pattern).test(e164), `${e164} without ${type}`).toBe(false);
    }
  });

  it('knows the lengths a metadata pattern matches', () => {
    expect(patternLengths('\\d{7,8}')).toEqual(new Set([7, 8]));
    expect(patternLengths('8(?:00|108\\d{3})\\d{7}')).toEqual(new Set([10, 14]));
    expect(patternLengths('(?:1[2-4]\\d)?5|6{2}')).toEqual(new Set([1, 2, 4]));
    expect(patternLengths('9(?:[01]\\d|8[2-49])')).toEqual(new Set([3]));
    // anything the metadata does not use leaves the lengths unknown (the plan then asks for them)
    expect(patternLengths('\\d+')).toBeUndefined();
    expect(patternLengths('\\d{7,}')).toBeUndefined();
    expect(patternLengths('(\\d)')).toBeUndefined();
    expect(patternLengths('(?:12')).toBeUndefined();
  });
});
