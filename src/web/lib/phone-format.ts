import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** +79151234567 → +7 915 123 45 67: readable, still dialable. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
