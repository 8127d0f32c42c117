import { describe, expect, it } from 'vitest';
import {
  abMetricsFor,
  draftReady,
  draftsOf,
  keptMetric,
  otherLanguages,
  restartDrafts,
  starterDrafts,
  variantsFrom,
} from './campaign-content.ts';
import type { Starters } from './campaign-fields.tsx';

const starters = (word: string): Starters => ({
  emailMjml: `<mjml>${word}</mjml>`,
  smsText: `${word} sms`,
  callTitle: `${word} title`,
  callScript: `${word} script`,
  letterMjml: `<mjml>${word} letter</mjml>`,
});

describe('the campaign content helpers', () => {
  it('offers only the A/B metrics that measure a channel', () => {
    expect(abMetricsFor('email', false)).toEqual(['open_rate', 'click_rate']);
    expect(abMetricsFor('sms', true)).toEqual(['click_rate', 'registration_rate']);
    expect(abMetricsFor('call', false)).toEqual(['call_success_rate']);
    expect(abMetricsFor('call', true)).toEqual(['call_success_rate', 'registration_rate']);
    // a letter has nothing per variant unless it invites to an event
    expect(abMetricsFor('mail', false)).toEqual([]);
    expect(abMetricsFor('mail', true)).toEqual(['registration_rate']);
    expect(keptMetric('open_rate', ['call_success_rate'])).toBe('call_success_rate');
    expect(keptMetric('click_rate', ['open_rate', 'click_rate'])).toBe('click_rate');
  });

  it('knows when a draft has what its channel needs', () => {
    expect(draftReady('email', { subject: 'Hi', mjml: '<mjml/>' })).toBe(true);
    expect(draftReady('email', { subject: ' ', mjml: '<mjml/>' })).toBe(false);
    expect(draftReady('sms', { subject: '', mjml: '', text: 'Hello' })).toBe(true);
    expect(draftReady('call', { subject: 'Call', mjml: '', text: '' })).toBe(false);
    expect(draftReady('mail', { subject: '', mjml: '<mjml/>' })).toBe(true);
  });

  it('lets untouched starter texts follow the language, and keeps what was written', () => {
    const drafts = starterDrafts(starters('en'));
    drafts.call = [{ ...drafts.call[0]!, text: 'My own script' }];
    drafts.sms = [...drafts.sms, { subject: '', mjml: '', text: 'Variant B' }];
    const next = restartDrafts(drafts, starters('en'), starters('ru'));
    expect(next.email[0]).toEqual({ subject: '', mjml: '<mjml>ru</mjml>' });
    expect(next.call[0]).toEqual({ subject: 'ru title', mjml: '', text: 'My own script' });
    expect(next.sms.map((d) => d.text)).toEqual(['ru sms', 'Variant B']);
    expect(next.mail[0]!.mjml).toBe('<mjml>ru letter</mjml>');
  });

  it('edits one language of saved variants and keeps the others', () => {
    const saved = [
      {
        key: 'A',
        contents: {
          ru: { subject: 'Звонок', mjml: '', text: 'Скрипт' },
          en: { subject: 'Call', mjml: '', text: 'Script' },
        },
      },
    ];
    const drafts = draftsOf(saved, 'ru');
    expect(drafts).toEqual([{ subject: 'Звонок', mjml: '', text: 'Скрипт' }]);
    expect(otherLanguages(saved, 'ru')).toEqual(['en']);
    const variants = variantsFrom(
      'call',
      [
        { ...drafts[0]!, text: 'Новый скрипт' },
        { subject: 'Звонок Б', mjml: 'x', text: 'Б' },
      ],
      'ru',
      saved,
    );
    expect(variants).toEqual([
      {
        key: 'A',
        contents: {
          ru: { subject: 'Звонок', mjml: '', text: 'Новый скрипт' },
          en: { subject: 'Call', mjml: '', text: 'Script' },
        },
      },
      // only the parts a call uses are sent
      { key: 'B', contents: { ru: { subject: 'Звонок Б', mjml: '', text: 'Б' } } },
    ]);
  });
});
