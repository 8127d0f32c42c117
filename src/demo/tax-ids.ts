import type { Prng } from './prng.ts';

/**
 * Company tax numbers with their real check digits, so that data-quality rules written
 * later can tell valid numbers from garbage: the Russian INN of a legal entity (10 digits)
 * and the Chinese unified social credit code (统一社会信用代码, GB 32100-2015, 18 characters).
 */
const innWeights = [2, 4, 10, 3, 5, 9, 4, 6, 8];

export function innCheckDigit(first9: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * innWeights[i]!;
  return String((sum % 11) % 10);
}

/** A legal entity's INN registered at a tax office (the first four digits, e.g. 7728). */
export function russianInn(rng: Prng, taxOffice: string): string {
  let body = taxOffice;
  while (body.length < 9) body += String(rng.int(0, 9));
  return body + innCheckDigit(body);
}

export function isValidInn(inn: string): boolean {
  return /^\d{10}$/.test(inn) && innCheckDigit(inn.slice(0, 9)) === inn[9];
}

const uscc = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const usccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const orgCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2];
const orgCodeChars = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += uscc.indexOf(first17[i]!) * usccWeights[i]!;
  return uscc[(31 - (sum % 31)) % 31]!;
}

/** The organisation code inside (GB 11714): 8 characters and a check character. */
function organisationCode(rng: Prng): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += orgCodeChars[i < 2 ? rng.int(0, 9) : rng.int(0, 30)]!;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const char = body[i]!;
    const value = /\d/.test(char) ? Number(char) : char.charCodeAt(0) - 55;
    sum += value * orgCodeWeights[i]!;
  }
  const check = 11 - (sum % 11);
  return body + (check === 10 ? 'X' : check === 11 ? '0' : String(check));
}

/**
 * A unified social credit code: the registering authority and kind ('91' market regulation,
 * enterprise; '11' government body), the six-digit administrative division, the
 * organisation code, the check character.
 */
export function chineseCreditCode(rng: Prng, division: string, authority = '91'): string {
  const first17 = `${authority}${division}${organisationCode(rng)}`;
  return first17 + usccCheckChar(first17);
}

export function isValidCreditCode(code: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code) && usccCheckChar(code.slice(0, 17)) === code[17];
}
