import { describe, expect, it } from 'vitest';
import { makeFormatters } from '../../i18n/format.ts';
import { spendModelText } from './spend-model-text.ts';

// CDNOW's published Gamma-Gamma fit, as if fitted on cents: v = 15.44 dollars = 1544 cents
const cdnowInCents = { p: 6.25, q: 3.74, v: 1544 };

describe('the spend model in a model run, for reading', () => {
  it('shows v in the currency’s major unit and the mean spend per visit it implies', () => {
    expect(spendModelText(cdnowInCents, 'USD', makeFormatters('en'))).toEqual({
      p: '6.25',
      q: '3.74',
      v: '$15.44',
      // 6.25 × 15.44 / 2.74 = 35.22
      meanSpend: '$35.22',
    });
  });

  it('formats the money by the reader’s language', () => {
    const rouble = { p: 2, q: 3, v: 150_000_050 }; // 1,500,000.50 ₽
    const ru = spendModelText(rouble, 'RUB', makeFormatters('ru'));
    expect(ru.v.replace(/\s/g, ' ')).toBe('1 500 000,50 ₽');
    expect(ru.meanSpend?.replace(/\s/g, ' ')).toBe('1 500 000,50 ₽');
    expect(spendModelText(rouble, 'CNY', makeFormatters('zh')).v).toBe('¥1,500,000.50');
  });

  it('keeps a currency without minor units whole and has no mean when q ≤ 1', () => {
    const yen = spendModelText({ p: 1.5, q: 0.8, v: 4200 }, 'JPY', makeFormatters('en'));
    expect(yen.v).toBe('¥4,200');
    expect(yen.meanSpend).toBeNull();
  });
});
