import { describe, expect, it } from 'vitest';
import { makeFormatters } from './format.ts';

describe('money from integer minor units', () => {
  it("divides by the currency's own minor units", () => {
    const format = makeFormatters('en');
    expect(format.money(1_234_550, 'RUB')).toBe('₽12,345.50');
    expect(format.money(1500, 'JPY')).toBe('¥1,500');
    // a code Intl refuses: the number alone, still two decimals of it
    expect(format.money(12_345, 'RUBLE')).toBe('123.45');
  });
});
