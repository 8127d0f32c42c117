import { Weighted, type Prng } from './prng.ts';

/**
 * Where the customers of each demo dealer live: real towns of the dealer's area with their
 * postcode ranges, street names, car plate region codes and landline area codes.
 * Chinese addresses carry the district in the street line, as they are written there.
 */
export type Town = {
  city: string;
  region: string;
  /** inclusive postcode ranges */
  postcodes: readonly (readonly [number, number])[];
  streets: readonly string[];
  /** RU: the region numbers on plates; CN: the plate prefix (province character + letter) */
  plates: readonly string[];
  /** landline: country code, area code and the digits a local number starts with */
  landline: { area: string; length: number; leading: string };
  /** CN: districts written before the street */
  districts?: readonly string[];
};

export type Area = { country: 'RU' | 'CN'; towns: Weighted<Town> };

const moscowStreets = [
  'ул. Профсоюзная',
  'Ленинский пр-т',
  'ул. Тверская',
  'Кутузовский пр-т',
  'ул. Академика Королёва',
  'Дмитровское ш.',
  'ул. Вавилова',
  'ул. Новослободская',
  'Варшавское ш.',
  'ул. Маршала Жукова',
  'Мичуринский пр-т',
  'ул. Большая Черкизовская',
  'Каширское ш.',
  'ул. Миклухо-Маклая',
  'ул. Бутлерова',
  'Пятницкое ш.',
  'ул. Фестивальная',
  'ул. Беломорская',
  'Алтуфьевское ш.',
  'ул. Лобненская',
  'ул. Островитянова',
  'Рязанский пр-т',
];
const townStreets = [
  'ул. Ленина',
  'ул. Гагарина',
  'ул. Советская',
  'ул. Мира',
  'ул. Молодёжная',
  'ул. Центральная',
  'ул. Школьная',
  'ул. Садовая',
  'ул. Лесная',
  'ул. Набережная',
  'пр-т Мира',
  'ул. Победы',
  'ул. Комсомольская',
  'ул. Пушкина',
  'ул. Октябрьская',
  'ул. Строителей',
];
const petersburgStreets = [
  'Невский пр-т',
  'Московский пр-т',
  'ул. Савушкина',
  'Гражданский пр-т',
  'пр-т Просвещения',
  'Ленинский пр-т',
  'ул. Типанова',
  'пр-т Энгельса',
  'Лиговский пр-т',
  'ул. Марата',
  'Каменноостровский пр-т',
  'ул. Бухарестская',
  'пр-т Ветеранов',
  'Комендантский пр-т',
  'Индустриальный пр-т',
  'ул. Дыбенко',
  'Пулковское ш.',
  'ул. Ярослава Гашека',
];

const moscowPlates = ['77', '97', '99', '177', '197', '199', '777', '797', '799', '977'];
const moscowRegionPlates = ['50', '90', '150', '190', '750', '790'];
const petersburgPlates = ['78', '98', '178', '198'];
const leningradRegionPlates = ['47', '147'];

const moscowLandline = { area: '+7495', length: 7, leading: '123456789' };
const moscowRegionLandline = { area: '+7498', length: 7, leading: '123456789' };
const petersburgLandline = { area: '+7812', length: 7, leading: '2345679' };
const leningradLandline = { area: '+7813', length: 7, leading: '2345679' };

const moscow: Town = {
  city: 'Москва',
  region: 'Москва',
  postcodes: [
    [101000, 109544],
    [111020, 119634],
    [121059, 129626],
  ],
  streets: moscowStreets,
  plates: moscowPlates,
  landline: moscowLandline,
};

function moscowRegionTown(city: string, from: number, to: number): Town {
  return {
    city,
    region: 'Московская область',
    postcodes: [[from, to]],
    streets: townStreets,
    plates: moscowRegionPlates,
    landline: moscowRegionLandline,
  };
}

