import { isValidEmail, normalizeEmail } from '../../lib/email.ts';
import type { FieldProblem } from '../../lib/errors.ts';
import { normalizePhone } from '../../lib/phone.ts';
import type { AddressInput, EmailInput, PhoneInput } from './customer.schemas.ts';
import type { AddressKind, EmailKind, PhoneKind } from './vocabulary.ts';

export type PhoneRecord = { e164: string; raw: string; kind: PhoneKind; isPrimary: boolean };
export type EmailRecord = {
  address: string;
  normalized: string;
  kind: EmailKind;
  isPrimary: boolean;
};
export type AddressRecord = Omit<AddressInput, 'kind' | 'country' | 'primary'> & {
  kind: AddressKind;
  country: string;
  isPrimary: boolean;
};

/** Exactly one primary entry: the one marked, else the first. */
function primaryIndex(items: { primary?: boolean | undefined }[]): number {
  const marked = items.findIndex((item) => item.primary);
  return marked >= 0 ? marked : 0;
}

export function normalizePhones(
  phones: PhoneInput[],
  country: string,
  problems: FieldProblem[],
): PhoneRecord[] {
  const primary = primaryIndex(phones);
  const seen = new Set<string>();
  const records: PhoneRecord[] = [];
  phones.forEach((phone, index) => {
    const normalized = normalizePhone(phone.number, country);
    if (!normalized) {
      problems.push({
        path: `phones.${index}.number`,
        message: `"${phone.number}" is not a valid phone number (read with country ${country})`,
        code: 'invalid_phone',
        params: { value: phone.number },
      });
      return;
    }
    if (seen.has(normalized.e164)) return;
    seen.add(normalized.e164);
    records.push({
      e164: normalized.e164,
      raw: phone.number,
      kind: phone.kind ?? 'mobile',
      isPrimary: index === primary,
    });
  });
  return records;
}

export function normalizeEmails(emails: EmailInput[], problems: FieldProblem[]): EmailRecord[] {
  const primary = primaryIndex(emails);
  const seen = new Set<string>();
  const records: EmailRecord[] = [];
  emails.forEach((email, index) => {
    if (!isValidEmail(email.address)) {
      problems.push({
        path: `emails.${index}.address`,
        message: `"${email.address}" is not an e-mail address`,
        code: 'invalid_email',
        params: { value: email.address },
      });
      return;
    }
    const normalized = normalizeEmail(email.address);
    if (seen.has(normalized)) return;
    seen.add(normalized);
    records.push({
      address: email.address.trim(),
      normalized,
      kind: email.kind ?? 'personal',
      isPrimary: index === primary,
    });
  });
  return records;
}

export function normalizeAddresses(addresses: AddressInput[], country: string): AddressRecord[] {
  const primary = primaryIndex(addresses);
  return addresses.map(({ kind, country: given, primary: _primary, ...rest }, index) => ({
    ...rest,
    kind: kind ?? 'home',
    country: (given ?? country).toUpperCase(),
    isPrimary: index === primary,
  }));
}
