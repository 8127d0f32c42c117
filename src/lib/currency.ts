/** ISO 4217 codes this runtime knows (its ICU data), read once. */
let known: Set<string> | undefined;

/** Is `code` a currency (RUB, CNY, EUR…)? A budget in "ABC" could not be shown or summed. */
export function isCurrencyCode(code: string): boolean {
  known ??= new Set(Intl.supportedValuesOf('currency'));
  return known.has(code.toUpperCase());
}
