import type { AppError } from '../lib/errors.ts';

/**
 * The command-line option behind each field of the services the CLI calls, so that an operator
 * reads `--dealer: no dealer NOPE` about what he typed, not the API's `dealerCode`.
 */
const optionOfField: Record<string, string> = {
  email: '--email',
  password: '--password',
  role: '--role',
  dealerCode: '--dealer',
  regionCode: '--region',
  brandCode: '--brand',
  displayName: '--name',
  locale: '--locale',
};

/**
 * What a refused command prints: each field problem once, named by its option; the message
 * alone when no field is named (a validation message is only its fields joined).
 */
export function cliErrorText(error: AppError): string {
  if (error.fields.length === 0) return `autocrm: ${error.message}`;
  return error.fields
    .map((field) => `autocrm: ${optionOfField[field.path] ?? field.path}: ${field.message}`)
    .join('\n');
}
