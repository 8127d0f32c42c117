import type { CustomerCategory } from '../modules/customers/index.ts';
import { weighted, type Prng } from './prng.ts';
import { chineseCreditCode, russianInn } from './tax-ids.ts';

/**
 * Company customers (seed 001 §1, 002 part II §4): fleets, leasing and rental firms, taxi
 * parks, government bodies, embassies, corporate clients. Names are invented.
 */
export type CompanyProfile = {
  companyName: string;
  legalForm: string | null;
  taxId: string;
  categories: CustomerCategory[];
  /** latin letters for the e-mail domain */
  domain: string;
  /** how many cars such a company keeps with the dealer */
  fleetSize: number;
};

const companyKinds = weighted({
  fleet: 26,
  corporate: 22,
  leasing: 12,
  taxi: 12,
  rental: 9,
  government: 8,
  insurance: 4,
  supplier: 4,
  diplomatic: 3,
});

const ruStems = [
  ['Север', 'sever'],
  ['Восток', 'vostok'],
  ['Альфа', 'alfa'],
  ['Вектор', 'vector'],
  ['Гранд', 'grand'],
  ['Стрела', 'strela'],
  ['Прайм', 'prime'],
  ['Балт', 'balt'],
  ['Нева', 'neva'],
  ['Урал', 'ural'],
  ['Сибирь', 'sibir'],
  ['Орион', 'orion'],
  ['Меридиан', 'meridian'],
  ['Профи', 'profi'],
  ['Магистраль', 'magistral'],
] as const;

const ruEndings: Record<string, readonly (readonly [string, string])[]> = {
  fleet: [
    ['Логистик', 'logistic'],
    ['Транс', 'trans'],
    ['Экспресс', 'express'],
  ],
  corporate: [
    ['Строй', 'stroy'],
    ['Трейд', 'trade'],
    ['Инвест', 'invest'],
    ['Пром', 'prom'],
    ['Техника', 'tech'],
  ],
  leasing: [['Лизинг', 'leasing']],
  taxi: [['Такси', 'taxi']],
  rental: [['Рент', 'rent']],
  insurance: [['Страхование', 'insurance']],
  supplier: [['Автокомпонент', 'autocomp']],
};

const embassies = [
  ['Посольство Республики Казахстан', 'kz-embassy'],
  ['Посольство Республики Индия', 'in-embassy'],
  ['Посольство Королевства Таиланд', 'th-embassy'],
  ['Посольство Федеративной Республики Бразилия', 'br-embassy'],
  ['Посольство Республики Армения', 'am-embassy'],
] as const;

const russianGovernment = [
  ['Автобаза Управления делами', 'autobaza'],
  ['Дирекция транспортного обслуживания', 'dto'],
  ['Служба скорой помощи', 'ambulance'],
  ['Управление благоустройства', 'blago'],
] as const;

/** Tax office codes of the dealer's area (the first four INN digits). */
const taxOffices: Record<string, readonly string[]> = {
  MSK: ['7701', '7705', '7710', '7714', '7718', '7722', '7727', '7730', '7736', '7743', '5047'],
  NW: ['7801', '7802', '7805', '7810', '7813', '7816', '7820', '7830', '7842', '4703'],
};

