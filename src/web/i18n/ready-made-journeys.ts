/**
 * Names and descriptions of the ready-made journeys (src/modules/journeys/ready-made.ts, by
 * key) in en, ru and zh: the server keeps one English text, the list and the editor show the
 * reader's. The English ones are the server's own (ready-made-journeys.test.ts).
 */
const en = {
  'welcome-pack': {
    name: 'Welcome pack at delivery',
    description:
      'After a new car is delivered: a welcome e-mail the next morning, the welcome pack letter by the CRM manager, and two weeks later the owner-training invitation (seed 002, Basic 11).',
  },
  'anniversary-1': {
    name: 'Purchase anniversary 1',
    description: 'Anniversary 1 of the purchase: congratulations by e-mail (seed 002, Basic 11).',
  },
  'anniversary-2': {
    name: 'Purchase anniversary 2',
    description: 'Anniversary 2 of the purchase: congratulations by e-mail (seed 002, Basic 11).',
  },
  'anniversary-3': {
    name: 'Purchase anniversary 3',
    description:
      'Third anniversary of the purchase: congratulations with a repurchase voucher, then a call from sales (seed 002, Basic 11).',
  },
  birthday: {
    name: 'Birthday greeting',
    description: 'A greeting on the owner’s birthday at 10:00 in his own time zone (seed 002).',
  },
  'service-reminder': {
    name: 'Service reminder',
    description:
      'Before the scheduled service: an e-mail, an SMS a week later, and a call-centre call a week after that — each only while no visit was booked (goal: a service visit).',
  },
  'after-visit': {
    name: 'After-visit follow-up',
    description:
      'Two days after a service visit: how was it? Unhappy answers reach the service advisor by the after-visit call.',
  },
  'dormant-reactivation': {
    name: 'Dormant customers: come back',
    description:
      'Seed 004: customers who came within two years but not in the last six months. An e-mail, then two weeks later a call for the high-receipt tier and an SMS for the others; ends when they visit.',
  },
  'trade-in-3-years': {
    name: 'Trade-in offer at three years',
    description:
      'About three years after purchase (seed 001 §4): a trade-in offer by e-mail, then a call by sales; ends with an order.',
  },
  'event-invitation': {
    name: 'Event invitation, reminder and feedback',
    description:
      'Seed 001 (the show): an invitation to the owners who enter the audience, a reminder two days before the event and a feedback request the day after. Set the event date in the steps “reminder-day” and “day-after” before enabling.',
  },
  'model-arrived-test-drive': {
    name: 'Test drive: the model you asked about has arrived',
    description:
      'Seed 000: when a car of the model a prospect asked about arrives at the dealer, an invitation to a test drive, and two days later a call from sales; ends when he books a test drive. Set the make and model in the trigger before enabling.',
  },
};

type Messages = typeof en;

