/**
 * E-mail syntax check and the normalized form used for search and duplicate detection.
 * The syntax rule is deliberately plain (one @, a dotted domain, no spaces): stricter
 * RFC parsing rejects addresses that real mail servers accept.
 */
const emailPattern =
  /^[^\s@"<>()[\],;:]+@[A-Za-z0-9\u00a1-\uffff](?:[A-Za-z0-9\u00a1-\uffff-]*[A-Za-z0-9\u00a1-\uffff])?(?:\.[A-Za-z0-9\u00a1-\uffff](?:[A-Za-z0-9\u00a1-\uffff-]*[A-Za-z0-9\u00a1-\uffff])?)+$/;

export function isValidEmail(address: string): boolean {
  return address.length <= 254 && emailPattern.test(address.trim());
}

export function normalizeEmail(address: string): string {
  return address.trim().toLowerCase();
}
