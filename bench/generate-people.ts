/**
 * A synthetic customer list for the de-duplication speed test: Russian, Chinese and English
 * people, a share of them entered again with the errors real lists have (transliteration,
 * diminutives, swapped names, day/month swaps, other phone formats, typos, missing fields),
 * and households sharing surname, address and phone. The `person` column is the truth.
 *
 *   npx tsx bench/generate-people.ts --records 1000000 --out /tmp/people-1m.csv [--seed 1]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { randomSource } from '../src/modules/quality/matching/dedupe.ts';
import { cyrillicToLatin } from '../src/lib/transliterate.ts';

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

const ruMale = [
  'Александр',
  'Сергей',
  'Дмитрий',
  'Андрей',
  'Алексей',
  'Иван',
  'Михаил',
  'Николай',
  'Владимир',
  'Павел',
  'Евгений',
  'Игорь',
  'Олег',
  'Роман',
  'Максим',
];
const ruMaleShort: Record<string, string> = {
  Александр: 'Саша',
  Сергей: 'Серёжа',
  Дмитрий: 'Дима',
  Алексей: 'Лёша',
  Иван: 'Ваня',
  Михаил: 'Миша',
  Николай: 'Коля',
  Владимир: 'Вова',
  Павел: 'Паша',
  Евгений: 'Женя',
};
const ruFemale = [
  'Елена',
  'Ольга',
  'Наталья',
  'Татьяна',
  'Мария',
  'Анна',
  'Екатерина',
  'Ирина',
  'Светлана',
  'Юлия',
];
const ruSurnames = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
  'Алексеев',
  'Лебедев',
  'Семёнов',
  'Егоров',
  'Павлов',
  'Козлов',
  'Степанов',
  'Николаев',
  'Орлов',
  'Андреев',
  'Макаров',
  'Никитин',
  'Захаров',
  'Зайцев',
  'Соловьёв',
  'Борисов',
  'Яковлев',
  'Григорьев',
];
const zhSurnames = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
];
const zhGiven = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '华',
  '平',
];
const enGiven = [
  'James',
  'Robert',
  'John',
  'Michael',
  'William',
  'David',
  'Richard',
  'Thomas',
  'Mary',
  'Elizabeth',
  'Jennifer',
  'Linda',
  'Susan',
  'Sarah',
  'Karen',
];
const enShort: Record<string, string> = {
  Robert: 'Bob',
  William: 'Bill',
  Michael: 'Mike',
  Richard: 'Rick',
  Thomas: 'Tom',
  Elizabeth: 'Liz',
  Jennifer: 'Jen',
  Susan: 'Sue',
};
const enSurnames = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
];
const ruStreets = [
  'ул. Ленина',
  'ул. Мира',
  'пр. Победы',
  'ул. Гагарина',
  'ул. Садовая',
  'ул. Советская',
];
const zhStreets = ['建国路', '人民路', '解放路', '中山路', '世纪大道'];
const enStreets = ['High Street', 'Station Road', 'Church Lane', 'Park Avenue', 'Victoria Road'];
const ruCities = ['Москва', 'Санкт-Петербург', 'Казань', 'Новосибирск', 'Екатеринбург'];
const zhCities = ['北京', '上海', '广州', '深圳', '成都'];
const enCities = ['London', 'Leeds', 'Bristol', 'Manchester', 'Cardiff'];

type Person = {
  person: number;
  locale: 'ru' | 'zh' | 'en';
  first: string;
  last: string;
  birth: [number, number, number];
  phone: string;
  email: string;
  address: string;
  city: string;
};

const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
const pad = (n: number) => String(n).padStart(2, '0');

function newPerson(id: number): Person {
  const locale = pick(['ru', 'ru', 'zh', 'en'] as const);
  const birth: [number, number, number] = [
    1940 + Math.floor(random() * 65),
    1 + Math.floor(random() * 12),
    1 + Math.floor(random() * 28),
  ];
  if (locale === 'ru') {
    const male = random() < 0.5;
    const last = pick(ruSurnames);
    const first = male ? pick(ruMale) : pick(ruFemale);
    return {
      person: id,
      locale,
      first,
      last: male ? last : `${last}а`,
      birth,
      phone: `+7 9${digits(2)} ${digits(3)}-${digits(2)}-${digits(2)}`,
      email: `${cyrillicToLatin(first, 'everyday')}.${id}@mail.ru`,
      address: `${pick(ruStreets)}, д. ${1 + Math.floor(random() * 150)}, кв. ${1 + Math.floor(random() * 300)}`,
      city: pick(ruCities),
    };
  }
  if (locale === 'zh') {
    return {
      person: id,
      locale,
      first: pick(zhGiven),
      last: pick(zhSurnames),
      birth,
      phone: `+86 1${pick(['3', '5', '8'])}${digits(1)} ${digits(4)} ${digits(4)}`,
      email: random() < 0.5 ? `${100000 + id}@qq.com` : '',
      address: `${pick(zhStreets)}${1 + Math.floor(random() * 500)}号`,
      city: pick(zhCities),
    };
  }
  const first = pick(enGiven);
  const last = pick(enSurnames);
  return {
    person: id,
    locale,
    first,
    last,
    birth,
    phone: `+44 7${digits(3)} ${digits(6)}`,
    email: `${first.toLowerCase()}.${last.toLowerCase()}${id}@example.com`,
    address: `${1 + Math.floor(random() * 200)} ${pick(enStreets)}`,
    city: pick(enCities),
  };
}

function typo(text: string): string {
  if (text.length < 3) return text;
  const at = 1 + Math.floor(random() * (text.length - 2));
  return text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2);
}

/** Another entry of the same person, written the way another dealer or list would. */
function variant(p: Person): Person {
  const copy = { ...p, birth: [...p.birth] as [number, number, number] };
  const roll = random();
  if (p.locale === 'ru') {
    if (roll < 0.3) {
      copy.first = cyrillicToLatin(p.first, 'everyday').replace(/^./, (c) => c.toUpperCase());
      copy.last = cyrillicToLatin(p.last, 'passport').replace(/^./, (c) => c.toUpperCase());
    } else if (roll < 0.5 && ruMaleShort[p.first]) copy.first = ruMaleShort[p.first]!;
    else if (roll < 0.6) [copy.first, copy.last] = [p.last, p.first];
    else if (roll < 0.7) copy.last = typo(p.last);
    copy.phone = random() < 0.5 ? `8${p.phone.slice(2).replace(/[\s-]/g, '')}` : p.phone;
  } else if (p.locale === 'zh') {
    if (roll < 0.5) {
      copy.first = '';
      copy.last = '';
      (copy as Person & { full?: string }).full = `${p.last}${p.first}`;
    } else if (roll < 0.8) [copy.first, copy.last] = [p.last, p.first];
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

/** A spouse or child: same surname, address, phone; another first name and birth date. */
function relative(p: Person, id: number): Person {
  const other = newPerson(id);
  return {
    ...other,
    locale: p.locale,
    last: p.last,
    address: p.address,
    phone: p.phone,
    city: p.city,
    first:
      p.locale === 'ru'
        ? pick([...ruMale, ...ruFemale])
        : p.locale === 'zh'
          ? pick(zhGiven)
          : pick(enGiven),
    email: '',
  };
}

const cell = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const stream = createWriteStream(options.out);
stream.write('id,person,first_name,last_name,full_name,birth_date,phone,email,address,city\n');
let written = 0;
let personId = 0;
async function write(p: Person & { full?: string }) {
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
