import { getCountries, getExampleNumber } from 'libphonenumber-js';
import mobileExamples from 'libphonenumber-js/examples.mobile.json';
import { withCheckDigit } from '../../vehicles/index.ts';
import type { NumberType } from './phone-plans.ts';
import { usccAlphabet } from './tax-ids.ts';

/**
 * Values the TypeScript and SQL forms of the record checks are both tried on: valid ones made
 * with the check-digit rules, and broken ones of every kind.
 */

const innWeights = {
  10: [2, 4, 10, 3, 5, 9, 4, 6, 8],
  11: [7, 2, 4, 10, 3, 5, 9, 4, 6, 8],
  12: [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8],
};
function appendInnDigit(base: string, weights: number[]): string {
  const sum = weights.reduce((total, weight, i) => total + weight * Number(base[i]), 0);
  return base + String((sum % 11) % 10);
}
/** An organisation's INN from its first nine digits. */
export const organisationInn = (nine: string) => appendInnDigit(nine, innWeights[10]);
/** An entrepreneur's INN from its first ten digits. */
export const entrepreneurInn = (ten: string) =>
  appendInnDigit(appendInnDigit(ten, innWeights[11]), innWeights[12]);

/** A unified social credit code from its first 17 characters. */
export function creditCode(seventeen: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += usccAlphabet.indexOf(seventeen[i]!) * (3 ** i % 31);
  return seventeen + usccAlphabet[(31 - (sum % 31)) % 31];
}

export const vinCases: { vin: string; modelYear: number | null }[] = [
  // valid: Chinese (L) and North American (1-5) with their check digits and year codes
  { vin: withCheckDigit('LGWB4WRX0MA006142'), modelYear: 2021 },
  { vin: withCheckDigit('LVSHCAMB0PE123456'), modelYear: 2023 },
  { vin: withCheckDigit('LFV2A21K0G3000017'), modelYear: 2016 },
  { vin: withCheckDigit('1HGCM8260A0004352'), modelYear: 2010 },
  { vin: withCheckDigit('1HGCM8260A0004352'), modelYear: 1980 },
  { vin: withCheckDigit('5YJ3E1EA0LF000316'), modelYear: 2020 },
  { vin: withCheckDigit('2T1BURHE0JC000001'), modelYear: null },
  { vin: withCheckDigit('3VWFE21C04M000001'), modelYear: 2004 },
  // Europe and Russia: check digit and year code not required, not judged
  { vin: 'WVWZZZ1KZ8W000001', modelYear: 2008 },
  { vin: 'WDD2120021A123456', modelYear: 2012 },
  { vin: 'XTA210740Y1234567', modelYear: 2000 },
  { vin: 'Z94CT41DBER123456', modelYear: 2019 },
  // broken: wrong check digit, letters never used, wrong length, wrong year code
  { vin: 'LGWB4WRX1MA006142', modelYear: 2021 },
  { vin: '1HGCM82633A004359', modelYear: 2003 },
  { vin: '1HGCM8263OA004352', modelYear: 2010 },
  { vin: 'LGWB4WRXIMA00614', modelYear: null },
  { vin: 'WVWZZZ1KZ8W00000Q', modelYear: null },
  { vin: withCheckDigit('LGWB4WRX0MA006142'), modelYear: 2020 },
  { vin: withCheckDigit('5YJ3E1EA0LF000316'), modelYear: 2019 },
  { vin: withCheckDigit('1HGCM8260U0004352'), modelYear: 2010 },
  { vin: withCheckDigit('LGWB4WRX00A006142'), modelYear: 2021 },
];

export const taxIdCases: { taxId: string; country: string | null }[] = [
  { taxId: organisationInn('770708389'), country: 'RU' },
  { taxId: organisationInn('500100732'), country: null },
  { taxId: entrepreneurInn('5001007322'), country: 'RU' },
  { taxId: entrepreneurInn('7725123456'), country: null },
  { taxId: `77 0708-${organisationInn('770708389').slice(6)}`, country: 'RU' },
  { taxId: creditCode('91350100M000100Y4'), country: 'CN' },
  { taxId: creditCode('9133010633MRA9JT5'), country: null },
  { taxId: creditCode('9111000010000000X').toLowerCase(), country: 'CN' },
  // broken
  { taxId: '7707083894', country: 'RU' },
  { taxId: '500100732258', country: null },
  { taxId: '77070838', country: 'RU' },
  { taxId: 'ИНН нет', country: 'RU' },
  { taxId: '91350100M000100Y42', country: 'CN' },
  { taxId: '91350100M000100I43', country: null },
  { taxId: '123456789', country: 'CN' },
  // other countries, and forms no rule knows: not judged
  { taxId: '123456789012', country: 'KZ' },
  { taxId: 'DE123456789', country: null },
];

