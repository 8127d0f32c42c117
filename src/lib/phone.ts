import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type NormalizedPhone = { e164: string; country: string | undefined };

/**
 * A phone number as the customer wrote it, to E.164. National forms are read with the
 * dealer's country (Russian "8 916 ..." becomes +7 916 ..., Chinese mobiles +86 1xx ...).
 * Returns undefined when the text is not a valid number.
 */
export function normalizePhone(raw: string, defaultCountry: string): NormalizedPhone | undefined {
  const text = raw.trim();
  if (!/\d/.test(text) || text.length > 40) return undefined;
  const parsed = parsePhoneNumberFromString(text, {
    defaultCountry: defaultCountry.toUpperCase() as CountryCode,
    extract: false,
  });
  if (!parsed || !parsed.isValid()) return undefined;
  return { e164: parsed.number, country: parsed.country };
}

/** Only the digits of a phone-like text, e.g. for suffix search. */
export function phoneDigits(text: string): string {
  return text.replace(/\D/g, '');
}

/** Does the text look like (part of) a phone number rather than a name? */
export function looksLikePhone(text: string): boolean {
  const trimmed = text.trim();
  return /^\+?[\d\s().-]+$/.test(trimmed) && phoneDigits(trimmed).length >= 4;
}
