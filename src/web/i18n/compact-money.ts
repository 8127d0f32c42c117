import type { Locale } from '../../auth/roles.ts';
import { toMajor } from '../../lib/currency.ts';
import { intlLocales } from './i18n.ts';

const formats = new Map<string, Intl.NumberFormat>();

function formatOf(locale: Locale, currency: string) {
  const key = `${locale} ${currency}`;
  let format = formats.get(key);
  if (!format) {
    const tag = intlLocales[locale];
    try {
      format = new Intl.NumberFormat(tag, {
        style: 'currency',
        currency,
        currencyDisplay: 'narrowSymbol',
        notation: 'compact',
        minimumFractionDigits: 0,
        maximumFractionDigits: 1,
      });
    } catch {
      // an unknown currency code: the number alone, compact all the same
      format = new Intl.NumberFormat(tag, { notation: 'compact' });
    }
    formats.set(key, format);
  }
  return format;
}

/**
 * Money in few characters for wide tables ("₽8.7M", "8,7 млн ₽", "¥30万"), from integer minor
 * units; the exact figure belongs in a tooltip beside it.
 */
export function compactMoney(locale: Locale, minor: number, currency: string): string {
  return formatOf(locale, currency).format(toMajor(minor, currency));
}
