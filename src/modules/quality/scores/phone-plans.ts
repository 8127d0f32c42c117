/**
 * Stored phones are E.164 (the API reads what people type with libphonenumber and refuses what
 * does not parse), but bulk loads, SQL and data from before that rule write the column directly, and its
 * check constraint only asks for + and 7-15 digits. The quality run flags a number that does
 * not fit the numbering plan of its country code, for the plans of our markets; other codes
 * are not judged. The plans are coarser than libphonenumber's (they know the lengths and the
 * leading digits, not every area code), so what they flag libphonenumber also refuses, and a
 * test keeps it so.
 */
export const phonePlans: { prefix: string; pattern: string }[] = [
  // Russia (3, 4, 8, 9) and Kazakhstan (7): ten digits after +7
  { prefix: '+7', pattern: '^[+]7[3-47-9][0-9]{9}$' },
  // China: mobiles 1[3-9] + 9 digits; Beijing 10 and the 2x cities + 8 digits; three-digit
  // area codes + 7 or 8 digits; no national 0 after +86
  { prefix: '+86', pattern: '^[+]86(1[3-9][0-9]{9}|10[0-9]{8}|2[0-9]{9}|[3-9][0-9]{9,10})$' },
  // North America: area code and exchange never start with 0 or 1
  { prefix: '+1', pattern: '^[+]1[2-9][0-9]{2}[2-9][0-9]{6}$' },
];

/** Does the stored E.164 number fit the plan of its country code (when we know it)? */
export function phoneFitsPlan(e164: string): boolean {
  const plan = phonePlans.find((p) => e164.startsWith(p.prefix));
  return !plan || new RegExp(plan.pattern).test(e164);
}
