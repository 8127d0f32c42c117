import type { Language } from '../customers/index.ts';
import type { TemplateContent } from './templates.ts';

/**
 * The built-in change notice of an event (venue or time moved after the invitations went), in
 * the person's language: what changed, old and new, and his own page. Handlebars over the
 * person, `event` (name, venue, start now) and `change` (templates.ts, EventChangeContext).
 */
type Words = {
  subject: string;
  lead: string;
  when: string;
  where: string;
  was: string;
  noVenue: string;
  kept: string;
  button: string;
};

const words: Record<Language, Words> = {
  en: {
    subject: 'Changed: {{event.name}}, now {{change.newStartsLocal}}',
    lead: 'the details of {{event.name}} have changed.',
    when: 'When',
    where: 'Where',
    was: 'before',
    noVenue: 'not given',
    kept: 'Your place is kept. If you cannot come now, please cancel, so that someone on the waiting list gets it.',
    button: 'My registration',
  },
  ru: {
    subject: 'Изменения: {{event.name}}, теперь {{change.newStartsLocal}}',
    lead: 'изменились детали мероприятия «{{event.name}}».',
    when: 'Когда',
    where: 'Где',
    was: 'было',
    noVenue: 'не указано',
    kept: 'Ваше место сохранено. Если теперь не получается прийти, отмените регистрацию, чтобы место досталось тому, кто в листе ожидания.',
    button: 'Моя регистрация',
  },
  zh: {
    subject: '活动变更：{{event.name}}，现为{{change.newStartsLocal}}',
    lead: '{{event.name}}的安排有变化。',
    when: '时间',
    where: '地点',
    was: '原为',
    noVenue: '未注明',
    kept: '您的名额保留。如果现在无法到场，请取消报名，把名额留给候补的客人。',
    button: '我的报名',
  },
};

const greeting = '{{#if customer.firstName}}{{customer.firstName}}, {{/if}}';
const venueOf = (w: Words, which: 'oldVenue' | 'newVenue') =>
  `{{#if change.${which}}}{{change.${which}}}{{else}}${w.noVenue}{{/if}}`;

/** "When: new (before: old)" for what changed, "When: new" for what did not. */
function lines(w: Words): { when: string; where: string } {
  return {
    when: `${w.when}: {{change.newStartsLocal}}{{#if change.timeChanged}} (${w.was}: {{change.oldStartsLocal}}){{/if}}`,
    where: `${w.where}: ${venueOf(w, 'newVenue')}{{#if change.venueChanged}} (${w.was}: ${venueOf(w, 'oldVenue')}){{/if}}`,
  };
}

// a Handlebars block stays inside one mj-text: MJML drops text standing between its tags
function email(w: Words): TemplateContent {
  const { when, where } = lines(w);
  return {
    subject: w.subject,
    mjml: `<mjml><mj-body><mj-section><mj-column>
  <mj-text>${greeting}${w.lead}</mj-text>
  <mj-text>${when}<br>${where}{{#if change.registered}}<br><br>${w.kept}{{/if}}</mj-text>
  <mj-button href="{{links.register}}">${w.button}</mj-button>
</mj-column></mj-section></mj-body></mjml>`,
  };
}

function sms(w: Words): TemplateContent {
  const { when, where } = lines(w);
  return {
    subject: '',
    mjml: '',
    text: `${greeting}${w.lead} ${when}. ${where}. ${w.button}: {{links.register}}`,
  };
}

/** The notice on one channel, in every language. */
export function changeNoticeContents(channel: 'email' | 'sms'): Record<Language, TemplateContent> {
  const build = channel === 'email' ? email : sms;
  return { en: build(words.en), ru: build(words.ru), zh: build(words.zh) };
}
