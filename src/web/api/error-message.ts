import i18next, { type i18n as I18n } from 'i18next';
import { isApiError } from './client.ts';

/**
 * Codes that name only the kind of failure (`conflict`, `not_found`, `forbidden`): the server's
 * English message says which one ("Your role (analyst) may not export customers"), so an
 * English reader gets that; other readers get our words for it. A refusal whose general words
 * would mislead has a code of its own (`dealer_out_of_scope`), translated for everyone.
 */
const genericCodes = new Set([
  'conflict',
  'not_found',
  'forbidden',
  'validation_failed',
  'bad_request',
]);

/**
 * A message for the user in her language: the translation of the server's code, with the
 * specifics the server sent as `params` (a dealer code, a limit); the server's own message
 * when this app has no words for the code yet.
 */
export function errorMessage(error: unknown, i18n: I18n = i18next): string {
  // A key built at run time: the typed `t` only takes literal keys.
  const t = i18n.t as unknown as (key: string, params?: object) => string;
  if (!isApiError(error)) return t('errors.title');
  if (error.status === 429) return t('errors.rate_limited');
  if (error.status === 404 && error.message.startsWith('No route')) {
    return t('errors.notAvailable');
  }
  const key = `errors.${error.code}`;
  const known = /^[a-z][a-z0-9_]*$/.test(error.code) && i18n.exists(key);
  const english = (i18n.resolvedLanguage ?? i18n.language ?? 'en').startsWith('en');
  if (known && !(genericCodes.has(error.code) && english && error.message)) {
    return t(key, error.params);
  }
  return error.message || t('errors.title');
}
