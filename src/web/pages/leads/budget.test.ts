import { describe, expect, it } from 'vitest';
import { budgetChange, budgetCurrencies, budgetForm, numberSeparators } from './budget.ts';

describe('the budget on the lead page', () => {
  it('starts from the lead’s budget in major units, or empty in the dealer’s currency', () => {
    expect(budgetForm({ minor: 450_000_000, currency: 'RUB' }, 'CNY')).toEqual({
      amount: 4_500_000,
      currency: 'RUB',
    });
    expect(budgetForm(null, 'CNY')).toEqual({ amount: null, currency: 'CNY' });
    // yen have no minor unit
    expect(budgetForm({ minor: 3_000_000, currency: 'JPY' }, 'RUB').amount).toBe(3_000_000);
  });

  it('sends nothing when untouched, the amount in minor units when changed, null when emptied', () => {
    const initial = { amount: 4_500_000, currency: 'RUB' };
    expect(budgetChange(initial, { ...initial })).toBeUndefined();
    expect(budgetChange(initial, { amount: 4_750_000.5, currency: 'RUB' })).toEqual({
      minor: 475_000_050,
      currency: 'RUB',
    });
    expect(budgetChange(initial, { amount: 4_500_000, currency: 'CNY' })).toEqual({
      minor: 450_000_000,
      currency: 'CNY',
    });
    expect(budgetChange(initial, { amount: null, currency: 'RUB' })).toBeNull();
  });

  it('offers the usual currencies, and keeps a lead’s other one', () => {
    expect(budgetCurrencies('CNY')).toEqual(['RUB', 'CNY', 'EUR', 'USD']);
    expect(budgetCurrencies('KZT')).toEqual(['KZT', 'RUB', 'CNY', 'EUR', 'USD']);
  });

  it('writes digit groups the locale’s way', () => {
    expect(numberSeparators('en-GB')).toEqual({ group: ',', decimal: '.' });
    expect(numberSeparators('ru-RU')).toEqual({ group: '\u00a0', decimal: ',' });
    expect(numberSeparators('zh-CN')).toEqual({ group: ',', decimal: '.' });
  });
});
