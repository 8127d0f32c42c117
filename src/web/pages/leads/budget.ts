import { toMajor, toMinor } from '../sales/money.ts';

/** The currencies a dealer group of Russia and China prices in, and the lead's own if other. */
const usualCurrencies = ['RUB', 'CNY', 'EUR', 'USD'];

export function budgetCurrencies(current: string): string[] {
  return usualCurrencies.includes(current) ? usualCurrencies : [current, ...usualCurrencies];
}

/** The digit-group and decimal marks of a locale ("1 234,5" in Russian, "1,234.5" in Chinese). */
export function numberSeparators(tag: string): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(tag).formatToParts(1234567.5);
  return {
    group: parts.find((part) => part.type === 'group')?.value ?? ',',
    decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.',
  };
}

export type Budget = { minor: number; currency: string | null } | null;

/** The budget as the form starts from it: major units, and the lead's or the dealer's currency. */
export function budgetForm(budget: Budget, dealerCurrency: string) {
  const currency = budget?.currency ?? dealerCurrency;
  return { amount: budget ? toMajor(budget.minor, currency) : null, currency };
}

/**
 * The `budget` change of `PATCH /api/leads/:id` for what the form holds, or undefined when the
 * user changed neither amount nor currency (so that saving other fields leaves it alone).
 */
export function budgetChange(
  initial: { amount: number | null; currency: string },
  now: { amount: number | null; currency: string },
): { minor: number; currency: string } | null | undefined {
  if (now.amount === initial.amount && now.currency === initial.currency) return undefined;
  if (now.amount === null) return null;
  return { minor: toMinor(now.amount, now.currency), currency: now.currency };
}
