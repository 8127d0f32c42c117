/**
 * Addresses: the postcode's form in the countries we know for certain, and for the big cities
 * of Russia and China the postcode's leading digits against the city. The quality run compiles
 * these tables into its SQL (quality-sql.ts), and a test holds both forms to the same answers.
 */

/** Postcode forms, as PostgreSQL and JavaScript regular expressions alike (spaces removed). */
export const postcodeFormats: Record<string, string> = {
  RU: '^[0-9]{6}$',
  CN: '^[0-9]{6}$',
  BY: '^[0-9]{6}$',
  DE: '^[0-9]{5}$',
  FR: '^[0-9]{5}$',
  US: '^[0-9]{5}(-[0-9]{4})?$',
  JP: '^[0-9]{3}-?[0-9]{4}$',
};

type CityPostcodes = { country: 'RU' | 'CN'; names: string[]; from: number; to: number };

/**
 * The first three digits of the postcodes of big cities. Moscow city is 101-129 (the 14x codes
 * are the towns of Moscow oblast); where a Chinese city's outer districts use the next block
 * (Tianjin 301, Guangzhou 511, Chengdu 611, Hangzhou 311, Wuhan 431-432, Nanjing 211) the range
 * takes it in, so a real address is never flagged. Names in the local script, Latin and the other
 * market's script (Шанхай, 莫斯科). A city not listed is not judged.
 */
export const cityPostcodes: CityPostcodes[] = [
  { country: 'RU', names: ['Москва', 'Moscow', 'Moskva', '莫斯科'], from: 101, to: 129 },
  {
    country: 'RU',
    names: [
      'Санкт-Петербург',
      'Петербург',
      'СПб',
      'Saint Petersburg',
      'Saint-Petersburg',
      'St Petersburg',
      'St. Petersburg',
      'Sankt-Peterburg',
      '圣彼得堡',
    ],
    from: 190,
    to: 199,
  },
  { country: 'RU', names: ['Новосибирск', 'Novosibirsk', '新西伯利亚'], from: 630, to: 630 },
  {
    country: 'RU',
    names: ['Екатеринбург', 'Yekaterinburg', 'Ekaterinburg'],
    from: 620,
    to: 620,
  },
  { country: 'RU', names: ['Казань', 'Kazan', '喀山'], from: 420, to: 420 },
  {
    country: 'RU',
    names: ['Нижний Новгород', 'Nizhny Novgorod', 'Nizhniy Novgorod'],
    from: 603,
    to: 603,
  },
  { country: 'RU', names: ['Челябинск', 'Chelyabinsk'], from: 454, to: 454 },
  { country: 'RU', names: ['Самара', 'Samara'], from: 443, to: 443 },
  { country: 'RU', names: ['Омск', 'Omsk'], from: 644, to: 644 },
  {
    country: 'RU',
    names: ['Ростов-на-Дону', 'Rostov-on-Don', 'Rostov-na-Donu'],
    from: 344,
    to: 344,
  },
  { country: 'RU', names: ['Уфа', 'Ufa'], from: 450, to: 450 },
  { country: 'RU', names: ['Красноярск', 'Krasnoyarsk'], from: 660, to: 660 },
  { country: 'RU', names: ['Воронеж', 'Voronezh'], from: 394, to: 394 },
  { country: 'RU', names: ['Пермь', 'Perm'], from: 614, to: 614 },
  { country: 'RU', names: ['Волгоград', 'Volgograd'], from: 400, to: 400 },
  { country: 'RU', names: ['Краснодар', 'Krasnodar'], from: 350, to: 350 },
  { country: 'CN', names: ['北京', 'Beijing', 'Peking', 'Пекин'], from: 100, to: 102 },
  { country: 'CN', names: ['上海', 'Shanghai', 'Шанхай'], from: 200, to: 202 },
  { country: 'CN', names: ['天津', 'Tianjin', 'Тяньцзинь'], from: 300, to: 301 },
  { country: 'CN', names: ['重庆', 'Chongqing', 'Чунцин'], from: 400, to: 409 },
  { country: 'CN', names: ['广州', 'Guangzhou', 'Гуанчжоу'], from: 510, to: 511 },
  { country: 'CN', names: ['深圳', 'Shenzhen', 'Шэньчжэнь'], from: 518, to: 518 },
  { country: 'CN', names: ['成都', 'Chengdu', 'Чэнду'], from: 610, to: 611 },
  { country: 'CN', names: ['杭州', 'Hangzhou', 'Ханчжоу'], from: 310, to: 311 },
  { country: 'CN', names: ['武汉', 'Wuhan', 'Ухань'], from: 430, to: 432 },
  { country: 'CN', names: ['西安', 'Xian', "Xi'an", 'Сиань'], from: 710, to: 710 },
  { country: 'CN', names: ['南京', 'Nanjing', 'Нанкин'], from: 210, to: 211 },
];

/**
 * The steps that make a city name comparable, applied in order after lower case and trimming:
 * ё as е, "г." / "город" before the name and "г." / 市 / "city" / "shi" after it dropped, dots
 * and dashes as spaces, runs of spaces as one. Shared by the TypeScript and SQL forms.
 */
export const cityNameSteps: [pattern: string, replacement: string][] = [
  ['ё', 'е'],
  ['^(г[.]|г |город )\\s*', ''],
  ['(\\s+г[.]?|市|\\s+city|\\s+shi)$', ''],
  ['[.‐–—-]', ' '],
  ['\\s+', ' '],
];

export function normalizeCity(city: string): string {
  let name = city.toLowerCase().trim();
  for (const [pattern, replacement] of cityNameSteps)
    name = name.replace(new RegExp(pattern, 'g'), replacement);
  return name.trim();
}

/** Postcodes compared without the spaces people type into them. */
export function normalizePostcode(postcode: string): string {
  return postcode.replace(/\s/g, '');
}

export type AddressProblem = 'invalid_postcode' | 'city_postcode_mismatch';

export function addressProblem(
  country: string,
  city: string | null,
  postcode: string | null,
): AddressProblem | undefined {
  if (postcode === null) return undefined;
  const code = normalizePostcode(postcode);
  const format = postcodeFormats[country];
  if (format && !new RegExp(format).test(code)) return 'invalid_postcode';
  if (city === null || !/^[0-9]{6}$/.test(code)) return undefined;
  const name = normalizeCity(city);
  const known = cityPostcodes.find(
    (entry) => entry.country === country && entry.names.some((n) => normalizeCity(n) === name),
  );
  if (!known) return undefined;
  const prefix = Number(code.slice(0, 3));
  return prefix < known.from || prefix > known.to ? 'city_postcode_mismatch' : undefined;
}
