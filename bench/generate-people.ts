/**
 * A synthetic customer list for the de-duplication tests: Russian, Chinese and English people,
 * a share of them entered again with the errors real lists have (transliteration, pinyin,
 * diminutives, swapped names, day/month swaps, other phone formats, typos, missing fields),
 * and households sharing surname, address and phone. The `person` column is the truth.
 *
 * Names and cities follow long-tailed (Zipf-like) frequencies over large pools (see
 * people/name-pools.ts): a few very common names and thousands of rare ones, as in a real
 * base. With pools of 15-30 names, thousands of different people shared name, city and birth
 * date at a million records, which no matcher can tell apart.
 *
 *   npx tsx bench/generate-people.ts --records 1000000 --out /tmp/people-1m.csv [--seed 1]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { pinyin } from 'pinyin-pro';
import { randomSource } from '../src/modules/quality/matching/dedupe.ts';
import { cyrillicToLatin } from '../src/lib/transliterate.ts';
import {
  enFemale,
  enMale,
  enShort,
  enSurnames,
  ruFemale,
  ruMale,
  ruShort,
  ruSurnames,
  zhGivenCharacters,
  zhSurnames,
} from './people/name-pools.ts';
import {
  enCities,
  enStreets,
  ruCities,
  ruStreets,
  zhCities,
  zhStreets,
} from './people/place-pools.ts';
import { zipfPicker } from './people/zipf.ts';

const { values: options } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    out: { type: 'string', default: '/tmp/people.csv' },
    seed: { type: 'string', default: '1' },
  },
});
const total = Number(options.records);
const random = randomSource(Number(options.seed));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
// The pools' order is fixed (their own seed), so a name's rank is the same for every --seed.
const poolRandom = randomSource(20261204);
// Flatten values put the heads near real shares: Александр ~7 % of men, Иванов ~1.2 %,
// 王 ~7 % of Chinese, Smith ~1.2 %, the capital ~10 % of a country's customers.
const draw = {
  ruMale: zipfPicker(ruMale, random, { flatten: 5 }),
  ruFemale: zipfPicker(ruFemale, random, { flatten: 5 }),
  ruSurname: zipfPicker(ruSurnames(poolRandom), random, { flatten: 12 }),
  zhSurname: zipfPicker(zhSurnames, random, { flatten: 3 }),
  zhCharacter: zipfPicker(zhGivenCharacters, random, { flatten: 8 }),
  enMale: zipfPicker(enMale, random, { flatten: 15 }),
  enFemale: zipfPicker(enFemale, random, { flatten: 15 }),
  enSurname: zipfPicker(enSurnames(poolRandom), random, { flatten: 18 }),
  ruCity: zipfPicker(ruCities(poolRandom), random, { flatten: 1 }),
  zhCity: zipfPicker(zhCities(poolRandom), random, { flatten: 2 }),
  enCity: zipfPicker(enCities(poolRandom), random, { flatten: 1 }),
  ruStreet: zipfPicker(ruStreets(poolRandom), random, { flatten: 5 }),
  zhStreet: zipfPicker(zhStreets(poolRandom), random, { flatten: 5 }),
  enStreet: zipfPicker(enStreets(poolRandom), random, { flatten: 5 }),
};

type Locale = 'ru' | 'zh' | 'en';

type Person = {
  person: number;
  locale: Locale;
  male: boolean;
  first: string;
  last: string;
  /** the family's surname in both genders (Russian surnames change with it) */
  family: readonly [string, string];
  birth: [number, number, number];
  phone: string;
  email: string;
  address: string;
  city: string;
  full?: string;
};

const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
const pad = (n: number) => String(n).padStart(2, '0');
const capital = (text: string) => text.replace(/^./, (c) => c.toUpperCase());
const latin = (text: string) => cyrillicToLatin(text, 'everyday').toLowerCase();

function givenName(locale: Locale, male: boolean): string {
  if (locale === 'ru') return male ? draw.ruMale() : draw.ruFemale();
  if (locale === 'en') return male ? draw.enMale() : draw.enFemale();
  // A quarter of Chinese given names are one character, the rest two.
  return random() < 0.25 ? draw.zhCharacter() : `${draw.zhCharacter()}${draw.zhCharacter()}`;
}

function familyName(locale: Locale): readonly [string, string] {
  if (locale === 'ru') return draw.ruSurname();
  const name = locale === 'zh' ? draw.zhSurname() : draw.enSurname();
  return [name, name];
}

