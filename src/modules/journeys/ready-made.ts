import { systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { Language } from '../customers/index.ts';
import { journeyBody, type JourneyBody, type JourneyInput } from './journey.schemas.ts';

/**
 * The ready-made journeys of the seeds' life cycle (seed 002's care programme, seed 004's event
 * map and dormant customers, seed 001's events): put in place for the group, disabled, when
 * the server starts; a manager reviews, edits and enables them, or starts his own from one.
 * Texts in the three languages; the person's language is chosen when sending.
 */
type Texts = Record<Language, { subject: string; lines: string[] }>;

/** An e-mail in MJML: a greeting, the lines, the dealer's signature and the unsubscribe link. */
function email(texts: Texts) {
  const greeting: Record<Language, string> = {
    en: 'Dear {{customer.firstName}},',
    ru: 'Здравствуйте, {{customer.firstName}}!',
    zh: '尊敬的{{customer.lastName}}{{customer.firstName}}，',
  };
  const unsubscribe: Record<Language, string> = {
    en: 'Unsubscribe',
    ru: 'Отписаться',
    zh: '退订',
  };
  return Object.fromEntries(
    (Object.keys(texts) as Language[]).map((language) => [
      language,
      {
        subject: texts[language].subject,
        mjml: `<mjml><mj-body><mj-section><mj-column>
<mj-text>${greeting[language]}</mj-text>
${texts[language].lines.map((line) => `<mj-text>${line}</mj-text>`).join('\n')}
<mj-text>{{dealer.name}}{{#if consultant}} · {{consultant.name}}{{/if}}{{#if dealer.phone}} · {{dealer.phone}}{{/if}}</mj-text>
<mj-text font-size="11px" color="#888888"><a href="{{links.unsubscribe}}">${unsubscribe[language]}</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`,
      },
    ]),
  );
}

const title = (en: string, ru: string, zh: string) => ({ en, ru, zh });
const car = '{{vehicle.make}} {{vehicle.model}}';

const anniversary = (year: 1 | 2 | 3): JourneyInput => ({
  name: `Purchase anniversary ${year}`,
  description:
    year === 3
      ? 'Third anniversary of the purchase: congratulations with a repurchase voucher, then a call from sales (seed 002, Basic 11).'
      : `Anniversary ${year} of the purchase: congratulations by e-mail (seed 002, Basic 11).`,
  ownerLevel: 'group',
  trigger: { type: 'lifecycle', event: 'purchase_anniversary', year },
  reentry: 'every',
  reentryDays: 300,
  goal: year === 3 ? { type: 'order' } : null,
  defaultLanguage: 'ru',
  definition: {
    start: 'on-the-day',
    steps: [
      {
        id: 'on-the-day',
        type: 'wait',
        mode: 'until',
        field: 'event_date',
        offsetDays: 0,
        atHour: 10,
        next: 'greeting',
      },
      {
        id: 'greeting',
        type: 'send',
        channel: 'email',
        content: email({
          en: {
            subject: `${year} year${year > 1 ? 's' : ''} with your ${car}`,
            lines: [
              `Today it is ${year} year${year > 1 ? 's' : ''} since you drove away in your ${car}. Thank you for your trust!`,
              ...(year === 3
                ? [
                    'As a thank-you we have a repurchase voucher for you: bring this letter when you choose your next car and we add a special bonus to your trade-in.',
                  ]
                : []),
            ],
          },
          ru: {
            subject: `${year === 1 ? 'Год' : year === 2 ? '2 года' : '3 года'} с вашим ${car}`,
            lines: [
              `Сегодня ${year === 1 ? 'год' : year === 2 ? 'два года' : 'три года'}, как вы сели за руль вашего ${car}. Спасибо за доверие!`,
              ...(year === 3
                ? [
                    'В благодарность мы дарим вам сертификат на обновление автомобиля: покажите это письмо при выборе нового автомобиля, и мы добавим особый бонус к цене вашего автомобиля в трейд-ин.',
                  ]
                : []),
            ],
          },
          zh: {
            subject: `您的${car}已陪伴您${year}年`,
            lines: [
              `今天是您提车${year}周年纪念日，感谢您的信任！`,
              ...(year === 3
                ? ['为表谢意，我们为您准备了换购礼券：选购新车时出示本邮件，置换旧车可获额外奖励。']
                : []),
            ],
          },
        }),
        next: year === 3 ? 'sales-call' : null,
      },
      ...(year === 3
        ? [
            {
              id: 'sales-call',
              type: 'task' as const,
              title: title(
                'Third anniversary: call about the repurchase voucher',
                'Третья годовщина: позвонить по сертификату на обновление',
                '三周年：致电介绍换购礼券',
              ),
              kind: 'call' as const,
              assigneeRole: 'sales_consultant' as const,
              dueInDays: 7,
              next: null,
            },
          ]
        : []),
    ],
  },
});

const templates: { key: string; body: JourneyInput }[] = [
  {
    key: 'welcome-pack',
    body: {
      name: 'Welcome pack at delivery',
      description:
        'After a new car is delivered: a welcome e-mail the next morning, the welcome pack letter by the CRM manager, and two weeks later the owner-training invitation (seed 002, Basic 11).',
      ownerLevel: 'group',
      trigger: { type: 'vehicle_delivered' },
      reentry: 'every',
      reentryDays: 30,
      defaultLanguage: 'ru',
      definition: {
        start: 'next-morning',
        steps: [
          {
            id: 'next-morning',
            type: 'wait',
            mode: 'duration',
            amount: 1,
            unit: 'days',
            atHour: 11,
            next: 'welcome',
          },
          {
            id: 'welcome',
            type: 'send',
            channel: 'email',
            purpose: 'service',
            content: email({
              en: {
                subject: `Welcome to the family of ${car} owners`,
                lines: [
                  `Congratulations on your new ${car}! Your personal contacts at the dealership are below: call us with any question.`,
                ],
              },
              ru: {
                subject: `Добро пожаловать в семью владельцев ${car}`,
                lines: [
                  `Поздравляем с покупкой ${car}! Ниже ваши личные контакты в дилерском центре: звоните по любому вопросу.`,
                ],
              },
              zh: {
                subject: `欢迎加入${car}车主大家庭`,
                lines: [
                  `恭喜您喜提${car}！以下是您在经销店的专属联系方式，有任何问题欢迎随时联系我们。`,
                ],
              },
            }),
            next: 'welcome-letter',
          },
          {
            id: 'welcome-letter',
            type: 'task',
            title: title(
              'Send the welcome pack: personal letter and interests questionnaire',
              'Отправить приветственный пакет: письмо и анкету интересов',
              '寄送欢迎礼包：亲笔信和兴趣问卷',
            ),
            kind: 'letter',
            assigneeRole: 'crm_manager',
            dueInDays: 3,
            next: 'two-weeks',
          },
          {
            id: 'two-weeks',
            type: 'wait',
            mode: 'duration',
            amount: 14,
            unit: 'days',
            atHour: 11,
            next: 'training',
          },
          {
            id: 'training',
            type: 'send',
            channel: 'email',
            content: email({
              en: {
                subject: `Get to know your ${car}`,
                lines: [
                  'Join our free owner training: an hour with our engineer on everything your car can do. Reply to this e-mail to book a time.',
                ],
              },
              ru: {
                subject: `Познакомьтесь с вашим ${car} ближе`,
                lines: [
                  'Приглашаем на бесплатное обучение владельцев: час с нашим инженером обо всех возможностях автомобиля. Ответьте на это письмо, чтобы выбрать время.',
                ],
              },
              zh: {
                subject: `深入了解您的${car}`,
                lines: [
                  '诚邀您参加免费车主培训：由我们的工程师用一小时为您讲解爱车的全部功能。回复本邮件即可预约时间。',
                ],
              },
            }),
            next: null,
          },
        ],
      },
    },
  },
  { key: 'anniversary-1', body: anniversary(1) },
  { key: 'anniversary-2', body: anniversary(2) },
  { key: 'anniversary-3', body: anniversary(3) },
  {
    key: 'birthday',
    body: {
      name: 'Birthday greeting',
      description: 'A greeting on the owner’s birthday at 10:00 in his own time zone (seed 002).',
      ownerLevel: 'group',
      trigger: { type: 'lifecycle', event: 'birthday' },
      reentry: 'every',
      reentryDays: 300,
      defaultLanguage: 'ru',
      definition: {
        start: 'birthday-morning',
        steps: [
          {
            id: 'birthday-morning',
            type: 'wait',
            mode: 'until',
            field: 'birthday',
            offsetDays: 0,
            atHour: 10,
            next: 'greeting',
          },
          {
            id: 'greeting',
            type: 'send',
            channel: 'email',
            content: email({
              en: {
                subject: 'Happy birthday, {{customer.firstName}}!',
                lines: [
                  'The whole team wishes you a happy birthday: health, joy and many happy miles.',
                ],
              },
              ru: {
                subject: 'С днём рождения, {{customer.firstName}}!',
                lines: [
                  'Вся наша команда поздравляет вас с днём рождения: здоровья, радости и лёгких дорог.',
                ],
              },
              zh: {
                subject: '{{customer.firstName}}，生日快乐！',
                lines: ['全体员工祝您生日快乐，身体健康，一路平安！'],
              },
            }),
            next: null,
          },
        ],
      },
    },
  },
  {
    key: 'service-reminder',
    body: {
      name: 'Service reminder',
      description:
        'Before the scheduled service: an e-mail, an SMS a week later, and a call-centre call a week after that — each only while no visit was booked (goal: a service visit).',
      ownerLevel: 'group',
      trigger: { type: 'lifecycle', event: 'service_due' },
      reentry: 'every',
      reentryDays: 60,
      goal: { type: 'service_visit' },
      defaultLanguage: 'ru',
      definition: {
        start: 'reminder',
        steps: [
          {
            id: 'reminder',
            type: 'send',
            channel: 'email',
            purpose: 'service',
            content: email({
              en: {
                subject: `Your ${car} is due for its service`,
                lines: [
                  `Your ${car} will soon be due for its scheduled service. Book a convenient time: reply to this e-mail or call us.`,
                ],
              },
              ru: {
                subject: `Пора на ТО: ${car}`,
                lines: [
                  `Скоро подходит срок планового ТО вашего ${car}. Запишитесь на удобное время: ответьте на это письмо или позвоните нам.`,
                ],
              },
              zh: {
                subject: `您的${car}即将到期保养`,
                lines: [`您的${car}即将到达定期保养时间。请回复本邮件或致电预约方便的时间。`],
              },
            }),
            next: 'one-week',
          },
          {
            id: 'one-week',
            type: 'wait',
            mode: 'duration',
            amount: 7,
            unit: 'days',
            atHour: 11,
            next: 'sms',
          },
          {
            id: 'sms',
            type: 'send',
            channel: 'sms',
            purpose: 'service',
            content: {
              en: {
                text: '{{dealer.name}}: your {{vehicle.make}} is due for service. Book: {{dealer.phone}}',
              },
              ru: {
                text: '{{dealer.name}}: подходит срок ТО вашего {{vehicle.make}}. Запись: {{dealer.phone}}',
              },
              zh: {
                text: '{{dealer.name}}：您的{{vehicle.make}}即将保养，预约电话{{dealer.phone}}',
              },
            },
            next: 'second-week',
          },
          {
            id: 'second-week',
            type: 'wait',
            mode: 'duration',
            amount: 7,
            unit: 'days',
            atHour: 10,
            next: 'call',
          },
          {
            id: 'call',
            type: 'task',
            title: title(
              'Service reminder: call to book the service',
              'Напоминание о ТО: позвонить и записать',
              '保养提醒：致电预约保养',
            ),
            kind: 'call',
            assigneeRole: 'call_center',
            dueInDays: 2,
            next: null,
          },
        ],
      },
    },
  },
  {
    key: 'after-visit',
    body: {
      name: 'After-visit follow-up',
      description:
        'Two days after a service visit: how was it? Unhappy answers reach the service advisor by the after-visit call.',
      ownerLevel: 'group',
      trigger: { type: 'lifecycle', event: 'after_visit_follow_up' },
      reentry: 'every',
      reentryDays: 7,
      defaultLanguage: 'ru',
      definition: {
        start: 'feedback',
        steps: [
          {
            id: 'feedback',
            type: 'send',
            channel: 'email',
            purpose: 'surveys',
            content: email({
              en: {
                subject: 'How was your visit?',
                lines: [
                  `Thank you for bringing your ${car} to us. Was everything as you expected? Reply to this e-mail: every answer is read by the service manager.`,
                ],
              },
              ru: {
                subject: 'Как прошёл ваш визит?',
                lines: [
                  `Спасибо, что доверили нам ваш ${car}. Всё ли было так, как вы ожидали? Ответьте на это письмо: каждый ответ читает руководитель сервиса.`,
                ],
              },
              zh: {
                subject: '您对本次服务满意吗？',
                lines: [
                  `感谢您将${car}交给我们。一切是否符合您的期望？请回复本邮件，服务经理会阅读每一条反馈。`,
                ],
              },
            }),
            next: null,
          },
        ],
      },
    },
  },
  {
    key: 'dormant-reactivation',
    body: {
      name: 'Dormant customers: come back',
      description:
        'Seed 004: customers who came within two years but not in the last six months. An e-mail, then two weeks later a call for the high-receipt tier and an SMS for the others; ends when they visit.',
      ownerLevel: 'group',
      trigger: {
        type: 'segment_entered',
        condition: {
          type: 'and',
          conditions: [
            { type: 'service', when: { from: { ago: { amount: 2, unit: 'years' } } } },
            {
              type: 'not',
              condition: {
                type: 'service',
                when: { from: { ago: { amount: 6, unit: 'months' } } },
              },
            },
          ],
        },
      },
      reentry: 'every',
      reentryDays: 180,
      goal: { type: 'service_visit' },
      defaultLanguage: 'ru',
      definition: {
        start: 'we-miss-you',
        steps: [
          {
            id: 'we-miss-you',
            type: 'send',
            channel: 'email',
            content: email({
              en: {
                subject: 'We miss you',
                lines: [
                  `It has been a while since we last saw your ${car}. Come back for a free check-up: we will look after it as always.`,
                ],
              },
              ru: {
                subject: 'Возвращайтесь, мы соскучились',
                lines: [
                  `Давно не видели ваш ${car}. Приезжайте на бесплатную диагностику — позаботимся о нём, как всегда.`,
                ],
              },
              zh: {
                subject: '好久不见，我们想您了',
                lines: [`好久没有见到您的${car}了。欢迎回来免费检测，我们一如既往地用心呵护。`],
              },
            }),
            next: 'two-weeks',
          },
          {
            id: 'two-weeks',
            type: 'wait',
            mode: 'duration',
            amount: 14,
            unit: 'days',
            atHour: 11,
            next: 'tier',
          },
          {
            id: 'tier',
            type: 'condition',
            condition: {
              type: 'service',
              when: { from: { ago: { amount: 2, unit: 'years' } } },
              average: { min: 1_500_000 },
            },
            yes: 'call',
            no: 'sms',
          },
          {
            id: 'call',
            type: 'task',
            title: title(
              'Dormant valued customer: call and invite',
              'Спящий ценный клиент: позвонить и пригласить',
              '沉睡高价值客户：致电邀请',
            ),
            kind: 'call',
            assigneeRole: 'service_advisor',
            dueInDays: 3,
            next: null,
          },
          {
            id: 'sms',
            type: 'send',
            channel: 'sms',
            content: {
              en: {
                text: '{{dealer.name}}: free check-up for your {{vehicle.make}} this month. {{dealer.phone}}',
              },
              ru: {
                text: '{{dealer.name}}: бесплатная диагностика вашего {{vehicle.make}} в этом месяце. {{dealer.phone}}',
              },
              zh: {
                text: '{{dealer.name}}：本月为您的{{vehicle.make}}提供免费检测。{{dealer.phone}}',
              },
            },
            next: null,
          },
        ],
      },
    },
  },
  {
    key: 'trade-in-3-years',
    body: {
      name: 'Trade-in offer at three years',
      description:
        'About three years after purchase (seed 001 §4): a trade-in offer by e-mail, then a call by sales; ends with an order.',
      ownerLevel: 'group',
      trigger: { type: 'lifecycle', event: 'trade_in_offer' },
      reentry: 'every',
      reentryDays: 365,
      goal: { type: 'order' },
      defaultLanguage: 'ru',
      definition: {
        start: 'offer',
        steps: [
          {
            id: 'offer',
            type: 'send',
            channel: 'email',
            content: email({
              en: {
                subject: `What is your ${car} worth today?`,
                lines: [
                  `Your ${car} is three years old: the best time to change it for a new model. We will value it for free and offer you a trade-in bonus.`,
                ],
              },
              ru: {
                subject: `Сколько сегодня стоит ваш ${car}?`,
                lines: [
                  `Вашему ${car} три года — лучшее время для обновления. Бесплатно оценим автомобиль и предложим бонус по трейд-ин.`,
                ],
              },
              zh: {
                subject: `您的${car}现在值多少？`,
                lines: [
                  `您的${car}已使用三年，正是换新的好时机。我们免费为您评估，并提供置换补贴。`,
                ],
              },
            }),
            next: 'wait-week',
          },
          {
            id: 'wait-week',
            type: 'wait',
            mode: 'duration',
            amount: 7,
            unit: 'days',
            atHour: 11,
            next: 'sales-call',
          },
          {
            id: 'sales-call',
            type: 'task',
            title: title(
              'Trade-in offer: call the owner',
              'Предложение трейд-ин: позвонить владельцу',
              '置换优惠：致电车主',
            ),
            kind: 'call',
            assigneeRole: 'sales_consultant',
            dueInDays: 3,
            next: null,
          },
        ],
      },
    },
  },
  {
    key: 'event-invitation',
    body: {
      name: 'Event invitation, reminder and feedback',
      description:
        'Seed 001 (the show): an invitation to the owners who enter the audience, a reminder two days before the event and a feedback request the day after. Set the event date in the steps “reminder-day” and “day-after” before enabling.',
      ownerLevel: 'group',
      trigger: { type: 'segment_entered', condition: { type: 'lifecycle', stages: ['owner'] } },
      reentry: 'once',
      defaultLanguage: 'ru',
      definition: {
        start: 'invitation',
        steps: [
          {
            id: 'invitation',
            type: 'send',
            channel: 'email',
            content: email({
              en: {
                subject: 'You are invited',
                lines: [
                  'We are holding an owners’ event at {{dealer.name}} and would be glad to see you. Reply to this e-mail to register.',
                ],
              },
              ru: {
                subject: 'Приглашаем вас',
                lines: [
                  'Мы проводим встречу владельцев в {{dealer.name}} и будем рады вас видеть. Ответьте на это письмо, чтобы зарегистрироваться.',
                ],
              },
              zh: {
                subject: '诚挚邀请您',
                lines: ['我们将在{{dealer.name}}举办车主活动，期待您的光临。回复本邮件即可报名。'],
              },
            }),
            next: 'reminder-day',
          },
          {
            id: 'reminder-day',
            type: 'wait',
            mode: 'until',
            field: 'fixed_date',
            date: '2027-05-20',
            offsetDays: -2,
            atHour: 11,
            next: 'reminder',
          },
          {
            id: 'reminder',
            type: 'send',
            channel: 'email',
            content: email({
              en: {
                subject: 'See you in two days',
                lines: [
                  'A reminder: our owners’ event is in two days. We look forward to seeing you.',
                ],
              },
              ru: {
                subject: 'Ждём вас через два дня',
                lines: ['Напоминаем: встреча владельцев через два дня. Будем рады вас видеть.'],
              },
              zh: {
                subject: '两天后见',
                lines: ['温馨提醒：车主活动将于两天后举行，期待您的到来。'],
              },
            }),
            next: 'day-after',
          },
          {
            id: 'day-after',
            type: 'wait',
            mode: 'until',
            field: 'fixed_date',
            date: '2027-05-20',
            offsetDays: 1,
            atHour: 12,
            next: 'feedback',
          },
          {
            id: 'feedback',
            type: 'send',
            channel: 'email',
            purpose: 'surveys',
            content: email({
              en: {
                subject: 'Thank you for coming',
                lines: [
                  'How did you like the event? Reply to this e-mail with your impressions: they help us plan the next one.',
                ],
              },
              ru: {
                subject: 'Спасибо, что были с нами',
                lines: [
                  'Как вам встреча? Ответьте на это письмо — ваши впечатления помогут нам подготовить следующую.',
                ],
              },
              zh: {
                subject: '感谢您的光临',
                lines: ['您对本次活动感觉如何？请回复本邮件分享感受，帮助我们办好下一次活动。'],
              },
            }),
            next: null,
          },
        ],
      },
    },
  },
  {
    key: 'model-arrived-test-drive',
    body: {
      name: 'Test drive: the model you asked about has arrived',
      description:
        'Seed 000: when a car of the model a prospect asked about arrives at the dealer, an invitation to a test drive, and two days later a call from sales; ends when he books a test drive. Set the make and model in the trigger before enabling.',
      ownerLevel: 'group',
      trigger: { type: 'model_arrived', make: 'SAAB', model: '9-3' },
      reentry: 'every',
      reentryDays: 30,
      goal: { type: 'test_drive' },
      defaultLanguage: 'ru',
      definition: {
        start: 'invitation',
        steps: [
          {
            id: 'invitation',
            type: 'send',
            channel: 'email',
            content: email({
              en: {
                subject: 'Your {{arrival.make}} {{arrival.model}} is here',
                lines: [
                  'You asked us about the {{arrival.make}} {{arrival.model}}{{#if arrival.trim}} {{arrival.trim}}{{/if}}: one has just arrived at {{dealer.name}}. Reply to this e-mail or call us to book a test drive at a time that suits you.',
                ],
              },
              ru: {
                subject: '{{arrival.make}} {{arrival.model}} уже у нас',
                lines: [
                  'Вы спрашивали о {{arrival.make}} {{arrival.model}}{{#if arrival.trim}} {{arrival.trim}}{{/if}}: автомобиль только что поступил в {{dealer.name}}. Ответьте на это письмо или позвоните нам, чтобы записаться на тест-драйв в удобное время.',
                ],
              },
              zh: {
                subject: '您关注的{{arrival.make}} {{arrival.model}}已到店',
                lines: [
                  '您咨询过的{{arrival.make}} {{arrival.model}}{{#if arrival.trim}} {{arrival.trim}}{{/if}}已到达{{dealer.name}}。回复本邮件或致电我们，预约方便的时间试驾。',
                ],
              },
            }),
            next: 'two-days',
          },
          {
            id: 'two-days',
            type: 'wait',
            mode: 'duration',
            amount: 2,
            unit: 'days',
            atHour: 11,
            next: 'call',
          },
          {
            id: 'call',
            type: 'task',
            title: title(
              'Invite to a test drive: the wanted model has arrived',
              'Пригласить на тест-драйв: поступила модель, о которой спрашивал',
              '邀约试驾：意向车型已到店',
            ),
            kind: 'call',
            assigneeRole: 'sales_consultant',
            dueInDays: 1,
            next: null,
          },
        ],
      },
    },
  },
];

/** The ready-made journeys, checked and with their defaults filled in. */
export function readyMadeJourneys(): { key: string; body: JourneyBody }[] {
  return templates.map(({ key, body }) => ({ key, body: journeyBody.parse(body) }));
}

/**
 * Puts the ready-made journeys in place for the group, disabled, once per key: a journey a
 * manager edited or enabled is never overwritten, and one he deleted is not brought back
 * while its key is taken.
 */
export async function installReadyMadeJourneys(db: Db): Promise<number> {
  const rows = readyMadeJourneys().map(({ key, body: parsed }) => {
    return {
      template_key: key,
      name: parsed.name,
      description: parsed.description ?? null,
      owner_level: parsed.ownerLevel,
      trigger: JSON.stringify(parsed.trigger),
      definition: JSON.stringify(parsed.definition),
      reentry: parsed.reentry,
      reentry_days: parsed.reentry === 'every' ? parsed.reentryDays! : null,
      goal: parsed.goal ? JSON.stringify(parsed.goal) : null,
      default_language: parsed.defaultLanguage,
    };
  });
  const result = await withActor(db, systemActor('job'), (tx) =>
    tx
      .insertInto('journeys')
      .values(rows)
      .onConflict((oc) => oc.column('template_key').doNothing())
      .execute(),
  );
  return result.reduce((sum, r) => sum + Number(r.numInsertedOrUpdatedRows ?? 0), 0);
}
