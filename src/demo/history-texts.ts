import type {
  ActivityChannel,
  Direction,
  Outcome,
  TaskKind,
} from '../modules/activities/schema.ts';
import type { VisitType } from '../modules/service/schema.ts';
import { Weighted, weighted } from './prng.ts';

/**
 * What dealer staff write into the contact history, tasks and repair orders, in the
 * dealer's language ({model} is replaced by the model of interest or owned).
 */
export type Lang = 'ru' | 'zh';
export type Texts = Record<Lang, string>;

export type ActivityTemplate = {
  channel: ActivityChannel;
  direction: Direction;
  outcomes: Weighted<Outcome>;
  subject: Texts;
};

const only = (outcome: Outcome) => new Weighted<Outcome>([[outcome, 1]]);

export const activityTemplates = {
  showroomVisit: {
    channel: 'visit',
    direction: 'inbound',
    outcomes: weighted<Outcome>({ interested: 6, info: 3, appointment: 2 }),
    subject: { ru: 'Визит в салон, осмотр {model}', zh: '到店看车：{model}' },
  },
  webRequest: {
    channel: 'web',
    direction: 'inbound',
    outcomes: weighted<Outcome>({ callback_requested: 7, info: 3 }),
    subject: { ru: 'Заявка с сайта: {model}', zh: '官网留资：{model}' },
  },
  inboundCall: {
    channel: 'call',
    direction: 'inbound',
    outcomes: weighted<Outcome>({ info: 5, interested: 4, appointment: 2 }),
    subject: { ru: 'Входящий звонок: наличие и цена {model}', zh: '来电咨询{model}价格和库存' },
  },
  followUpCall: {
    channel: 'call',
    direction: 'outbound',
    outcomes: weighted<Outcome>({
      reached: 30,
      no_answer: 20,
      busy: 5,
      callback_requested: 10,
      interested: 15,
      appointment: 10,
      not_interested: 8,
      wrong_number: 2,
    }),
    subject: { ru: 'Звонок после визита', zh: '到店后回访' },
  },
  testDrive: {
    channel: 'visit',
    direction: 'inbound',
    outcomes: weighted<Outcome>({ interested: 6, appointment: 2, not_interested: 2 }),
    subject: { ru: 'Тест-драйв {model}', zh: '试驾{model}' },
  },
  offerEmail: {
    channel: 'email',
    direction: 'outbound',
    outcomes: only('info'),
    subject: { ru: 'Коммерческое предложение по {model}', zh: '{model}购车方案' },
  },
  promoSms: {
    channel: 'sms',
    direction: 'outbound',
    outcomes: only('info'),
    subject: { ru: 'SMS: спецпредложение на {model}', zh: '短信：{model}限时优惠' },
  },
  eventInvite: {
    channel: 'event',
    direction: 'outbound',
    outcomes: weighted<Outcome>({ interested: 4, info: 4, not_interested: 2 }),
    subject: { ru: 'Приглашение на презентацию {model}', zh: '{model}新车品鉴会邀请' },
  },
  messengerChat: {
    channel: 'messenger',
    direction: 'inbound',
    outcomes: weighted<Outcome>({ info: 6, interested: 3, callback_requested: 1 }),
    subject: { ru: 'Вопрос в мессенджере про {model}', zh: '微信咨询{model}' },
  },
  purchase: {
    channel: 'visit',
    direction: 'inbound',
    outcomes: only('purchased'),
    subject: { ru: 'Покупка и выдача {model}', zh: '{model}提车' },
  },
  welcomeLetter: {
    channel: 'letter',
    direction: 'outbound',
    outcomes: only('info'),
    subject: { ru: 'Приветственное письмо владельцу {model}', zh: '{model}车主欢迎信' },
  },
  serviceReminder: {
    channel: 'sms',
    direction: 'outbound',
    outcomes: weighted<Outcome>({ info: 6, appointment: 4 }),
    subject: { ru: 'Напоминание о ТО {model}', zh: '{model}保养提醒' },
  },
  serviceFollowUp: {
    channel: 'call',
    direction: 'outbound',
    outcomes: weighted<Outcome>({ reached: 7, no_answer: 2, complaint: 1 }),
    subject: { ru: 'Звонок после сервиса: оценка качества', zh: '保养后满意度回访' },
  },
  anniversary: {
    channel: 'email',
    direction: 'outbound',
    outcomes: only('info'),
    subject: { ru: 'Поздравление с годовщиной покупки {model}', zh: '购车周年祝福' },
  },
  ownersEvent: {
    channel: 'event',
    direction: 'outbound',
    outcomes: weighted<Outcome>({ interested: 5, info: 3, not_interested: 2 }),
    subject: { ru: 'Клуб владельцев: выезд на природу', zh: '车主自驾游活动' },
  },
  complaint: {
    channel: 'call',
    direction: 'inbound',
    outcomes: only('complaint'),
    subject: { ru: 'Жалоба: сроки ремонта', zh: '投诉：维修等待时间过长' },
  },
  tradeIn: {
    channel: 'call',
    direction: 'outbound',
    outcomes: weighted<Outcome>({ interested: 4, not_interested: 4, callback_requested: 2 }),
    subject: { ru: 'Предложение trade-in на новую модель', zh: '置换新车推荐' },
  },
  partsOrder: {
    channel: 'visit',
    direction: 'inbound',
    outcomes: only('purchased'),
    subject: { ru: 'Покупка запчастей и аксессуаров', zh: '购买配件和精品' },
  },
  partsRequest: {
    channel: 'call',
    direction: 'inbound',
    outcomes: weighted<Outcome>({ info: 6, purchased: 4 }),
    subject: { ru: 'Запрос запчасти по VIN', zh: '按VIN查询配件' },
  },
  lostCall: {
    channel: 'call',
    direction: 'outbound',
    outcomes: weighted<Outcome>({ not_interested: 7, no_answer: 3 }),
    subject: { ru: 'Звонок: клиент выбрал другую марку', zh: '回访：客户已选择其他品牌' },
  },
} satisfies Record<string, ActivityTemplate>;

