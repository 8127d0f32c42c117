import { checkDigit, checkDigitRequired, yearCodes } from '../../vehicles/index.ts';

export type VinProblem = 'invalid_vin' | 'vin_year_mismatch';

/**
 * What is wrong with a stored VIN, judged as the quality run does (the SQL form is
 * `quality_vin_problem` of migration 0213; a test holds the two to the same answers):
 * - not 17 characters of A-Z and 0-9 without I, O and Q: `invalid_vin`;
 * - where the world manufacturer identifier makes the ISO 3779 check digit mandatory (North
 *   America, first character 1-5, and China, L, by GB 16735), a wrong 9th character:
 *   `invalid_vin`;
 * - there too the 10th character is the model-year code; with a model year recorded it must
 *   name that year in one of its 30-year cycles: `vin_year_mismatch`.
 * Elsewhere (Europe, Russia) neither the check digit nor the year code is required of the
 * maker, so a VIN of the right form is not judged further.
 */
export function vinProblem(vin: string, modelYear: number | null): VinProblem | undefined {
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) return 'invalid_vin';
  if (!checkDigitRequired(vin)) return undefined;
  if (vin[8] !== checkDigit(vin)) return 'invalid_vin';
  if (modelYear === null) return undefined;
  const index = yearCodes.indexOf(vin[9]!);
  if (index < 0 || (modelYear - 1980 - index) % 30 !== 0) return 'vin_year_mismatch';
  return undefined;
}
