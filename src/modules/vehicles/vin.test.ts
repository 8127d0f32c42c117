import { describe, expect, it } from 'vitest';
import { checkDigit, checkVin, modelYear, withCheckDigit } from './vin.ts';

describe('VIN validation and decoding', () => {
  it('accepts the textbook North-American VIN and computes its check digit', () => {
    // the worked example of the ISO 3779 / 49 CFR 565 check digit
    expect(checkDigit('1M8GDM9AXKP042788')).toBe('X');
    expect(checkVin('1M8GDM9AXKP042788')).toMatchObject({
      valid: true,
      country: 'US',
      modelYear: 1989,
    });
  });

  it('refuses a North-American or Chinese VIN with a wrong check digit', () => {
    expect(checkVin('1M8GDM9A1KP042788')).toMatchObject({
      valid: false,
      error: expect.stringContaining('X'),
    });
    const chinese = withCheckDigit('LSVAU2180N2183294');
    expect(checkVin(chinese)).toMatchObject({ valid: true, maker: 'Volkswagen', country: 'CN' });
    const broken = chinese.slice(0, 8) + (chinese[8] === '0' ? '1' : '0') + chinese.slice(9);
    expect(checkVin(broken).valid).toBe(false);
  });

  it('only warns about the check digit of a European VIN', () => {
    const vin = 'WBA3A5C51CF256985';
    const good = withCheckDigit(vin);
    const bad = good.slice(0, 8) + (good[8] === '0' ? '1' : '0') + good.slice(9);
    expect(checkVin(bad)).toMatchObject({
      valid: true,
      maker: 'BMW',
      country: 'DE',
      warning: expect.any(String),
    });
    expect(checkVin(good)).not.toHaveProperty('warning');
  });

  it('names what is wrong: length, I/O/Q, other characters', () => {
    expect(checkVin('WBA3A5C51CF25698')).toMatchObject({
      valid: false,
      error: expect.stringContaining('16'),
    });
    expect(checkVin('WBA3A5C51CF25698O')).toMatchObject({
      valid: false,
      error: expect.stringContaining('I, O and Q'),
    });
    expect(checkVin('WBA3A5C51CF2569_8')).toMatchObject({ valid: false });
  });

  it('normalises case, spaces and dashes', () => {
    expect(checkVin(' 1m8gdm9a-xkp042788 ')).toMatchObject({
      valid: true,
      vin: '1M8GDM9AXKP042788',
    });
  });

  it('reads the model year within the right 30-year cycle', () => {
    const now = new Date('2026-11-22');
    expect(modelYear('XTA21070000000000'.slice(0, 9) + 'N' + '0000000', now)).toBe(2022);
    expect(modelYear('WBA00000000000000'.slice(0, 9) + 'T' + '0000000', now)).toBe(2026);
    expect(modelYear('WBA00000000000000'.slice(0, 9) + 'V' + '0000000', now)).toBe(2027);
    expect(modelYear('WBA00000000000000'.slice(0, 9) + 'W' + '0000000', now)).toBe(1998);
  });
});
