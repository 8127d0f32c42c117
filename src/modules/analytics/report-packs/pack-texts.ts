import type { Locale } from '../../../auth/index.ts';
import type { PackMetric } from './pack-figures.ts';

/** The mail's words in the recipient's language (the web page has its own, through i18next). */
export type PackTexts = {
  subject: string;
  title: string;
  intro: string;
  metric: string;
  thisWeek: string;
  previousWeek: string;
  change: string;
  nowOnly: string;
  asOf: string;
  notComputed: string;
  perDealer: string;
  dealer: string;
  users: string;
  noDealer: string;
  attachment: string;
  footer: string;
  metrics: Record<PackMetric, string>;
  scopes: { dealer: string; region: string; brand: string; group: string };
};

const en: PackTexts = {
  subject: 'Weekly pack, {{scope}}: {{week}}',
  title: 'Weekly pack — {{scope}}',
  intro: 'Figures for {{week}}, compared with {{previous}}.',
  metric: 'Figure',
  thisWeek: 'Last week',
  previousWeek: 'Week before',
  change: 'Change',
  nowOnly: 'as of now',
  asOf: 'Prospect, test-drive and usage figures as of {{time}}.',
  notComputed:
    'Prospect and usage figures are not computed yet; they show as 0 until the first refresh.',
  perDealer: 'System use per dealer, last week',
  dealer: 'Dealer',
  users: 'Users',
  noDealer: 'Group, brand and region staff',
  attachment: 'The same tables are in the attached workbook.',
  footer:
    'You receive this pack because you are subscribed to it in AutoCRM (Analytics → Weekly pack), where you can switch it off.',
  metrics: {
    newProspects: 'New prospects',
    hotProspects: 'Hot prospects (open)',
    testDrives: 'Test drives done',
    orders: 'Orders / sales',
    serviceVisits: 'Service visits',
    claims: 'Claims',
    csiAverage: 'CSI average (1–10)',
    overdueTasks: 'Overdue tasks',
    logins: 'Logins',
    activities: 'Activities logged',
  },
  scopes: {
    dealer: 'dealer {{code}}',
    region: 'region {{code}}',
    brand: 'brand {{code}}',
    group: 'the group',
  },
};

const ru: PackTexts = {
  subject: 'Недельный отчёт, {{scope}}: {{week}}',
  title: 'Недельный отчёт — {{scope}}',
  intro: 'Показатели за {{week}} в сравнении с {{previous}}.',
  metric: 'Показатель',
  thisWeek: 'Прошлая неделя',
  previousWeek: 'Неделя до неё',
  change: 'Изменение',
  nowOnly: 'на сейчас',
  asOf: 'Данные по потенциальным клиентам, тест-драйвам и работе в системе на {{time}}.',
  notComputed:
    'Данные по потенциальным клиентам и работе в системе ещё не рассчитаны; до первого пересчёта они равны 0.',
  perDealer: 'Работа в системе по дилерам, прошлая неделя',
  dealer: 'Дилер',
  users: 'Пользователи',
  noDealer: 'Сотрудники группы, марок и регионов',
  attachment: 'Те же таблицы — в приложенной книге Excel.',
  footer:
    'Вы получаете этот отчёт, потому что подписаны на него в AutoCRM (Аналитика → Недельный отчёт); там же подписку можно отключить.',
  metrics: {
    newProspects: 'Новые потенциальные клиенты',
    hotProspects: 'Горячие клиенты (открытые)',
    testDrives: 'Проведённые тест-драйвы',
    orders: 'Заказы / продажи',
    serviceVisits: 'Сервисные визиты',
    claims: 'Претензии',
    csiAverage: 'Средний CSI (1–10)',
    overdueTasks: 'Просроченные задачи',
    logins: 'Входы в систему',
    activities: 'Записанные контакты',
  },
  scopes: {
    dealer: 'дилер {{code}}',
    region: 'регион {{code}}',
    brand: 'марка {{code}}',
    group: 'вся группа',
  },
};

const zh: PackTexts = {
  subject: '每周报告({{scope}}):{{week}}',
  title: '每周报告 — {{scope}}',
  intro: '{{week}} 的数据,与 {{previous}} 对比。',
  metric: '指标',
  thisWeek: '上周',
  previousWeek: '前一周',
  change: '变化',
  nowOnly: '截至目前',
  asOf: '潜在客户、试驾及系统使用数据截至 {{time}}。',
  notComputed: '潜在客户及系统使用数据尚未计算;首次刷新前显示为 0。',
  perDealer: '各经销商系统使用情况(上周)',
  dealer: '经销商',
  users: '用户',
  noDealer: '集团、品牌及区域人员',
  attachment: '附件工作簿中包含相同的表格。',
  footer: '您收到此报告是因为您在 AutoCRM 中订阅了它(分析 → 每周报告),可在该处取消订阅。',
  metrics: {
    newProspects: '新潜在客户',
    hotProspects: '热线索(未关闭)',
    testDrives: '已完成试驾',
    orders: '订单 / 销售',
    serviceVisits: '售后进站',
    claims: '投诉',
    csiAverage: '平均 CSI(1–10)',
    overdueTasks: '逾期任务',
    logins: '登录次数',
    activities: '记录的联系',
  },
  scopes: {
    dealer: '经销商 {{code}}',
    region: '区域 {{code}}',
    brand: '品牌 {{code}}',
    group: '整个集团',
  },
};

export const packTexts: Record<Locale, PackTexts> = { en, ru, zh };

/** BCP 47 tags for Intl, as the web app uses (British English: day-month order). */
export const packIntlLocales: Record<Locale, string> = { en: 'en-GB', ru: 'ru-RU', zh: 'zh-CN' };

/** Fills {{name}} placeholders. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (all, name: string) => values[name] ?? all);
}
