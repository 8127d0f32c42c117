import i18next, { type i18n as I18n } from 'i18next';
import { isApiError, type FieldProblem } from '../api/client.ts';

export type FieldErrors = Record<string, string>;

/**
 * A field problem in the user's language: the server's code when this app knows it, with its
 * parameters ({{max}}, {{value}}); otherwise the server's English message.
 */
export function fieldProblemText(field: FieldProblem): string {
  return fieldProblemTextIn(i18next, field);
}

/** The same in a given i18next instance (fieldProblemText is handed to `.map`, so no default). */
export function fieldProblemTextIn(i18n: I18n, field: FieldProblem): string {
  const key = `fieldErrors.${field.code ?? ''}`;
  if (!field.code || !i18n.exists(key)) return field.message;
  // A key built at run time: the typed `t` only takes literal keys.
  return (i18n.t as unknown as (key: string, params?: object) => string)(key, field.params);
}

/** `fields: [{ path: 'phones.0.number', code, message }]` of a 400 answer, keyed by path. */
export function fieldErrors(error: unknown): FieldErrors {
  if (!isApiError(error)) return {};
  const errors: FieldErrors = {};
  for (const field of error.fields) {
    const text = fieldProblemText(field);
    errors[field.path] = errors[field.path] ? `${errors[field.path]}; ${text}` : text;
  }
  return errors;
}
