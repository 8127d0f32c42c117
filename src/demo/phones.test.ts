import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../lib/phone.ts';
import { areaOf } from './places-data.ts';
import { landlinePhone, mobilePhone } from './phones.ts';
import { Prng } from './prng.ts';

describe('phone numbers of demo customers', () => {
  it('writes mobiles in many ways that all read back to the stored E.164', () => {
    const rng = new Prng(9);
    const raws = new Set<string>();
    for (const country of ['RU', 'CN'] as const) {
      for (let i = 0; i < 2_000; i++) {
        const phone = mobilePhone(rng, country);
        expect(phone.e164).toMatch(country === 'RU' ? /^\+79\d{9}$/ : /^\+861[3-9]\d{9}$/);
        expect(normalizePhone(phone.raw, country)?.e164).toBe(phone.e164);
        raws.add(phone.raw.replace(/\d/g, '0'));
      }
    }
    // the raw text really comes in many shapes
    expect(raws.size).toBeGreaterThan(12);
  });

  it('gives companies valid landlines of their town', () => {
    const rng = new Prng(4);
    for (const dealer of ['MSK01', 'MSK02', 'MSK03', 'SPB01', 'SHA01', 'HGH01']) {
      const area = areaOf(dealer);
      for (let i = 0; i < 300; i++) {
        const phone = landlinePhone(rng, area.towns.pick(rng));
        expect(normalizePhone(phone.raw, area.country)?.e164).toBe(phone.e164);
      }
    }
  });
});
