import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.ts';
import { ru } from '../../i18n/ru.ts';
import { zh } from '../../i18n/zh.ts';
import { fromMinor, starterTexts, toMinor } from './campaign-fields.tsx';

describe('the new-campaign form’s helpers', () => {
  beforeAll(async () => {
    await i18n.init({
      resources: { en: { translation: en }, ru: { translation: ru }, zh: { translation: zh } },
      lng: 'en',
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
    });
  });

  it('gives starter texts in the campaign’s language with their Handlebars fields intact', () => {
    // the screen is in English; the campaign is written in Russian
    const russian = starterTexts(i18n.t, 'ru', false);
    expect(russian.smsText).toContain('{{customer.firstName}}');
    expect(russian.smsText).toContain('{{links.unsubscribe}}');
    expect(russian.smsText).toMatch(/приглашает/);
    expect(russian.callScript).toContain('{{#if vehicle}}');
    expect(russian.letterMjml).toContain('{{customer.lastName}}');
    expect(russian.emailMjml).toContain('Отписаться');
    const event = starterTexts(i18n.t, 'zh', true);
    expect(event.smsText).toContain('{{links.register}}');
    expect(event.emailMjml).toContain('<mj-button href="{{links.register}}">立即报名</mj-button>');
  });

  it('turns money inputs into minor units of the currency and back', () => {
    expect(toMinor(1500.5, 'RUB')).toBe(150_050);
    expect(toMinor('', 'RUB')).toBeNull();
    expect(toMinor(1500, 'JPY')).toBe(1500);
    expect(fromMinor(150_050, 'CNY')).toBe(1500.5);
    expect(fromMinor(null, 'CNY')).toBe('');
  });
});
