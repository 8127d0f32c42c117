import { describe, expect, it } from 'vitest';
import {
  currenciesWithOtherDigits,
  isCurrencyCode,
  majorText,
  minorDigits,
  parseAmountMinor,
  plainMoney,
  toMajor,
  toMinor,
} from './currency.ts';

describe('a currency code', () => {
  it('is one of ISO 4217, in either case', () => {
    expect(['RUB', 'CNY', 'EUR', 'usd'].map(isCurrencyCode)).toEqual([true, true, true, true]);
    expect(['ABC', 'RU', ''].map(isCurrencyCode)).toEqual([false, false, false]);
  });
});

describe('minor units', () => {
  it('are two for the rouble and the yuan, none for the yen, three for the Kuwaiti dinar', () => {
    expect(['RUB', 'CNY', 'JPY', 'KWD'].map(minorDigits)).toEqual([2, 2, 0, 3]);
  });

  it('turn into the major unit by the currency, not by a fixed hundred', () => {
    expect(toMajor(1_250_050, 'RUB')).toBe(12_500.5);
    expect(toMajor(1500, 'JPY')).toBe(1500);
    expect(toMajor(1500, 'KWD')).toBe(1.5);
    expect(toMinor(12_500.5, 'CNY')).toBe(1_250_050);
    expect(toMinor(1500, 'JPY')).toBe(1500);
  });

  it('read as plain text with the currency digits', () => {
    expect(plainMoney(1_250_050, 'RUB')).toBe('12500.50 RUB');
    expect(plainMoney(1500, 'JPY')).toBe('1500 JPY');
    // an unknown code keeps two decimals rather than failing the file
    expect(plainMoney(1000, 'XYZ')).toBe('10.00 XYZ');
    expect(majorText(1500, 'KWD')).toBe('1.500');
  });

  it('lists the currencies that do not have two decimals, for SQL', () => {
    const other = currenciesWithOtherDigits();
    expect(other.JPY).toBe(0);
    expect(other.KWD).toBe(3);
    expect(other.RUB).toBeUndefined();
  });
});

describe('an amount typed or exported as text', () => {
  it('reads amounts with either decimal mark and thousands spaces, into minor units', () => {
    expect(parseAmountMinor('12 345,50', 'RUB')).toBe(1_234_550);
    expect(parseAmountMinor('12,345.5', 'RUB')).toBe(1_234_550);
    expect(parseAmountMinor('1.234,05', 'RUB')).toBe(123_405);
    expect(parseAmountMinor('700 ₽', 'RUB')).toBe(70_000);
    expect(parseAmountMinor('-5', 'RUB')).toBeUndefined();
    expect(parseAmountMinor('abc', 'RUB')).toBeUndefined();
    // the yen has no minor units: whole yen only
    expect(parseAmountMinor('15 000', 'JPY')).toBe(15_000);
    expect(parseAmountMinor('15000,50', 'JPY')).toBeUndefined();
    // the Kuwaiti dinar has three; a Swiss thousands mark is a separator
    expect(parseAmountMinor('1500.125', 'KWD')).toBe(1_500_125);
    expect(parseAmountMinor('1’500', 'RUB')).toBe(150_000);
  });
});
