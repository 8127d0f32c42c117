import { describe, expect, it } from 'vitest';
import {
  abMetricsFor,
  abMetricsOffered,
  draftReady,
  keptMetric,
  restartDrafts,
  starterDrafts,
  textErrors,
  textsOf,
  textsReady,
  variantsFrom,
  variantsFromTexts,
  withLanguage,
  withoutLanguage,
  withSendTimes,
  writtenLanguages,
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
    // a letter is judged by the response code each variant prints, if it has a code
    expect(abMetricsFor('mail', false)).toEqual(['response_rate']);
    expect(abMetricsFor('mail', true)).toEqual(['response_rate', 'registration_rate']);
    expect(abMetricsOffered('mail', false, true)).toEqual(['response_rate']);
    expect(abMetricsOffered('mail', false, false)).toEqual([]);
    expect(abMetricsOffered('mail', true, false)).toEqual(['registration_rate']);
    expect(abMetricsOffered('email', false, false)).toEqual(['open_rate', 'click_rate']);
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

  it('writes a new campaign’s variants in its one language, only the channel’s parts', () => {
    expect(
      variantsFrom(
        'call',
        [
          { subject: 'Звонок', mjml: '', text: 'Скрипт' },
          { subject: 'Звонок Б', mjml: 'x', text: 'Б' },
        ],
        'ru',
      ),
    ).toEqual([
      { key: 'A', contents: { ru: { subject: 'Звонок', mjml: '', text: 'Скрипт' } } },
      { key: 'B', contents: { ru: { subject: 'Звонок Б', mjml: '', text: 'Б' } } },
    ]);
  });

  it('adds a Russian text to an English SMS variant, edits it and removes the Chinese one', () => {
    const saved = [
      {
        key: 'A',
        contents: {
          en: { subject: '', mjml: '', text: 'Winter tyres -20%' },
          zh: { subject: '', mjml: '', text: '冬季轮胎八折' },
        },
      },
    ];
    const [texts] = textsOf(saved);
    expect(writtenLanguages(texts!)).toEqual(['en', 'zh']);
    // the new language starts as a copy of the default one, to be translated
    const withRu = withLanguage(texts!, 'ru', 'en');
    expect(withRu.ru).toEqual({ subject: '', mjml: '', text: 'Winter tyres -20%' });
    expect(withLanguage(withRu, 'ru', 'en')).toBe(withRu);
    const edited = { ...withRu, ru: { ...withRu.ru!, text: 'Зимние шины -20%' } };
    const noZh = withoutLanguage(edited, 'zh', 'en');
    // the default language cannot be removed: every variant needs it
    expect(withoutLanguage(noZh, 'en', 'en')).toBe(noZh);
    expect(writtenLanguages(noZh)).toEqual(['en', 'ru']);
    expect(
      variantsFromTexts('sms', [noZh, { en: { subject: 'x', mjml: 'y', text: 'B' } }]),
    ).toEqual([
      {
        key: 'A',
        contents: {
          en: { subject: '', mjml: '', text: 'Winter tyres -20%' },
          ru: { subject: '', mjml: '', text: 'Зимние шины -20%' },
        },
      },
      { key: 'B', contents: { en: { subject: '', mjml: '', text: 'B' } } },
    ]);
    // the saved campaign is not changed by the editing
    expect(Object.keys(saved[0]!.contents)).toEqual(['en', 'zh']);
  });

  it('is ready only with the default language in every variant and each language complete', () => {
    const en = { subject: 'Hi', mjml: '<mjml/>' };
    expect(
      textsReady('email', [{ en }, { en, ru: { subject: 'Привет', mjml: '<mjml/>' } }], 'en'),
    ).toBe(true);
    expect(textsReady('email', [{ en, ru: { subject: '', mjml: '<mjml/>' } }], 'en')).toBe(false);
    expect(textsReady('email', [{ ru: { subject: 'Привет', mjml: '<mjml/>' } }], 'en')).toBe(false);
  });

  it('files the server’s problems under their variant, language and part', () => {
    const errors = {
      'variants.1.contents.ru.text': 'required for a sms campaign',
      'variants.1.contents.en': 'every variant needs the default language',
      'variants.0.contents.zh.text': 'not this variant',
      segmentId: 'not a text',
    };
    expect(textErrors(errors, 1)).toEqual({
      ru: { subject: undefined, mjml: undefined, text: 'required for a sms campaign' },
      en: { subject: undefined, mjml: 'every variant needs the default language', text: undefined },
    });
    expect(textErrors(errors, 2)).toEqual({});
  });

  it('gives each variant its send time on e-mail and SMS, and none on calls and letters', () => {
    const variants = [
      { key: 'A', contents: { en: { subject: 'a', mjml: 'x' } } },
      { key: 'B', contents: { en: { subject: 'b', mjml: 'y' } } },
    ];
    const times = [null, { kind: 'hour', hour: 18 } as const];
    expect(withSendTimes('email', variants, times).map((v) => v.sendTime)).toEqual([
      null,
      { kind: 'hour', hour: 18 },
    ]);
    // a variant the times do not reach (added without one) goes at once
    expect(
      withSendTimes('sms', variants, [{ kind: 'hour', hour: 18 }]).map((v) => v.sendTime),
    ).toEqual([{ kind: 'hour', hour: 18 }, null]);
    expect(withSendTimes('call', variants, times).map((v) => v.sendTime)).toEqual([null, null]);
    expect(withSendTimes('mail', variants, times).map((v) => v.sendTime)).toEqual([null, null]);
  });
});
