import { describe, expect, it } from 'vitest';
import type { EventTextsView } from '../../api/event-care.ts';
import { sameAsBuiltIn, textsInEditor, textsToSave } from './event-texts.ts';

const builtIn = (word: string) => ({
  subject: `${word} {{event.name}}`,
  mjml: `<mjml>${word}</mjml>`,
});

const view: EventTextsView = {
  channel: 'email',
  mayEdit: true,
  texts: [
    { kind: 'reminder', language: 'en', builtIn: builtIn('Reminder'), own: null },
    {
      kind: 'reminder',
      language: 'ru',
      builtIn: builtIn('Напоминание'),
      own: { subject: 'Ждём вас', mjml: '<mjml>Свой</mjml>' },
    },
    { kind: 'feedback', language: 'en', builtIn: builtIn('Feedback'), own: null },
  ],
};

describe('the event texts editor', () => {
  it('starts from the campaign’s own texts, else the built-in ones', () => {
    const start = textsInEditor(view);
    expect(start['reminder:en']).toEqual(builtIn('Reminder'));
    expect(start['reminder:ru']).toEqual({ subject: 'Ждём вас', mjml: '<mjml>Свой</mjml>' });
  });

  it('saves only the texts that differ from the built-in ones', () => {
    const edited = {
      ...textsInEditor(view),
      'feedback:en': { subject: 'How was it?', mjml: '<mjml>Feedback</mjml>' },
    };
    expect(textsToSave(view, edited)).toEqual([
      { kind: 'reminder', language: 'ru', subject: 'Ждём вас', mjml: '<mjml>Свой</mjml>' },
      { kind: 'feedback', language: 'en', subject: 'How was it?', mjml: '<mjml>Feedback</mjml>' },
    ]);
    // the Russian one put back as built-in is no own text any more
    edited['reminder:ru'] = builtIn('Напоминание');
    expect(textsToSave(view, edited).map((text) => text.language)).toEqual(['en']);
  });

  it('compares an SMS by its text only', () => {
    const sms = { subject: '', mjml: '', text: 'See you {{event.startsLocal}}' };
    expect(sameAsBuiltIn('sms', { ...sms, subject: 'ignored' }, sms)).toBe(true);
    expect(sameAsBuiltIn('sms', { ...sms, text: 'Soon' }, sms)).toBe(false);
  });
});