const zelenograd: Town = {
  city: 'Зеленоград',
  region: 'Москва',
  postcodes: [[124460, 124498]],
  streets: ['Панфиловский пр-т', 'Центральный пр-т', 'Савёлкинский пр-д', 'ул. Юности'],
  plates: moscowPlates,
  landline: moscowLandline,
};

const petersburg: Town = {
  city: 'Санкт-Петербург',
  region: 'Санкт-Петербург',
  postcodes: [
    [190000, 191194],
    [192007, 199406],
  ],
  streets: petersburgStreets,
  plates: petersburgPlates,
  landline: petersburgLandline,
};

function petersburgSuburb(city: string, from: number, to: number, region: string): Town {
  const leningrad = region === 'Ленинградская область';
  return {
    city,
    region,
    postcodes: [[from, to]],
    streets: townStreets,
    plates: leningrad ? leningradRegionPlates : petersburgPlates,
    landline: leningrad ? leningradLandline : petersburgLandline,
  };
}

const shanghaiDistricts: [string, number, number][] = [
  ['浦东新区', 200120, 200137],
  ['徐汇区', 200030, 200032],
  ['闵行区', 201100, 201108],
  ['静安区', 200040, 200041],
  ['黄浦区', 200001, 200011],
  ['长宁区', 200050, 200051],
  ['普陀区', 200333, 200335],
  ['杨浦区', 200082, 200093],
  ['宝山区', 201900, 201908],
  ['嘉定区', 201800, 201810],
  ['松江区', 201600, 201620],
];

function shanghai(districts: string[]): Town {
  const chosen = shanghaiDistricts.filter(([name]) => districts.includes(name));
  return {
    city: '上海',
    region: '上海市',
    postcodes: chosen.map(([, from, to]) => [from, to] as const),
    districts: chosen.map(([name]) => name),
    streets:
      '张杨路 世纪大道 南京西路 淮海中路 漕溪北路 衡山路 长宁路 虹桥路 延安西路 四平路 中山北路 浦东南路 金科路 龙华中路 宜山路 沪闵路 莘庄路 七莘路'.split(
        ' ',
      ),
    plates: ['沪A', '沪B', '沪C', '沪D', '沪E', '沪F', '沪G', '沪H', '沪J', '沪K', '沪L', '沪N'],
    landline: { area: '+8621', length: 8, leading: '56' },
  };
}

const hangzhou: Town = {
  city: '杭州',
  region: '浙江省',
  postcodes: [
    [310002, 310015],
    [310051, 310053],
    [311100, 311121],
    [311200, 311215],
  ],
  districts: ['西湖区', '上城区', '拱墅区', '滨江区', '萧山区', '余杭区'],
  streets:
    '文三路 文二路 延安路 解放路 庆春路 凤起路 天目山路 莫干山路 滨盛路 江南大道 金城路 文一西路 古墩路 余杭塘路 体育场路'.split(
      ' ',
    ),
  plates: ['浙A'],
  landline: { area: '+86571', length: 8, leading: '58' },
};

function chineseTown(
  city: string,
  region: string,
  from: number,
  to: number,
  plate: string,
  area: string,
): Town {
  return {
    city,
    region,
    postcodes: [[from, to]],
    districts: [''],
    streets: '人民路 中山路 解放路 建设路 新华路 和平路 胜利路 文化路 东环路 南湖路'.split(' '),
    plates: [plate],
    landline: { area, length: 8, leading: '5678' },
  };
}

const suzhou = chineseTown('苏州', '江苏省', 215000, 215128, '苏E', '+86512');
const kunshan = chineseTown('昆山', '江苏省', 215300, 215337, '苏E', '+86512');
const jiaxing = chineseTown('嘉兴', '浙江省', 314000, 314033, '浙F', '+86573');
const shaoxing = chineseTown('绍兴', '浙江省', 312000, 312099, '浙D', '+86575');

