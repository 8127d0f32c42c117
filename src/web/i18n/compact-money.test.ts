import { describe, expect, it } from 'vitest';
import { compactMoney } from './compact-money.ts';

describe('compact money for wide tables', () => {
  it('writes large amounts short in each interface language, from minor units', () => {
    expect(compactMoney('en', 87_000_000, 'RUB')).toBe('₽870k');
    expect(compactMoney('en', 300_000_000_000, 'RUB')).toBe('₽3bn');
    expect(compactMoney('ru', 870_000_000, 'RUB')).toBe('8,7\u00a0млн\u00a0₽');
    expect(compactMoney('zh', 300_000_000, 'CNY')).toBe('¥300万');
    // small amounts keep their fraction, at most one digit
    expect(compactMoney('en', 12_345, 'RUB')).toBe('₽123.5');
  });
});
