import type { Formatters } from '../../i18n/format.ts';

/** The Gamma-Gamma parameters of one currency as kept in a model run (fitted on minor units). */
type SpendParams = { p?: number; q?: number; v?: number };

export type SpendModelText = { p: string; q: string; v: string; meanSpend: string | null };

/**
 * Gamma-Gamma's parameters for reading. p and q have no unit; v is a spend scale, fitted (and
 * kept) on minor units like every amount, so it is shown as money in the currency's major unit.
 * The model's mean spend per visit, p·v / (q − 1), exists only for q > 1 (Fader, Hardie & Lee
 * 2005, "RFM and CLV"); it says what v means in money.
 */
export function spendModelText(
  params: SpendParams,
  currency: string,
  format: Formatters,
): SpendModelText {
  const { p, q, v } = params;
  const plain = (value: number | undefined) =>
    value === undefined ? '—' : format.number(Math.round(value * 100) / 100);
  const meanMinor =
    p !== undefined && q !== undefined && v !== undefined && q > 1 ? (p * v) / (q - 1) : null;
  return {
    p: plain(p),
    q: plain(q),
    v: v === undefined ? '—' : format.money(v, currency),
    meanSpend: meanMinor === null ? null : format.money(meanMinor, currency),
  };
}
