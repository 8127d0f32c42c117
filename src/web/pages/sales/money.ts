// the browser reads money as the server does: one rule for a currency's minor units
export { minorDigits, toMajor, toMinor } from '../../../lib/currency.ts';