function newPerson(id: number, locale: Locale = pick(['ru', 'ru', 'zh', 'en'] as const)): Person {
  const male = random() < 0.5;
  const family = familyName(locale);
  const first = givenName(locale, male);
  const last = male ? family[0] : family[1];
  const birth: [number, number, number] = [
    1940 + Math.floor(random() * 65),
    1 + Math.floor(random() * 12),
    1 + Math.floor(random() * 28),
  ];
  const base = { person: id, locale, male, first, last, family, birth };
  // E-mails carry the name, as people choose them, and a number that keeps them unique.
  const tag = id.toString(36);
  if (locale === 'ru') {
    return {
      ...base,
      phone: `+7 9${digits(2)} ${digits(3)}-${digits(2)}-${digits(2)}`,
      email: `${latin(first)}.${latin(last)}.${tag}@${pick(['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru'])}`,
      address: `${draw.ruStreet()}, д. ${1 + Math.floor(random() * 150)}, кв. ${1 + Math.floor(random() * 300)}`,
      city: draw.ruCity(),
    };
  }
  if (locale === 'zh') {
    return {
      ...base,
      phone: `+86 1${pick(['3', '5', '8'])}${digits(1)} ${digits(4)} ${digits(4)}`,
      email: random() < 0.5 ? `${100000 + id}@qq.com` : '',
      address: `${draw.zhStreet()}${1 + Math.floor(random() * 500)}号`,
      city: draw.zhCity(),
    };
  }
  return {
    ...base,
    phone: `+44 7${digits(3)} ${digits(6)}`,
    email: `${first.toLowerCase()}.${last.toLowerCase()}.${tag}@${pick(['gmail.com', 'outlook.com', 'example.co.uk'])}`,
    address: `${1 + Math.floor(random() * 200)} ${draw.enStreet()}`,
    city: draw.enCity(),
  };
}

function typo(text: string): string {
  if (text.length < 3) return text;
  const at = 1 + Math.floor(random() * (text.length - 2));
  return text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2);
}

const toPinyin = (text: string) =>
  capital(pinyin(text, { toneType: 'none', type: 'array' }).join(''));

/** Another entry of the same person, written the way another dealer or list would. */
function variant(p: Person): Person {
  const copy = { ...p, birth: [...p.birth] as [number, number, number] };
  const roll = random();
  if (p.locale === 'ru') {
    if (roll < 0.3) {
      copy.first = capital(cyrillicToLatin(p.first, 'everyday'));
      copy.last = capital(cyrillicToLatin(p.last, 'passport'));
    } else if (roll < 0.5 && ruShort[p.first]) copy.first = ruShort[p.first]!;
    else if (roll < 0.6) [copy.first, copy.last] = [p.last, p.first];
    else if (roll < 0.7) copy.last = typo(p.last);
    copy.phone = random() < 0.5 ? `8${p.phone.slice(2).replace(/[\s-]/g, '')}` : p.phone;
  } else if (p.locale === 'zh') {
    if (roll < 0.4) {
      copy.first = '';
      copy.last = '';
      copy.full = `${p.last}${p.first}`;
    } else if (roll < 0.6) [copy.first, copy.last] = [p.last, p.first];
    else if (roll < 0.8) {
      copy.first = toPinyin(p.first);
      copy.last = toPinyin(p.last);
    }
    copy.phone = p.phone.replace('+86 ', '').replace(/\s/g, '');
  } else {
    if (roll < 0.3 && enShort[p.first]) copy.first = enShort[p.first]!;
    else if (roll < 0.5) copy.last = typo(p.last);
  }
  if (random() < 0.15 && p.birth[2] <= 12) copy.birth = [p.birth[0], p.birth[2], p.birth[1]];
  if (random() < 0.2) copy.email = '';
  if (random() < 0.3) copy.address = '';
  if (random() < 0.2) copy.phone = '';
  return copy;
}

/** A spouse or child: same family name, address, phone; another first name and birth date. */
function relative(p: Person, id: number): Person {
  const other = newPerson(id, p.locale);
  return {
    ...other,
    family: p.family,
    last: other.male ? p.family[0] : p.family[1],
    address: p.address,
    phone: p.phone,
    city: p.city,
    email: '',
  };
}

const cell = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const stream = createWriteStream(options.out);
stream.write('id,person,first_name,last_name,full_name,birth_date,phone,email,address,city\n');
let written = 0;
let personId = 0;
async function write(p: Person) {
  const [y, m, d] = p.birth;
  const date = random() < 0.5 ? `${y}-${pad(m)}-${pad(d)}` : `${pad(d)}.${pad(m)}.${y}`;
  const line = [
    `r${written + 1}`,
    String(p.person),
    p.first,
    p.last,
    p.full ?? '',
    date,
    p.phone,
    p.email,
    p.address,
    p.city,
  ]
    .map(cell)
    .join(',');
  written++;
  if (!stream.write(`${line}\n`)) await once(stream, 'drain');
}
while (written < total) {
  const person = newPerson(personId++);
  await write(person);
  // About 30% of people come again (once to three times); 10% have a relative in the list.
  if (random() < 0.3)
    for (let copies = 1 + Math.floor(random() * 3); copies > 0 && written < total; copies--)
      await write(variant(person));
  if (random() < 0.1 && written < total) await write(relative(person, personId++));
}
stream.end();
await once(stream, 'finish');
console.error(`${written} records of ${personId} people written to ${options.out}`);
