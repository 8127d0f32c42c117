import { isApiError } from '../api/client.ts';

export type FieldErrors = Record<string, string>;

/** `fields: [{ path: 'phones.0.number', message }]` of a 400 answer, keyed by path. */
export function fieldErrors(error: unknown): FieldErrors {
  if (!isApiError(error)) return {};
  const errors: FieldErrors = {};
  for (const field of error.fields) {
    errors[field.path] = errors[field.path]
      ? `${errors[field.path]}; ${field.message}`
      : field.message;
  }
  return errors;
}
