/** ISO 4217 codes this runtime knows (its ICU data), read once. */
let known: Set<string> | undefined;

/** Is `code` a currency (RUB, CNY, EUR…)? A budget in "ABC" could not be shown or summed. */
export function isCurrencyCode(code: string): boolean {
  known ??= new Set(Intl.supportedValuesOf('currency'));
  return known.has(code.toUpperCase());
}

const digitsByCurrency = new Map<string, number>();

/**
 * How many minor units a currency has (kopecks, fen: 2; yen, won: 0; dinars: 3). Money is kept
 * in integer minor units, so turning it into a figure needs this, never a fixed 100.
 */
export function minorDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      // not a currency this runtime knows: the common case of two decimals
      digits = 2;
    }
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** A typed amount (roubles, yuan) to integer minor units. */
export function toMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** minorDigits(currency));
}

/** Integer minor units to the amount in the currency's major unit (roubles, yuan). */
export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}

/** "12500.00" for roubles, "1500" for yen: the figure with the currency's decimals, no locale. */
export function majorText(minor: number, currency: string): string {
  return toMajor(minor, currency).toFixed(minorDigits(currency));
}

/** "12500.00 RUB", "1500 JPY": an amount as plain text in a file or a task, no locale. */
export function plainMoney(minor: number, currency: string): string {
  return `${majorText(minor, currency)} ${currency}`;
}

let unusualDigits: Record<string, number> | undefined;

/**
 * The currencies whose minor units are not two (JPY 0, KWD 3 ...), for SQL that writes money as
 * text: `coalesce((digits ->> currency)::int, 2)`.
 */
export function currenciesWithOtherDigits(): Record<string, number> {
  unusualDigits ??= Object.fromEntries(
    Intl.supportedValuesOf('currency')
      .map((code) => [code, minorDigits(code)] as const)
      .filter(([, digits]) => digits !== 2),
  );
  return unusualDigits;
}

/**
 * An amount in major units ("12 345,50", "12,345.50", "12345") as minor units of `currency`
 * (kopecks, fen; the yen has none, so "1500,50" yen is refused). Undefined when it is not a
 * non-negative number with at most the currency's decimals.
 */
export function parseAmountMinor(text: string, currency: string): number | undefined {
  let value = text.replace(/[\s\u00a0'’₽¥$€]|руб\.?|元/g, '');
  if (value === '') return undefined;
  if (/,\d{1,2}$/.test(value) && !/\.\d{1,2}$/.test(value))
    value = value.replace(/\./g, '').replace(',', '.');
  else value = value.replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(value)) return undefined;
  const digits = minorDigits(currency);
  const [whole, fraction = ''] = value.split('.');
  if (fraction.length > digits) return undefined;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}