export type ActivityKey = keyof typeof activityTemplates;

export const nextContactPlans: Texts[] = [
  { ru: 'Перезвонить, узнать решение', zh: '再次回访确认购车意向' },
  { ru: 'Пригласить на тест-драйв', zh: '邀请试驾' },
  { ru: 'Отправить расчёт кредита', zh: '发送贷款方案' },
  { ru: 'Сообщить о поступлении автомобиля', zh: '到车后通知客户' },
];

export type TaskTemplate = { kind: TaskKind; title: Texts; result: Texts };

export const taskTemplates = {
  callBack: {
    kind: 'call',
    title: { ru: 'Перезвонить клиенту', zh: '回访客户' },
    result: { ru: 'Дозвонился, клиент думает', zh: '已联系，客户考虑中' },
  },
  testDrive: {
    kind: 'test_drive',
    title: { ru: 'Провести тест-драйв {model}', zh: '安排{model}试驾' },
    result: { ru: 'Тест-драйв проведён, клиент доволен', zh: '试驾完成，客户满意' },
  },
  sendOffer: {
    kind: 'email',
    title: { ru: 'Отправить коммерческое предложение', zh: '发送报价单' },
    result: { ru: 'Предложение отправлено', zh: '报价单已发送' },
  },
  meeting: {
    kind: 'meeting',
    title: { ru: 'Встреча: обсуждение условий покупки', zh: '面谈购车条件' },
    result: { ru: 'Согласовали комплектацию и скидку', zh: '已确定配置和优惠' },
  },
  serviceFollowUp: {
    kind: 'follow_up',
    title: { ru: 'Звонок после ТО', zh: '保养后回访' },
    result: { ru: 'Клиент доволен обслуживанием', zh: '客户对服务满意' },
  },
  serviceInvite: {
    kind: 'call',
    title: { ru: 'Пригласить на плановое ТО', zh: '邀请到店保养' },
    result: { ru: 'Записан на ТО', zh: '已预约保养' },
  },
  anniversary: {
    kind: 'call',
    title: { ru: 'Поздравить с годовщиной покупки', zh: '购车周年回访' },
    result: { ru: 'Поздравили, предложили trade-in', zh: '已祝福并推荐置换' },
  },
  complaint: {
    kind: 'follow_up',
    title: { ru: 'Разобрать жалобу клиента', zh: '处理客户投诉' },
    result: { ru: 'Жалоба закрыта, клиенту компенсирована мойка', zh: '投诉已处理，赠送洗车' },
  },
  dataCheck: {
    kind: 'other',
    title: { ru: 'Проверить контакты клиента', zh: '核实客户联系方式' },
    result: { ru: 'Телефон и e-mail подтверждены', zh: '电话和邮箱已核实' },
  },
} satisfies Record<string, TaskTemplate>;

export type TaskKey = keyof typeof taskTemplates;

type VisitText = (mileageKm: number) => Texts;

const fixed =
  (...pairs: [string, string][]): ((pick: number) => VisitText) =>
  (pick) => {
    const [ru, zh] = pairs[pick % pairs.length]!;
    return () => ({ ru, zh });
  };

/** 15 000: Russian thousands are separated by a (non-breaking) space. */
const spaced = (km: number) => String(km).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');

export const visitDescriptions: Record<VisitType, (pick: number) => VisitText> = {
  maintenance: () => (km) => {
    // Russian dealers count maintenance steps of 15 000 km, Chinese ones of 10 000 km
    const step = Math.max(1, Math.round(km / 15_000));
    const chineseKm = Math.max(1, Math.round(km / 10_000)) * 10_000;
    return { ru: `ТО-${step} (${spaced(step * 15_000)} км)`, zh: `${chineseKm}公里定期保养` };
  },
  repair: fixed(
    ['Замена тормозных колодок', '更换刹车片'],
    ['Диагностика и ремонт подвески', '悬挂检修'],
    ['Замена аккумулятора', '更换电瓶'],
    ['Ремонт кондиционера', '空调维修'],
  ),
  warranty: fixed(
    ['Гарантийный ремонт: замена датчика', '保修：更换传感器'],
    ['Гарантия: обновление ПО мультимедиа', '保修：车机系统升级'],
  ),
  recall: fixed(['Отзывная кампания: обновление ПО блока управления', '召回：发动机控制软件升级']),
  body: fixed(['Кузовной ремонт после ДТП', '事故钣金喷漆'], ['Покраска бампера', '保险杠喷漆']),
  tyres: fixed(['Сезонная замена шин', '更换轮胎'], ['Шиномонтаж и балансировка', '四轮定位']),
  inspection: fixed(['Диагностика перед поездкой', '车辆检测'], ['Техосмотр', '年检']),
};

export function fill(text: string, model: string): string {
  return text.includes('{model}') ? text.replace('{model}', model) : text;
}
