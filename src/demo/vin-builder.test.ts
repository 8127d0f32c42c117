import { describe, expect, it } from 'vitest';
import { checkVin, modelYear } from '../modules/vehicles/index.ts';
import { Prng } from './prng.ts';
import {
  buildVin,
  chinesePlate,
  descriptorSection,
  russianPlate,
  yearCode,
} from './vin-builder.ts';

describe('VINs and plates of demo vehicles', () => {
  it('builds VINs with the ISO 3779 check digit and the model year in position 10', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    for (const [wmi, year] of [
      ['L6T', 2019],
      ['Y4K', 2024],
      ['XZG', 2022],
      ['LGW', 2026],
      ['XTA', 2012],
    ] as const) {
      const vin = buildVin(wmi, descriptorSection(`${wmi}|model`), year, 123_456);
      const check = checkVin(vin, now);
      expect(check).toMatchObject({ valid: true });
      expect(check.valid && check.warning).toBeFalsy();
      expect(modelYear(vin, now)).toBe(year);
    }
    expect(yearCode(2019)).toBe('K');
    expect(yearCode(2030)).toBe('Y');
    expect(yearCode(2031)).toBe('1');
  });

  it('never repeats a VIN for different serial numbers', () => {
    const vins = new Set<string>();
    for (const serial of [0, 1, 999_999, 1_000_000, 1_000_001, 5_123_456, 32_999_999]) {
      vins.add(buildVin('LGW', 'ABCDE', 2024, serial));
    }
    expect(vins.size).toBe(7);
  });

  it('writes plates the way each country does', () => {
    const rng = new Prng(1);
    for (let i = 0; i < 50; i++) {
      expect(russianPlate(rng, ['77', '197'])).toMatch(
        /^[АВЕКМНОРСТУХ]\d{3}[АВЕКМНОРСТУХ]{2}(77|197)$/,
      );
      expect(chinesePlate(rng, ['沪A'])).toMatch(/^沪A[0-9A-HJ-NP-Z]{5}$/);
    }
  });
});