export function russianCompany(rng: Prng, regionCode: string): CompanyProfile {
  const kind = companyKinds.pick(rng);
  const taxId = russianInn(rng, rng.pick(taxOffices[regionCode] ?? taxOffices.MSK!));
  if (kind === 'diplomatic') {
    const [name, domain] = rng.pick(embassies);
    // foreign missions are registered at the special tax office 9909
    return {
      companyName: name,
      legalForm: null,
      taxId: russianInn(rng, '9909'),
      categories: ['diplomatic'],
      domain: `${domain}.ru`,
      fleetSize: rng.int(1, 3),
    };
  }
  if (kind === 'government') {
    const [name, domain] = rng.pick(russianGovernment);
    return {
      companyName: name,
      legalForm: rng.chance(0.5) ? 'ГБУ' : 'ГКУ',
      taxId,
      categories: ['government'],
      domain: `${domain}${rng.int(1, 99)}.gov.ru`,
      fleetSize: rng.int(1, 4),
    };
  }
  const [stem, latinStem] = rng.pick(ruStems);
  const [ending, latinEnding] = rng.pick(ruEndings[kind] ?? ruEndings.corporate!);
  const legalForm = rng.chance(0.78) ? 'ООО' : rng.chance(0.8) ? 'АО' : 'ПАО';
  return {
    companyName: `${stem}${ending.toLowerCase()}`,
    legalForm,
    taxId,
    categories: categoriesFor(rng, kind),
    domain: `${latinStem}${latinEnding}.ru`,
    fleetSize: fleetSize(rng, kind),
  };
}

const zhStems = [
  ['浦江', 'pujiang'],
  ['东方', 'dongfang'],
  ['申通', 'shentong'],
  ['西湖', 'xihu'],
  ['钱塘', 'qiantang'],
  ['恒通', 'hengtong'],
  ['华远', 'huayuan'],
  ['金桥', 'jinqiao'],
  ['长江', 'changjiang'],
  ['明珠', 'mingzhu'],
] as const;

const zhEndings: Record<string, readonly (readonly [string, string])[]> = {
  fleet: [['物流', 'wuliu']],
  corporate: [
    ['科技', 'keji'],
    ['贸易', 'maoyi'],
    ['建设', 'jianshe'],
    ['电子', 'dianzi'],
  ],
  leasing: [['融资租赁', 'zulin']],
  taxi: [['出租汽车', 'taxi']],
  rental: [['汽车租赁', 'zuche']],
  insurance: [['保险代理', 'baoxian']],
  supplier: [['汽车零部件', 'lingbujian']],
};

/** Administrative division codes used in credit codes. */
const divisions: Record<string, readonly [string, string]> = {
  SHA: ['上海', '310115'],
  HGH: ['杭州', '330106'],
};

export function chineseCompany(rng: Prng, dealerCode: string): CompanyProfile {
  const kind = companyKinds.pick(rng);
  const [city, division] = divisions[dealerCode.slice(0, 3)] ?? divisions.SHA!;
  if (kind === 'government' || kind === 'diplomatic') {
    return {
      companyName: `${city}市${rng.pick(['机关事务管理局', '城市管理局', '交通运输局', '公安局'])}`,
      legalForm: null,
      taxId: chineseCreditCode(rng, division, '11'),
      categories: ['government'],
      domain: `${city === '上海' ? 'sh' : 'hz'}.gov.cn`,
      fleetSize: rng.int(1, 4),
    };
  }
  const [stem, latinStem] = rng.pick(zhStems);
  const [ending, latinEnding] = rng.pick(zhEndings[kind] ?? zhEndings.corporate!);
  return {
    companyName: `${city}${stem}${ending}`,
    legalForm: rng.chance(0.85) ? '有限公司' : '股份有限公司',
    taxId: chineseCreditCode(rng, division),
    categories: categoriesFor(rng, kind),
    domain: `${latinStem}${latinEnding}.com.cn`,
    fleetSize: fleetSize(rng, kind),
  };
}

function categoriesFor(rng: Prng, kind: string): CustomerCategory[] {
  const main = kind as CustomerCategory;
  if (kind === 'corporate' && rng.chance(0.25)) return ['corporate', 'vip'];
  if ((kind === 'taxi' || kind === 'rental') && rng.chance(0.5)) return [main, 'fleet'];
  return [main];
}

function fleetSize(rng: Prng, kind: string): number {
  if (kind === 'fleet' || kind === 'taxi' || kind === 'rental' || kind === 'leasing') {
    return rng.int(2, 4);
  }
  return rng.int(1, 2);
}
