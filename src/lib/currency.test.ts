import { describe, expect, it } from 'vitest';
import { isCurrencyCode } from './currency.ts';

describe('a currency code', () => {
  it('is one of ISO 4217, in either case', () => {
    expect(['RUB', 'CNY', 'EUR', 'usd'].map(isCurrencyCode)).toEqual([true, true, true, true]);
    expect(['ABC', 'RU', ''].map(isCurrencyCode)).toEqual([false, false, false]);
  });
});
