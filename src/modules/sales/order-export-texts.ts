import type { Locale } from '../../auth/index.ts';
import type { OrderStatus } from './schema.ts';

/**
 * The order export's column headers and status names in the user's language. Status names are
 * the web app's (order-export-texts.test.ts keeps them equal).
 */
export type OrderExportTexts = {
  sheet: string;
  header: {
    id: string;
    createdAt: string;
    customer: string;
    dealer: string;
    consultant: string;
    make: string;
    model: string;
    trim: string;
    colour: string;
    status: string;
    currency: string;
    listPrice: string;
    discount: string;
    finalPrice: string;
    tradeIn: string;
    plannedDelivery: string;
    deliveredOn: string;
  };
  status: Record<OrderStatus, string>;
};

const en: OrderExportTexts = {
  sheet: 'Orders',
  header: {
    id: 'Order ID',
    createdAt: 'Created',
    customer: 'Customer',
    dealer: 'Dealer',
    consultant: 'Consultant',
    make: 'Make',
    model: 'Model',
    trim: 'Trim',
    colour: 'Colour',
    status: 'Status',
    currency: 'Currency',
    listPrice: 'List price',
    discount: 'Discount',
    finalPrice: 'Final price',
    tradeIn: 'Trade-in',
    plannedDelivery: 'Planned delivery',
    deliveredOn: 'Delivered on',
  },
  status: {
    draft: 'Draft',
    confirmed: 'Confirmed',
    delivered: 'Delivered',
    cancelled: 'Cancelled',
  },
};

const ru: OrderExportTexts = {
  sheet: 'Заказы',
  header: {
    id: 'ID заказа',
    createdAt: 'Создан',
    customer: 'Клиент',
    dealer: 'Дилер',
    consultant: 'Менеджер',
    make: 'Марка',
    model: 'Модель',
    trim: 'Комплектация',
    colour: 'Цвет',
    status: 'Статус',
    currency: 'Валюта',
    listPrice: 'Цена по прайсу',
    discount: 'Скидка',
    finalPrice: 'Итоговая цена',
    tradeIn: 'Трейд-ин',
    plannedDelivery: 'Плановая выдача',
    deliveredOn: 'Выдан',
  },
  status: {
    draft: 'Черновик',
    confirmed: 'Подтверждён',
    delivered: 'Выдан',
    cancelled: 'Отменён',
  },
};

const zh: OrderExportTexts = {
  sheet: '订单',
  header: {
    id: '订单编号',
    createdAt: '创建时间',
    customer: '客户',
    dealer: '经销商',
    consultant: '销售顾问',
    make: '品牌',
    model: '车型',
    trim: '配置',
    colour: '颜色',
    status: '状态',
    currency: '币种',
    listPrice: '指导价',
    discount: '折扣',
    finalPrice: '成交价',
    tradeIn: '置换',
    plannedDelivery: '计划交车',
    deliveredOn: '交车日期',
  },
  status: {
    draft: '草稿',
    confirmed: '已确认',
    delivered: '已交车',
    cancelled: '已取消',
  },
};

export const orderExportTexts: Record<Locale, OrderExportTexts> = { en, ru, zh };