const areas: Record<string, Area> = {
  MSK01: {
    country: 'RU',
    towns: new Weighted([
      [moscow, 72],
      [moscowRegionTown('Химки', 141400, 141421), 6],
      [moscowRegionTown('Мытищи', 141000, 141021), 6],
      [moscowRegionTown('Долгопрудный', 141700, 141707), 4],
      [moscowRegionTown('Лобня', 141730, 141737), 3],
      [moscowRegionTown('Королёв', 141070, 141091), 5],
      [zelenograd, 4],
    ]),
  },
  MSK02: {
    country: 'RU',
    towns: new Weighted([
      [moscow, 70],
      [moscowRegionTown('Подольск', 142100, 142119), 9],
      [moscowRegionTown('Видное', 142700, 142704), 6],
      [moscowRegionTown('Домодедово', 142000, 142005), 5],
      [moscowRegionTown('Люберцы', 140000, 140015), 6],
      [moscowRegionTown('Балашиха', 143900, 143989), 4],
    ]),
  },
  MSK03: {
    country: 'RU',
    towns: new Weighted([
      [moscowRegionTown('Химки', 141400, 141421), 38],
      [moscow, 34],
      [zelenograd, 9],
      [moscowRegionTown('Солнечногорск', 141500, 141506), 6],
      [moscowRegionTown('Красногорск', 143400, 143409), 8],
      [moscowRegionTown('Долгопрудный', 141700, 141707), 5],
    ]),
  },
  SPB: {
    country: 'RU',
    towns: new Weighted([
      [petersburg, 80],
      [petersburgSuburb('Пушкин', 196600, 196634, 'Санкт-Петербург'), 4],
      [petersburgSuburb('Колпино', 196650, 196657, 'Санкт-Петербург'), 3],
      [petersburgSuburb('Петергоф', 198510, 198520, 'Санкт-Петербург'), 2],
      [petersburgSuburb('Всеволожск', 188640, 188645, 'Ленинградская область'), 3],
      [petersburgSuburb('Гатчина', 188300, 188309, 'Ленинградская область'), 3],
      [petersburgSuburb('Мурино', 188660, 188662, 'Ленинградская область'), 3],
      [petersburgSuburb('Кудрово', 188689, 188691, 'Ленинградская область'), 2],
    ]),
  },
  SHA: {
    country: 'CN',
    towns: new Weighted([
      [shanghai(['浦东新区', '杨浦区', '黄浦区', '静安区', '宝山区', '闵行区', '徐汇区']), 85],
      [suzhou, 5],
      [kunshan, 5],
      [jiaxing, 5],
    ]),
  },
  HGH: {
    country: 'CN',
    towns: new Weighted([
      [hangzhou, 85],
      [shaoxing, 6],
      [jiaxing, 5],
      [suzhou, 4],
    ]),
  },
};

/** The area of a dealer: its own entry, else the one of its city (SPB02 -> SPB). */
export function areaOf(dealerCode: string): Area {
  return areas[dealerCode] ?? areas[dealerCode.slice(0, 3)] ?? areas.MSK01!;
}

export function postcode(rng: Prng, town: Town): string {
  const [from, to] = rng.pick(town.postcodes);
  return String(rng.int(from, to));
}

export type StreetAddress = { street: string; building: string; apartment: string | null };

export function streetAddress(rng: Prng, town: Town, country: 'RU' | 'CN'): StreetAddress {
  const street = rng.pick(town.streets);
  if (country === 'CN') {
    const district = town.districts ? rng.pick(town.districts) : '';
    return {
      street: `${district}${street}`,
      building: `${rng.int(1, 1500)}号`,
      apartment: `${rng.int(1, 30)}栋${rng.int(1, 32)}0${rng.int(1, 8)}室`,
    };
  }
  const house = rng.int(1, 180);
  const roll = rng.float();
  const building =
    roll < 0.2 ? `${house}к${rng.int(1, 5)}` : roll < 0.27 ? `${house}А` : `${house}`;
  // one in eight lives in a house of his own, without a flat number
  return { street, building, apartment: rng.chance(0.12) ? null : String(rng.int(1, 420)) };
}
