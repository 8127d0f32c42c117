import i18n from 'i18next';
import { isApiError } from './client.ts';

const translatedCodes = [
  'network',
  'invalid_credentials',
  'rate_limited',
  'unauthorized',
  'forbidden',
] as const;

/**
 * A message for the user: our own words for the common failures, otherwise the server's
 * message (which names the exact problem, e.g. which dealer is unknown).
 */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) {
    const code = translatedCodes.find((known) => known === error.code);
    if (code) return i18n.t(`errors.${code}`);
    if (error.status === 429) return i18n.t('errors.rate_limited');
    if (error.status === 404 && error.message.startsWith('No route')) {
      return i18n.t('errors.notAvailable');
    }
    if (error.message) return error.message;
  }
  return i18n.t('errors.title');
}
