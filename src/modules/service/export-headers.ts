import type { Locale } from '../../auth/index.ts';

/**
 * Column and sheet names of the retention and lapsed-owner exports in the user's language (the
 * web page has its own through i18next). A key without a name here stays as it is.
 */
const en = {
  retention: 'Retention',
  lapsedOwners: 'Lapsed owners',
  dealer: 'Dealer',
  soldVehicles: 'Sold over a year ago',
  servicedInYear1: 'Serviced in year 1',
  lapsed: 'Lapsed',
  year1Vehicles: 'Year 1: cars',
  year1Serviced: 'Year 1: serviced here',
  year1Share: 'Year 1: loyalty',
  year2Vehicles: 'Year 2: cars',
  year2Serviced: 'Year 2: serviced here',
  year2Share: 'Year 2: loyalty',
  year3Vehicles: 'Year 3: cars',
  year3Serviced: 'Year 3: serviced here',
  year3Share: 'Year 3: loyalty',
  customerId: 'Customer id',
  customer: 'Owner',
  phones: 'Phones',
  emails: 'E-mails',
  vehicleId: 'Vehicle id',
  car: 'Car',
  purchaseDate: 'Purchased',
  lastVisitDate: 'Last visit here',
  serviceDueDate: 'Service due',
  lifetimeValue: 'Lifetime value',
  currency: 'Currency',
  otherCurrencies: 'In other currencies',
};

type Headers = Record<keyof typeof en, string>;

const ru: Headers = {
  retention: 'Удержание',
  lapsedOwners: 'Ушедшие владельцы',
  dealer: 'Дилер',
  soldVehicles: 'Продано больше года назад',
  servicedInYear1: 'Обслуживались в 1-й год',
  lapsed: 'Ушли',
  year1Vehicles: '1-й год: автомобилей',
  year1Serviced: '1-й год: обслуживались у нас',
  year1Share: '1-й год: лояльность',
  year2Vehicles: '2-й год: автомобилей',
  year2Serviced: '2-й год: обслуживались у нас',
  year2Share: '2-й год: лояльность',
  year3Vehicles: '3-й год: автомобилей',
  year3Serviced: '3-й год: обслуживались у нас',
  year3Share: '3-й год: лояльность',
  customerId: 'ID клиента',
  customer: 'Владелец',
  phones: 'Телефоны',
  emails: 'Эл. почта',
  vehicleId: 'ID автомобиля',
  car: 'Автомобиль',
  purchaseDate: 'Дата покупки',
  lastVisitDate: 'Последний визит у нас',
  serviceDueDate: 'Срок ТО',
  lifetimeValue: 'Ценность клиента',
  currency: 'Валюта',
  otherCurrencies: 'В других валютах',
};

const zh: Headers = {
  retention: '客户保留',
  lapsedOwners: '流失车主',
  dealer: '经销商',
  soldVehicles: '售出满一年',
  servicedInYear1: '第 1 年在本店保养',
  lapsed: '已流失',
  year1Vehicles: '第 1 年:车辆',
  year1Serviced: '第 1 年:在本店保养',
  year1Share: '第 1 年:保留率',
  year2Vehicles: '第 2 年:车辆',
  year2Serviced: '第 2 年:在本店保养',
  year2Share: '第 2 年:保留率',
  year3Vehicles: '第 3 年:车辆',
  year3Serviced: '第 3 年:在本店保养',
  year3Share: '第 3 年:保留率',
  customerId: '客户 ID',
  customer: '车主',
  phones: '电话',
  emails: '电子邮件',
  vehicleId: '车辆 ID',
  car: '车辆',
  purchaseDate: '购车日期',
  lastVisitDate: '最近在本店到店',
  serviceDueDate: '保养到期',
  lifetimeValue: '客户价值',
  currency: '币种',
  otherCurrencies: '其他币种',
};

const byLocale: Record<Locale, Headers> = { en, ru, zh };

/** A name for each key in the locale; unknown keys are returned unchanged. */
export function exportHeaders(locale: Locale): (key: string) => string {
  const headers: Partial<Record<string, string>> = byLocale[locale];
  return (key) => headers[key] ?? key;
}