export const domainCases = [
  'gmail.com',
  'yandex.ru',
  'ya.ru',
  'mail.ru',
  'qq.com',
  '163.com',
  'foxmail.com',
  'yandex.by',
  'mail.com',
  'hengtongwuliu.com.cn',
  'sh.gov.cn',
  'grandtaxi.ru',
  'gmial.com',
  'gmai.com',
  'gmail.ru',
  'gmail.co',
  'yandex.ry',
  'mail.ry',
  'yandx.ru',
  '163.con',
  'qq.cm',
  'hotmial.com',
  'outlok.com',
  'icloud.co',
  'rambler.ry',
  'localhost',
  'mail',
  'mail.r',
  'mail.123',
  'example.com',
  'test.com',
  'mail..ru',
  '-mail.ru',
  'shop.test',
];

export const addressCases: { country: string; city: string | null; postcode: string | null }[] = [
  { country: 'RU', city: 'Москва', postcode: '119021' },
  { country: 'RU', city: 'г. Москва', postcode: '119 021' },
  { country: 'RU', city: 'МОСКВА', postcode: '141000' },
  { country: 'RU', city: 'Moscow', postcode: '190000' },
  { country: 'RU', city: 'Мытищи', postcode: '141000' },
  { country: 'RU', city: 'Санкт-Петербург', postcode: '198005' },
  { country: 'RU', city: 'St. Petersburg', postcode: '101000' },
  { country: 'RU', city: 'Ростов-на-Дону', postcode: '344000' },
  { country: 'RU', city: 'Нижний  Новгород', postcode: '630000' },
  { country: 'RU', city: 'Екатеринбург', postcode: '62000' },
  { country: 'RU', city: 'Казань', postcode: 'A20000' },
  { country: 'RU', city: null, postcode: '420000' },
  { country: 'RU', city: 'Казань', postcode: null },
  { country: 'CN', city: '上海市', postcode: '200001' },
  { country: 'CN', city: '上海', postcode: '201902' },
  { country: 'CN', city: 'Шанхай', postcode: '200001' },
  { country: 'CN', city: 'Пекин', postcode: '200001' },
  { country: 'CN', city: 'Shanghai', postcode: '100001' },
  { country: 'CN', city: '北京市', postcode: '518000' },
  { country: 'CN', city: '深圳', postcode: '518057' },
  { country: 'CN', city: '重庆', postcode: '404100' },
  { country: 'CN', city: '杭州', postcode: '2000' },
  { country: 'CN', city: '苏州', postcode: '215000' },
  { country: 'DE', city: 'Berlin', postcode: '10115' },
  { country: 'DE', city: 'Berlin', postcode: '101150' },
  { country: 'US', city: 'Boston', postcode: '02118-1234' },
  { country: 'JP', city: 'Tokyo', postcode: '100-0001' },
  { country: 'KZ', city: 'Алматы', postcode: 'A15E3C' },
];

/**
 * A valid number of each type (libphonenumber says so in record-checks.test.ts), none of which
 * any other type of its calling code's countries would take.
 */
export const typedPhoneCases: [NumberType, string][] = [
  ['FIXED_LINE', '+442071838750'],
  ['MOBILE', '+447400123456'],
  ['TOLL_FREE', '+448001234567'],
  ['PREMIUM_RATE', '+449012345678'],
  ['SHARED_COST', '+33810123456'],
  ['VOIP', '+445612345678'],
  ['PERSONAL_NUMBER', '+447012345678'],
  ['PAGER', '+447640123456'],
  ['UAN', '+443012345678'],
  ['VOICEMAIL', '+41860123456789'],
];

export const phoneCases = [
  '+79164821739',
  '+74957035039',
  '+77012345678',
  '+8613812345678',
  '+861012345678',
  '+8657153816286',
  '+12125550123',
  '+375291234567',
  '+75012345678',
  '+7916123456',
  '+791612345678',
  '+861381234567',
  '+8611012345678',
  '+8602112345678',
  '+11125550123',
  '+12121550123',
  // other countries, judged by the lengths of their national numbers
  '+4915112345678',
  '+442071838750',
  '+4420718387501234',
  '+998901234567',
  '+99890123456',
  '+380441234567',
  '+38044123',
  // a non-geographic code: not judged
  '+80012345678',
  // fits a German fixed-line pattern but not Germany's general pattern: refused, so flagged
  '+4949305024246',
  ...typedPhoneCases.map(([, e164]) => e164),
];

/**
 * libphonenumber's example mobile number of every country, and what a typist makes of it: a
 * digit more, a digit less, the first national digit replaced by each other digit. Some of these
 * are valid numbers too; the tests only ask that a flagged one is refused by libphonenumber and
 * that SQL and TypeScript agree.
 */
export function worldPhoneCases(): string[] {
  const cases = new Set<string>();
  for (const country of getCountries()) {
    const example = getExampleNumber(country, mobileExamples);
    if (!example) continue;
    const code = `+${example.countryCallingCode}`;
    const national = String(example.nationalNumber);
    cases.add(code + national);
    cases.add(`${code}${national}5`);
    cases.add(code + national.slice(0, -1));
    for (const digit of '0123456789') cases.add(code + digit + national.slice(1));
  }
  return [...cases];
}
