import { describe, expect, it } from 'vitest';
import { Prng } from './prng.ts';
import {
  chineseCreditCode,
  innCheckDigit,
  isValidCreditCode,
  isValidInn,
  russianInn,
  usccCheckChar,
} from './tax-ids.ts';

describe('company tax numbers of the demo companies', () => {
  it('computes the INN check digit as the tax service does', () => {
    // a published INN of a large Russian bank
    expect(innCheckDigit('770708389')).toBe('3');
    expect(isValidInn('7707083893')).toBe(true);
    expect(isValidInn('7707083894')).toBe(false);
  });

  it('computes the check character of a unified social credit code', () => {
    // the worked example of GB 32100-2015
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('makes valid numbers for the dealer areas', () => {
    const rng = new Prng(5);
    for (let i = 0; i < 200; i++) {
      const inn = russianInn(rng, '7728');
      expect(inn.startsWith('7728')).toBe(true);
      expect(isValidInn(inn)).toBe(true);
      const code = chineseCreditCode(rng, '310115');
      expect(code).toHaveLength(18);
      expect(code.slice(2, 8)).toBe('310115');
      expect(isValidCreditCode(code)).toBe(true);
    }
  });
});
