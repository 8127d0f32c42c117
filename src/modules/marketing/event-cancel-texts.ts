import type { Language } from '../customers/index.ts';
import type { TemplateContent } from './templates.ts';

/**
 * The built-in cancellation notice of an event, in the person's language: his own place
 * cancelled (`cancel.byGuest`, e-mail only: it carries the calendar file that removes his
 * entry), his registration cancelled by staff (`cancel.byStaff`, 0246) or the whole event
 * cancelled by the dealer. Staff's reason is internal and not said. Handlebars over the person, `event`
 * (name, venue, start) and `cancel` (templates.ts, EventCancelContext).
 */
type Words = {
  guestSubject: string;
  guestLead: string;
  staffLead: string;
  again: string;
  button: string;
  eventSubject: string;
  eventLead: string;
  calendar: string;
};

const words: Record<Language, Words> = {
  en: {
    guestSubject: 'Cancelled: your registration for {{event.name}}',
    guestLead:
      'your registration for {{event.name}} ({{event.startsLocal}}) is cancelled, as you asked.',
    staffLead: 'your registration for {{event.name}} ({{event.startsLocal}}) has been cancelled.',
    again: 'Changed your mind? While places last, you can register again on your page.',
    button: 'My registration',
    eventSubject: 'Cancelled: {{event.name}}, {{event.startsLocal}}',
    eventLead: 'we are sorry: {{event.name}} ({{event.startsLocal}}) is cancelled.',
    calendar: 'The attached file removes it from your calendar.',
  },
  ru: {
    guestSubject: 'Отменено: ваша регистрация на «{{event.name}}»',
    guestLead:
      'ваша регистрация на мероприятие «{{event.name}}» ({{event.startsLocal}}) отменена, как вы и просили.',
    staffLead: 'ваша регистрация на мероприятие «{{event.name}}» ({{event.startsLocal}}) отменена.',
    again: 'Передумали? Пока есть места, можно снова зарегистрироваться на вашей странице.',
    button: 'Моя регистрация',
    eventSubject: 'Отменено: {{event.name}}, {{event.startsLocal}}',
    eventLead: 'к сожалению, мероприятие «{{event.name}}» ({{event.startsLocal}}) отменено.',
    calendar: 'Приложенный файл удалит его из вашего календаря.',
  },
  zh: {
    guestSubject: '已取消：您的{{event.name}}报名',
    guestLead: '您在{{event.name}}（{{event.startsLocal}}）的报名已按您的要求取消。',
    staffLead: '您在{{event.name}}（{{event.startsLocal}}）的报名已取消。',
    again: '改变主意了？名额未满时，您可以在您的页面重新报名。',
    button: '我的报名',
    eventSubject: '活动取消：{{event.name}}，{{event.startsLocal}}',
    eventLead: '很抱歉，{{event.name}}（{{event.startsLocal}}）已取消。',
    calendar: '附件文件会将其从您的日历中删除。',
  },
};

const greeting = '{{#if customer.firstName}}{{customer.firstName}}, {{/if}}';

// a Handlebars block stays inside one mj-text: MJML drops text standing between its tags
function email(w: Words): TemplateContent {
  return {
    subject: `{{#if cancel.byGuest}}${w.guestSubject}{{else if cancel.byStaff}}${w.guestSubject}{{else}}${w.eventSubject}{{/if}}`,
    mjml: `<mjml><mj-body><mj-section><mj-column>
  <mj-text>${greeting}{{#if cancel.byGuest}}${w.guestLead}{{else if cancel.byStaff}}${w.staffLead}{{else}}${w.eventLead}{{/if}}{{#if cancel.registered}} ${w.calendar}{{/if}}</mj-text>
  <mj-text>{{#if cancel.byGuest}}${w.again} <a href="{{links.register}}">${w.button}</a>{{else if cancel.byStaff}}${w.again} <a href="{{links.register}}">${w.button}</a>{{/if}}</mj-text>
</mj-column></mj-section></mj-body></mjml>`,
  };
}

/** an SMS event's guests hear of a cancelled event, or staff's cancel, by SMS; their own needs none */
function sms(w: Words): TemplateContent {
  return {
    subject: '',
    mjml: '',
    text: `${greeting}{{#if cancel.byStaff}}${w.staffLead}{{else}}${w.eventLead}{{/if}}`,
  };
}

/** The notice on one channel, in every language. */
export function cancelNoticeContents(channel: 'email' | 'sms'): Record<Language, TemplateContent> {
  const build = channel === 'email' ? email : sms;
  return { en: build(words.en), ru: build(words.ru), zh: build(words.zh) };
}
