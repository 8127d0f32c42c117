import type { Language } from '../customers/index.ts';
import type { CampaignChannel, EventMessageKind } from './schema.ts';
import type { TemplateContent } from './templates.ts';

/**
 * The built-in texts of an event's reminders and feedback request, in the person's language.
 * Handlebars over the person and `event` (name, venue, start on the showroom's clock);
 * links.register is his own page, where he can also cancel, links.feedback his rating page.
 */
type Words = {
  subject: Record<EventMessageKind, string>;
  lead: Record<EventMessageKind, string>;
  when: string;
  where: string;
  cancel: string;
  cancelButton: string;
  rateButton: string;
};

const words: Record<Language, Words> = {
  en: {
    subject: {
      reminder: 'Reminder: {{event.name}}, {{event.startsLocal}}',
      morning: 'Today: {{event.name}}, {{event.startsLocal}}',
      feedback: 'How was {{event.name}}?',
    },
    lead: {
      reminder: 'we look forward to seeing you at {{event.name}}.',
      morning: 'see you today at {{event.name}}.',
      feedback: 'thank you for coming to {{event.name}}. How did you like it? One click, 1 to 5:',
    },
    when: 'When',
    where: 'Where',
    cancel: 'Cannot come? Please cancel, so that someone on the waiting list gets your place:',
    cancelButton: 'My registration',
    rateButton: 'Rate the event',
  },
  ru: {
    subject: {
      reminder: 'Напоминание: {{event.name}}, {{event.startsLocal}}',
      morning: 'Сегодня: {{event.name}}, {{event.startsLocal}}',
      feedback: 'Как вам {{event.name}}?',
    },
    lead: {
      reminder: 'ждём вас на мероприятии «{{event.name}}».',
      morning: 'сегодня ждём вас на мероприятии «{{event.name}}».',
      feedback: 'спасибо, что пришли на «{{event.name}}». Как вам понравилось? Оцените от 1 до 5:',
    },
    when: 'Когда',
    where: 'Где',
    cancel:
      'Не получается прийти? Отмените регистрацию, чтобы ваше место досталось тому, кто в листе ожидания:',
    cancelButton: 'Моя регистрация',
    rateButton: 'Оценить мероприятие',
  },
  zh: {
    subject: {
      reminder: '提醒：{{event.name}}，{{event.startsLocal}}',
      morning: '今天：{{event.name}}，{{event.startsLocal}}',
      feedback: '您觉得{{event.name}}怎么样？',
    },
    lead: {
      reminder: '我们期待您光临{{event.name}}。',
      morning: '今天在{{event.name}}恭候您。',
      feedback: '感谢您参加{{event.name}}。您满意吗？请打 1 到 5 分：',
    },
    when: '时间',
    where: '地点',
    cancel: '无法到场？请取消报名，把名额留给候补的客人：',
    cancelButton: '我的报名',
    rateButton: '为活动评分',
  },
};

const greeting = '{{#if customer.firstName}}{{customer.firstName}}, {{/if}}';
const venue = (w: Words) => `{{#if event.venue}}${w.where}: {{event.venue}}{{/if}}`;

function email(kind: EventMessageKind, w: Words): TemplateContent {
  const details =
    kind === 'feedback'
      ? `<mj-button href="{{links.feedback}}">${w.rateButton}</mj-button>`
      : `<mj-text>${w.when}: {{event.startsLocal}}<br>${venue(w)}</mj-text>
  <mj-text>${w.cancel}</mj-text>
  <mj-button href="{{links.register}}">${w.cancelButton}</mj-button>`;
  return {
    subject: w.subject[kind],
    mjml: `<mjml><mj-body><mj-section><mj-column>
  <mj-text>${greeting}${w.lead[kind]}</mj-text>
  ${details}
</mj-column></mj-section></mj-body></mjml>`,
  };
}

function sms(kind: EventMessageKind, w: Words): TemplateContent {
  const text =
    kind === 'feedback'
      ? `${greeting}${w.lead[kind]} {{links.feedback}}`
      : `${greeting}${w.lead[kind]} ${w.when}: {{event.startsLocal}}. ${venue(w)} ${w.cancelButton}: {{links.register}}`;
  return { subject: '', mjml: '', text };
}

/** The contents of one kind of message on one channel, in every language. */
export function careContents(
  kind: EventMessageKind,
  channel: 'email' | 'sms',
): Record<Language, TemplateContent> {
  const build = channel === 'email' ? email : sms;
  return { en: build(kind, words.en), ru: build(kind, words.ru), zh: build(kind, words.zh) };
}

/** Calls and letters have no outbox channel: their events are reminded by e-mail. */
export const careChannelOf = (channel: CampaignChannel): 'email' | 'sms' =>
  channel === 'sms' ? 'sms' : 'email';

/** The campaign's own texts where it has them (per language), the built-in ones elsewhere. */
export function withOwnTexts(
  builtIn: Record<Language, TemplateContent>,
  own: Partial<Record<Language, TemplateContent>> | undefined,
): Record<Language, TemplateContent> {
  return { ...builtIn, ...own };
}

/** What an own text lacks for its channel: e-mail a subject and MJML, SMS the text. */
export function missingParts(
  channel: 'email' | 'sms',
  content: TemplateContent,
): ('subject' | 'mjml' | 'text')[] {
  const parts = channel === 'email' ? (['subject', 'mjml'] as const) : (['text'] as const);
  return parts.filter((part) => !content[part]?.trim());
}