const ru: Messages = {
  'welcome-pack': {
    name: 'Приветственный пакет при выдаче',
    description:
      'После выдачи нового автомобиля: приветственное письмо на следующее утро, письмо с приветственным пакетом от CRM-менеджера и через две недели приглашение на обучение владельца (seed 002, Basic 11).',
  },
  'anniversary-1': {
    name: 'Годовщина покупки: 1 год',
    description: 'Первая годовщина покупки: поздравление по e-mail (seed 002, Basic 11).',
  },
  'anniversary-2': {
    name: 'Годовщина покупки: 2 года',
    description: 'Вторая годовщина покупки: поздравление по e-mail (seed 002, Basic 11).',
  },
  'anniversary-3': {
    name: 'Годовщина покупки: 3 года',
    description:
      'Третья годовщина покупки: поздравление с ваучером на новую покупку, затем звонок из отдела продаж (seed 002, Basic 11).',
  },
  birthday: {
    name: 'Поздравление с днём рождения',
    description: 'Поздравление владельца в день рождения в 10:00 по его времени (seed 002).',
  },
  'service-reminder': {
    name: 'Напоминание о ТО',
    description:
      'Перед плановым ТО: письмо, через неделю SMS, ещё через неделю звонок колл-центра — каждый шаг, только пока визит не записан (цель: визит в сервис).',
  },
  'after-visit': {
    name: 'Опрос после визита в сервис',
    description:
      'Через два дня после визита в сервис: как всё прошло? Недовольные ответы попадают к мастеру-приёмщику через звонок после визита.',
  },
  'dormant-reactivation': {
    name: 'Спящие клиенты: возвращение',
    description:
      'Seed 004: клиенты, которые приезжали в последние два года, но не в последние полгода. Письмо, через две недели звонок для группы с высоким чеком и SMS для остальных; завершается визитом.',
  },
  'trade-in-3-years': {
    name: 'Предложение trade-in через три года',
    description:
      'Примерно через три года после покупки (seed 001 §4): предложение trade-in по e-mail, затем звонок из отдела продаж; завершается заказом.',
  },
  'event-invitation': {
    name: 'Приглашение на мероприятие, напоминание и отзыв',
    description:
      'Seed 001 (выставка): приглашение владельцам, вошедшим в аудиторию, напоминание за два дня до мероприятия и просьба об отзыве на следующий день. Перед включением укажите дату мероприятия в шагах «reminder-day» и «day-after».',
  },
  'model-arrived-test-drive': {
    name: 'Тест-драйв: интересующая модель поступила',
    description:
      'Seed 000: когда автомобиль модели, о которой спрашивал потенциальный клиент, поступает к дилеру, — приглашение на тест-драйв и через два дня звонок из отдела продаж; завершается записью на тест-драйв. Перед включением укажите марку и модель в запуске.',
  },
};

const zh: Messages = {
  'welcome-pack': {
    name: '交车欢迎礼包',
    description:
      '新车交付后：次日早晨发送欢迎邮件，由 CRM 经理寄送欢迎礼包信函，两周后发送车主培训邀请（seed 002, Basic 11）。',
  },
  'anniversary-1': {
    name: '购车一周年',
    description: '购车一周年：通过邮件致以祝贺（seed 002, Basic 11）。',
  },
  'anniversary-2': {
    name: '购车两周年',
    description: '购车两周年：通过邮件致以祝贺（seed 002, Basic 11）。',
  },
  'anniversary-3': {
    name: '购车三周年',
    description: '购车三周年：祝贺并附赠再购代金券，随后由销售致电（seed 002, Basic 11）。',
  },
  birthday: {
    name: '生日祝福',
    description: '在车主生日当天按其所在时区 10:00 发送祝福（seed 002）。',
  },
  'service-reminder': {
    name: '保养提醒',
    description:
      '计划保养前：发送邮件，一周后发送短信，再过一周由呼叫中心致电——每一步仅在尚未预约到店时进行（目标：到店保养）。',
  },
  'after-visit': {
    name: '售后回访',
    description: '到店服务两天后：服务怎么样？不满意的回复会通过售后回访电话转给服务顾问。',
  },
  'dormant-reactivation': {
    name: '睡眠客户召回',
    description:
      'Seed 004：两年内到过店但最近六个月未到店的客户。先发邮件，两周后对高客单价组致电、对其他客户发短信；客户到店即结束。',
  },
  'trade-in-3-years': {
    name: '三年置换邀约',
    description: '购车约三年后（seed 001 §4）：通过邮件发送置换优惠，随后由销售致电；下单即结束。',
  },
  'event-invitation': {
    name: '活动邀请、提醒与反馈',
    description:
      'Seed 001（车展）：向进入受众的车主发送邀请，活动前两天提醒，活动次日请求反馈。启用前请在“reminder-day”和“day-after”步骤中设置活动日期。',
  },
  'model-arrived-test-drive': {
    name: '试驾：您关注的车型已到店',
    description:
      'Seed 000：潜在客户询问的车型到店后，发送试驾邀请，两天后由销售致电；客户预约试驾即结束。启用前请在触发条件中设置品牌和车型。',
  },
};

export const readyMadeJourneys = { en, ru, zh };
