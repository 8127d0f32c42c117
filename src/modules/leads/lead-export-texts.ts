import type { Locale } from '../../auth/index.ts';
import type { LeadStage, Temperature } from './schema.ts';

/**
 * The lead export's column headers and words in the user's language. Stage and temperature
 * names are the web app's (lead-export-texts.test.ts keeps them equal).
 */
export type LeadExportTexts = {
  sheet: string;
  header: {
    id: string;
    createdAt: string;
    customer: string;
    phone: string;
    stage: string;
    temperature: string;
    source: string;
    campaign: string;
    dealer: string;
    brand: string;
    consultant: string;
    qualified: string;
    models: string;
    intendedPurchaseDate: string;
    nextContactAt: string;
    updatedAt: string;
  };
  stage: Record<LeadStage, string>;
  temperature: Record<Temperature, string>;
  yes: string;
  no: string;
};

const en: LeadExportTexts = {
  sheet: 'Leads',
  header: {
    id: 'Lead ID',
    createdAt: 'Came in',
    customer: 'Customer',
    phone: 'Phone',
    stage: 'Stage',
    temperature: 'Temperature',
    source: 'Source',
    campaign: 'Campaign',
    dealer: 'Dealer',
    brand: 'Brand',
    consultant: 'Consultant',
    qualified: 'Qualified',
    models: 'Models of interest',
    intendedPurchaseDate: 'Intended purchase date',
    nextContactAt: 'Next contact',
    updatedAt: 'Updated',
  },
  stage: {
    new: 'New',
    contacted: 'Contacted',
    showroom_visit: 'Showroom visit',
    test_drive: 'Test drive',
    offer: 'Offer',
    order: 'Order',
    delivered: 'Delivered',
    lost: 'Lost',
  },
  temperature: { hot: 'Hot', warm: 'Warm', cold: 'Cold', unknown: 'Not known' },
  yes: 'Yes',
  no: 'No',
};

const ru: LeadExportTexts = {
  sheet: 'Лиды',
  header: {
    id: 'ID лида',
    createdAt: 'Поступил',
    customer: 'Клиент',
    phone: 'Телефон',
    stage: 'Этап',
    temperature: 'Температура',
    source: 'Источник',
    campaign: 'Кампания',
    dealer: 'Дилер',
    brand: 'Бренд',
    consultant: 'Менеджер',
    qualified: 'Квалифицирован',
    models: 'Интересующие модели',
    intendedPurchaseDate: 'Планируемая дата покупки',
    nextContactAt: 'Следующий контакт',
    updatedAt: 'Изменён',
  },
  stage: {
    new: 'Новый',
    contacted: 'Контакт установлен',
    showroom_visit: 'Визит в салон',
    test_drive: 'Тест-драйв',
    offer: 'Предложение',
    order: 'Заказ',
    delivered: 'Выдан',
    lost: 'Потерян',
  },
  temperature: { hot: 'Горячий', warm: 'Тёплый', cold: 'Холодный', unknown: 'Неизвестно' },
  yes: 'Да',
  no: 'Нет',
};

const zh: LeadExportTexts = {
  sheet: '线索',
  header: {
    id: '线索编号',
    createdAt: '进入时间',
    customer: '客户',
    phone: '电话',
    stage: '阶段',
    temperature: '热度',
    source: '来源',
    campaign: '活动',
    dealer: '经销商',
    brand: '品牌',
    consultant: '销售顾问',
    qualified: '已合格',
    models: '意向车型',
    intendedPurchaseDate: '计划购车日期',
    nextContactAt: '下次联系',
    updatedAt: '更新时间',
  },
  stage: {
    new: '新线索',
    contacted: '已联系',
    showroom_visit: '到店',
    test_drive: '试驾',
    offer: '报价',
    order: '订单',
    delivered: '已交车',
    lost: '战败',
  },
  temperature: { hot: '热', warm: '温', cold: '冷', unknown: '未知' },
  yes: '是',
  no: '否',
};

export const leadExportTexts: Record<Locale, LeadExportTexts> = { en, ru, zh };
