import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../lib/errors.ts';
import { cliErrorText } from './cli-errors.ts';

describe('a refused command names what the operator typed', () => {
  it('names the option, not the API field, and says each problem once', () => {
    const refused = new ValidationError([
      { path: 'dealerCode', message: 'no dealer NOPE', code: 'unknown_dealer' },
      { path: 'password', message: 'at least 8 characters' },
    ]);
    expect(cliErrorText(refused)).toBe(
      'autocrm: --dealer: no dealer NOPE\nautocrm: --password: at least 8 characters',
    );
  });

  it('keeps a field it has no option for, and a message without fields', () => {
    expect(cliErrorText(new ValidationError([{ path: 'x.y', message: 'odd' }]))).toBe(
      'autocrm: x.y: odd',
    );
    expect(cliErrorText(new ConflictError('A user with this e-mail exists'))).toBe(
      'autocrm: A user with this e-mail exists',
    );
  });
});
