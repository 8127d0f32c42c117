import { describe, expect, it } from 'vitest';
import { serviceLifetimeTerms } from './lifetime-terms.ts';

describe('the discounting of the owners’ lifetime value', () => {
  it('is 10 % a year over 10 years of months unless ANALYTICS_DISCOUNT_RATE says otherwise', () => {
    expect(serviceLifetimeTerms({})).toEqual({
      annualRate: 0.1,
      horizonYears: 10,
      periodsPerYear: 12,
      timeUnitsPerYear: 365.25 / 7,
    });
    expect(serviceLifetimeTerms({ ANALYTICS_DISCOUNT_RATE: '0.07' }).annualRate).toBe(0.07);
    expect(serviceLifetimeTerms({ ANALYTICS_DISCOUNT_RATE: '0' }).annualRate).toBe(0);
  });

  it('refuses a rate typed as a percentage, a negative one or a word, naming the setting', () => {
    for (const raw of ['10', '-0.1', 'ten', '1']) {
      expect(() => serviceLifetimeTerms({ ANALYTICS_DISCOUNT_RATE: raw })).toThrow(
        /ANALYTICS_DISCOUNT_RATE/,
      );
    }
  });
});
