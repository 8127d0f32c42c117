// from its own file, not the module's index: the browser imports this file, and the index
// would pull the server (database, argon2) into the web bundle
import { headerKey } from '../imports/column-mapping.ts';
import type { Payer, VisitType } from './schema.ts';

/**
 * The columns of a dealer management system export that a service-visit import reads, one row
 * per repair order, and the header names (English, Russian, Chinese) that suggest each.
 */
export const visitImportFields = [
  'vin',
  'visitDate',
  'orderNumber',
  'visitType',
  'mileageKm',
  'labourAmount',
  'partsAmount',
  'totalAmount',
  'paidBy',
  'advisor',
  'description',
] as const;
export type VisitImportField = (typeof visitImportFields)[number];

/** Without these a row cannot be a visit, nor be found again on a re-import. */
export const requiredVisitFields: readonly VisitImportField[] = [
  'vin',
  'visitDate',
  'orderNumber',
  'visitType',
];

const synonyms: Record<VisitImportField, string[]> = {
  vin: ['vin', 'vin code', 'vin номер', 'вин', 'вин код', '车架号', '车辆识别代号', 'vin码'],
  visitDate: [
    'date',
    'visit date',
    'ro date',
    'order date',
    'closed',
    'дата',
    'дата визита',
    'дата заказ-наряда',
    'дата закрытия',
    '日期',
    '进厂日期',
    '结算日期',
    '维修日期',
  ],
  orderNumber: [
    'ro',
    'ro number',
    'ro no',
    'repair order',
    'order number',
    'заказ-наряд',
    'номер заказ-наряда',
    'зн',
    'номер зн',
    '工单号',
    '维修工单号',
    '委托书号',
  ],
  visitType: [
    'type',
    'visit type',
    'job type',
    'тип',
    'вид работ',
    'тип визита',
    '类型',
    '维修类型',
    '业务类型',
  ],
  mileageKm: [
    'mileage',
    'odometer',
    'km',
    'пробег',
    'пробег км',
    'одометр',
    '里程',
    '行驶里程',
    '进厂里程',
  ],
  labourAmount: [
    'labour',
    'labor',
    'labour amount',
    'labor amount',
    'работы',
    'стоимость работ',
    'сумма работ',
    '工时费',
    '工时',
  ],
  partsAmount: [
    'parts',
    'parts amount',
    'запчасти',
    'стоимость запчастей',
    'сумма запчастей',
    '配件费',
    '材料费',
    '配件',
  ],
  totalAmount: ['total', 'amount', 'sum', 'итого', 'сумма', 'всего', '合计', '总金额', '金额'],
  paidBy: ['paid by', 'payer', 'payment', 'плательщик', 'оплата', '付款方', '结算方式'],
  advisor: [
    'advisor',
    'service advisor',
    'sa',
    'мастер',
    'мастер-приемщик',
    'приемщик',
    'сервисный консультант',
    '服务顾问',
    '接待',
  ],
  description: [
    'description',
    'work',
    'works',
    'comment',
    'описание',
    'работы описание',
    'комментарий',
    '描述',
    '维修内容',
    '备注',
  ],
};

const lookup = new Map<string, VisitImportField>(
  visitImportFields.flatMap((field) =>
    synonyms[field].map((name) => [headerKey(name), field] as [string, VisitImportField]),
  ),
);

/** For each field, the first column whose header names it. */
export function suggestVisitMapping(headers: string[]): Record<string, number> {
  const mapping: Record<string, number> = {};
  headers.forEach((header, column) => {
    const field = lookup.get(headerKey(header));
    if (field && mapping[field] === undefined) mapping[field] = column;
  });
  return mapping;
}

/** DMS job types as exports spell them, by their normalised key. */
const typeWords: Record<VisitType, string[]> = {
  maintenance: ['maintenance', 'service', 'то', 'техобслуживание', 'обслуживание', '保养', '维护'],
  repair: ['repair', 'ремонт', 'слесарный ремонт', '维修', '修理', '一般维修'],
  warranty: ['warranty', 'гарантия', 'гарантийный ремонт', '保修', '索赔'],
  recall: ['recall', 'отзывная кампания', 'отзыв', '召回'],
  body: ['body', 'bodywork', 'body repair', 'кузовной ремонт', 'кузов', '钣金', '钣喷', '事故车'],
  tyres: ['tyres', 'tires', 'tyre', 'tire', 'шиномонтаж', 'шины', '轮胎'],
  inspection: ['inspection', 'diagnostics', 'осмотр', 'диагностика', '检查', '检测'],
};
const typeLookup = new Map<string, VisitType>(
  (Object.entries(typeWords) as [VisitType, string[]][]).flatMap(([type, words]) =>
    [type, ...words].map((word) => [headerKey(word), type] as [string, VisitType]),
  ),
);

export function parseVisitType(text: string): VisitType | undefined {
  // "ТО-2", "Maintenance 30k": the kind without its number
  return (
    typeLookup.get(headerKey(text)) ?? typeLookup.get(headerKey(text.replace(/[\d]+k?/gi, '')))
  );
}

const payerWords: Record<Payer, string[]> = {
  customer: ['customer', 'client', 'cash', 'клиент', 'наличные', '客户', '自费'],
  warranty: ['warranty', 'гарантия', '保修', '索赔'],
  insurance: ['insurance', 'страховая', 'страховка', 'осаго', 'каско', '保险'],
  dealer: ['dealer', 'internal', 'дилер', 'внутренний', '内部', '经销商'],
};
const payerLookup = new Map<string, Payer>(
  (Object.entries(payerWords) as [Payer, string[]][]).flatMap(([payer, words]) =>
    [payer, ...words].map((word) => [headerKey(word), payer] as [string, Payer]),
  ),
);

export function parsePayer(text: string): Payer | undefined {
  return payerLookup.get(headerKey(text));
}

/**
 * A calendar date as exports write it: ISO 2026-03-05 (also from Excel date cells), Russian
 * 05.03.2026 and Chinese 2026/3/5 or 2026年3月5日. Anything else, or a day that does not exist,
 * is undefined.
 */
export function parseExportDate(text: string): string | undefined {
  const value = text.trim();
  let parts: [string, string, string] | undefined;
  let match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(value);
  if (match) parts = [match[1]!, match[2]!, match[3]!];
  match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: .*)?$/.exec(value);
  if (match) parts = [match[3]!, match[2]!, match[1]!];
  if (!parts) return undefined;
  const iso = `${parts[0]}-${parts[1].padStart(2, '0')}-${parts[2].padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** Whole kilometres; "45 210" and "45210 km" too. */
export function parseKm(text: string): number | undefined {
  const value = text.replace(/[\s\u00a0]|km|км|公里/gi, '');
  if (!/^\d{1,7}$/.test(value)) return undefined;
  return Number(value);
}
