/**
 * Tax ids of company customers (the SQL forms are `quality_inn_valid` and `quality_uscc_valid`
 * of migration 0213, held to the same answers by a test).
 */

const innWeights10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const innWeights11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const innWeights12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function innDigit(digits: number[], weights: number[]): number {
  const sum = weights.reduce((total, weight, i) => total + weight * digits[i]!, 0);
  return (sum % 11) % 10;
}

/**
 * Russian INN: 10 digits for an organisation (the last a check digit), 12 for an individual
 * entrepreneur (the last two), each the weighted sum mod 11 mod 10.
 */
export function innValid(id: string): boolean {
  if (!/^(\d{10}|\d{12})$/.test(id)) return false;
  const digits = [...id].map(Number);
  if (digits.length === 10) return innDigit(digits, innWeights10) === digits[9];
  return (
    innDigit(digits, innWeights11) === digits[10] && innDigit(digits, innWeights12) === digits[11]
  );
}

/** The 31 characters of GB 32100 codes, in the order of their values 0-30. */
export const usccAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * Chinese unified social credit code (GB 32100-2015): 18 characters of the alphabet above; the
 * 18th is the check character, value 31 - (sum of value x 3^(i-1) mod 31 over the first 17)
 * mod 31.
 */
export function usccValid(id: string): boolean {
  if (id.length !== 18) return false;
  let sum = 0;
  let weight = 1;
  for (let i = 0; i < 17; i++) {
    const value = usccAlphabet.indexOf(id[i]!);
    if (value < 0) return false;
    sum += value * weight;
    weight = (weight * 3) % 31;
  }
  return id[17] === usccAlphabet[(31 - (sum % 31)) % 31];
}

/** Spaces and dashes people type into ids, and lower case. */
export function normalizeTaxId(taxId: string): string {
  return taxId.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * A company's tax id against its country (its address's, else its dealer's): in Russia an
 * INN, in China a unified social credit code. With no country known, the form decides (10 or
 * 12 digits are read as an INN, 18 characters as a credit code); other countries' ids are not
 * judged.
 */
export function taxIdProblem(taxId: string, country: string | null): 'invalid_tax_id' | undefined {
  const id = normalizeTaxId(taxId);
  if (country === 'RU' || (country === null && /^(\d{10}|\d{12})$/.test(id)))
    return innValid(id) ? undefined : 'invalid_tax_id';
  if (country === 'CN' || (country === null && id.length === 18))
    return usccValid(id) ? undefined : 'invalid_tax_id';
  return undefined;
}
