import type { RoleKey } from '../auth/index.ts';

/**
 * The demo dealer group: an importer of two Chinese brands with dealers in Moscow,
 * St Petersburg and East China. Everything here is invented, except the brand names.
 */
export const demoGroup = {
  name: 'Nord Motors Group',
  country: 'RU',
  currency: 'RUB',
  timezone: 'Europe/Moscow',
};

export const demoBrands = [
  { code: 'GEELY', name: 'Geely' },
  { code: 'HAVAL', name: 'Haval' },
];

export const demoRegions = [
  { code: 'MSK', name: 'Moscow', country: 'RU' },
  { code: 'NW', name: 'North-West', country: 'RU' },
  { code: 'ECN', name: 'East China', country: 'CN' },
];

export type DemoDealer = {
  code: string;
  name: string;
  region: string;
  brands: string[];
  kind: 'dealer' | 'parts_retailer' | 'service_partner';
  country: string;
  city: string;
  postcode: string;
  address: string;
  timezone: string;
  currency: string;
};

const ru = { country: 'RU', timezone: 'Europe/Moscow', currency: 'RUB' };
const cn = { country: 'CN', timezone: 'Asia/Shanghai', currency: 'CNY' };

export const demoDealers: DemoDealer[] = [
  {
    code: 'MSK01',
    name: 'Geely Moscow North',
    region: 'MSK',
    brands: ['GEELY'],
    kind: 'dealer',
    city: 'Москва',
    postcode: '127411',
    address: 'Дмитровское ш., 163',
    ...ru,
  },
  {
    code: 'MSK02',
    name: 'Haval Moscow South',
    region: 'MSK',
    brands: ['HAVAL'],
    kind: 'dealer',
    city: 'Москва',
    postcode: '117545',
    address: 'Варшавское ш., 170',
    ...ru,
  },
  {
    code: 'MSK03',
    name: 'Nord Motors Khimki',
    region: 'MSK',
    brands: ['GEELY', 'HAVAL'],
    kind: 'dealer',
    city: 'Химки',
    postcode: '141400',
    address: 'Ленинградское ш., 31',
    ...ru,
  },
  {
    code: 'SPB01',
    name: 'Geely Saint Petersburg',
    region: 'NW',
    brands: ['GEELY'],
    kind: 'dealer',
    city: 'Санкт-Петербург',
    postcode: '196084',
    address: 'Московский пр., 97',
    ...ru,
  },
  {
    code: 'SPB02',
    name: 'Haval Pulkovo',
    region: 'NW',
    brands: ['HAVAL'],
    kind: 'dealer',
    city: 'Санкт-Петербург',
    postcode: '196210',
    address: 'Пулковское ш., 40',
    ...ru,
  },
  {
    code: 'SPB03',
    name: 'Nord Service Parnas',
    region: 'NW',
    brands: ['GEELY', 'HAVAL'],
    kind: 'service_partner',
    city: 'Санкт-Петербург',
    postcode: '194292',
    address: 'ул. Домостроительная, 4',
    ...ru,
  },
  {
    code: 'SHA01',
    name: '吉利上海浦东4S店',
    region: 'ECN',
    brands: ['GEELY'],
    kind: 'dealer',
    city: '上海',
    postcode: '200120',
    address: '浦东新区张杨路 1000 号',
    ...cn,
  },
  {
    code: 'HGH01',
    name: '哈弗杭州4S店',
    region: 'ECN',
    brands: ['HAVAL'],
    kind: 'dealer',
    city: '杭州',
    postcode: '310000',
    address: '西湖区文三路 200 号',
    ...cn,
  },
  {
    code: 'SHA02',
    name: 'Nord 汽配 上海',
    region: 'ECN',
    brands: ['GEELY', 'HAVAL'],
    kind: 'parts_retailer',
    city: '上海',
    postcode: '200030',
    address: '徐汇区漕溪北路 88 号',
    ...cn,
  },
];

export type DemoUser = {
  email: string;
  name: string;
  role: RoleKey;
  dealer?: string;
  region?: string;
  brand?: string;
  locale: 'en' | 'ru' | 'zh';
};

/** One shared password keeps the demo easy to try; never use it for real data. */
export const demoPassword = 'demo-password';

const groupUsers: DemoUser[] = [
  { email: 'admin@demo.autocrm', name: 'Anna Admin', role: 'group_admin', locale: 'en' },
  {
    email: 'geely.brand@demo.autocrm',
    name: 'Борис Брендов',
    role: 'brand_manager',
    brand: 'GEELY',
    locale: 'ru',
  },
  {
    email: 'haval.brand@demo.autocrm',
    name: '张海',
    role: 'brand_manager',
    brand: 'HAVAL',
    locale: 'zh',
  },
  {
    email: 'msk.region@demo.autocrm',
    name: 'Мария Регионова',
    role: 'region_manager',
    region: 'MSK',
    locale: 'ru',
  },
  {
    email: 'nw.region@demo.autocrm',
    name: 'Никита Северов',
    role: 'region_manager',
    region: 'NW',
    locale: 'ru',
  },
  {
    email: 'ecn.region@demo.autocrm',
    name: '李华',
    role: 'region_manager',
    region: 'ECN',
    locale: 'zh',
  },
  { email: 'crm@demo.autocrm', name: 'Clara CRM', role: 'crm_manager', locale: 'en' },
  { email: 'callcenter@demo.autocrm', name: 'Ольга Звонкова', role: 'call_center', locale: 'ru' },
  { email: 'steward@demo.autocrm', name: 'Dmitry Steward', role: 'data_steward', locale: 'en' },
  { email: 'analyst@demo.autocrm', name: '王分析', role: 'analyst', locale: 'zh' },
];

const russianStaff = [
  ['Сергей Продажин', 'Алексей Смирнов', 'Екатерина Волкова'],
  ['Иван Сервисов'],
  ['Татьяна Менеджерова'],
  ['Елена CRM'],
];
const chineseStaff = [['王强', '刘洋', '陈静'], ['赵磊'], ['孙丽'], ['周敏']];

function dealerUsers(dealer: DemoDealer): DemoUser[] {
  const chinese = dealer.country === 'CN';
  const [sales, service, managers, crm] = chinese ? chineseStaff : russianStaff;
  const locale = chinese ? 'zh' : 'ru';
  const code = dealer.code.toLowerCase();
  const users: DemoUser[] = [
    {
      email: `${code}.manager@demo.autocrm`,
      name: `${managers![0]} (${dealer.code})`,
      role: 'dealer_manager',
      dealer: dealer.code,
      locale,
    },
    {
      email: `${code}.crm@demo.autocrm`,
      name: `${crm![0]} (${dealer.code})`,
      role: 'crm_manager',
      dealer: dealer.code,
      locale,
    },
    {
      email: `${code}.service@demo.autocrm`,
      name: `${service![0]} (${dealer.code})`,
      role: 'service_advisor',
      dealer: dealer.code,
      locale,
    },
  ];
  if (dealer.kind === 'dealer') {
    sales!.forEach((name, index) =>
      users.push({
        email: `${code}.sales${index + 1}@demo.autocrm`,
        name: `${name} (${dealer.code})`,
        role: 'sales_consultant',
        dealer: dealer.code,
        locale,
      }),
    );
  }
  return users;
}

export const demoUsers: DemoUser[] = [...groupUsers, ...demoDealers.flatMap(dealerUsers)];
