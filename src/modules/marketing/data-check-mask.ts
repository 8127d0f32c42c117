import type { PostalAddress } from './templates.ts';

/**
 * What the public "confirm your data" page shows of a contact. Anyone holding the link (a
 * forwarded letter, a shared mailbox) sees the page, so each value is shown enough for its
 * owner to recognise it and not enough to be harvested: the last digits of a phone, the first
 * letters of an e-mail's mailbox, an address without its flat.
 */

/** +7 *** ***-12-34: the country code and the last four digits. */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  if (digits.length < 7) return '***';
  const last = digits.slice(-4);
  const country = e164.startsWith('+') ? `+${digits.slice(0, digits.length > 11 ? 2 : 1)} ` : '';
  return `${country}*** ***-${last.slice(0, 2)}-${last.slice(2)}`;
}

/** an***@example.com: two letters of the mailbox, the whole domain. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  const mailbox = address.slice(0, at);
  return `${mailbox.slice(0, Math.min(2, mailbox.length - 1) || 1)}***${address.slice(at)}`;
}

export type AddressParts = PostalAddress;

/** The address up to the building; a flat is only hinted at (it names the door). */
export function maskAddress(address: AddressParts): string {
  return [
    address.postcode,
    address.country,
    address.region,
    address.city,
    address.street,
    address.building,
    address.apartment ? '***' : null,
  ]
    .filter((part): part is string => Boolean(part && part.trim()))
    .join(', ');
}
