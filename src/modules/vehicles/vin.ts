import { wmiCountry, wmiMaker } from './wmi.ts';

/**
 * VIN checks (ISO 3779): 17 characters of A-Z and 0-9 without I, O and Q. The 9th character
 * is a check digit that North America requires and China adopted (GB 16735); elsewhere it is
 * often a plain character, so a wrong one is only a warning there.
 */
const letterValues: Record<string, number> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};
const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
/** The 10th character's model-year codes from 1980 (and again from 2010): no I, O, Q, U, Z, 0. */
export const yearCodes = 'ABCDEFGHJKLMNPRSTVWXY123456789';

export type VinCheck =
  | {
      valid: true;
      vin: string;
      maker: string | undefined;
      country: string | undefined;
      modelYear: number | undefined;
      /** set when the check digit is wrong where it is not mandatory */
      warning?: string;
    }
  | { valid: false; vin: string; error: string };

export function normalizeVin(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}

export function checkDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const char = vin[i]!;
    const value = /\d/.test(char) ? Number(char) : (letterValues[char] ?? 0);
    sum += value * weights[i]!;
  }
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

/** The VIN with its 9th character set to the right check digit. */
export function withCheckDigit(vin: string): string {
  return `${vin.slice(0, 8)}${checkDigit(vin)}${vin.slice(9)}`;
}

/** Check digit mandatory: North America (1-5) and China (L). */
export function checkDigitRequired(vin: string): boolean {
  return /^[1-5L]/.test(vin);
}

/**
 * The model year from the 10th character. Codes repeat every 30 years; North American VINs
 * tell the cycle by the 7th character (a letter from 2010), elsewhere the latest year not
 * after next year is taken.
 */
export function modelYear(vin: string, now = new Date()): number | undefined {
  const index = yearCodes.indexOf(vin[9] ?? '');
  if (index < 0) return undefined;
  const first = 1980 + index;
  if (/^[1-5]/.test(vin)) return /[A-Z]/.test(vin[6] ?? '') ? first + 30 : first;
  const latest = now.getUTCFullYear() + 1;
  let year = first;
  while (year + 30 <= latest) year += 30;
  return year;
}

export function checkVin(text: string, now = new Date()): VinCheck {
  const vin = normalizeVin(text);
  if (vin.length !== 17)
    return { valid: false, vin, error: `a VIN has 17 characters, this has ${vin.length}` };
  const bad = vin.match(/[^A-HJ-NPR-Z0-9]/);
  if (bad) {
    return {
      valid: false,
      vin,
      error: /[IOQ]/.test(bad[0])
        ? `a VIN never contains ${bad[0]} (I, O and Q are excluded)`
        : `"${bad[0]}" is not allowed in a VIN`,
    };
  }
  const expected = checkDigit(vin);
  const base = {
    vin,
    maker: wmiMaker(vin),
    country: wmiCountry(vin),
    modelYear: modelYear(vin, now),
  };
  if (vin[8] !== expected) {
    if (checkDigitRequired(vin)) {
      return {
        valid: false,
        vin,
        error: `wrong check digit: the 9th character should be ${expected}`,
      };
    }
    return {
      valid: true,
      ...base,
      warning: `the 9th character is not the ISO 3779 check digit (${expected})`,
    };
  }
  return { valid: true, ...base };
}
