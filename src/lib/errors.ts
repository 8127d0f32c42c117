/**
 * Errors a service may raise; the HTTP layer turns each into a JSON answer with its status.
 * `fields` names the offending input (`phones.0.number`) so that a form can show it in place.
 */

/** The specifics of a problem (a dealer code, a state, a limit), for a client's own words. */
export type ErrorParams = Record<string, string | number>;

/**
 * One wrong field. `code` (with `params`) lets a client say it in the user's language; the
 * message is the English fallback for API users and for codes the client does not know.
 */
export type FieldProblem = {
  path: string;
  message: string;
  code?: string;
  params?: ErrorParams;
};

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    /** Sent beside `message` so a client can say it in its language, specifics included. */
    readonly params: ErrorParams = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class ValidationError extends AppError {
  constructor(fields: FieldProblem[], message?: string) {
    super(
      400,
      'validation_failed',
      message ?? fields.map((field) => `${field.path}: ${field.message}`).join('; '),
      fields,
    );
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'not_found', `${what} not found`);
  }
}

export class ForbiddenError extends AppError {
  constructor(
    message = 'You do not have permission to do this',
    code = 'forbidden',
    params?: ErrorParams,
  ) {
    super(403, code, message, [], params);
  }

  /**
   * The same refusal with a code of its own where "no permission" would mislead the reader: a
   * dealer outside his part of the base (`dealer_out_of_scope`), something only the group sets
   * (`group_level_only`), with the specifics for the client's words:
   * `new ForbiddenError('Dealer MSK01 is outside your scope').because('dealer_out_of_scope', { dealer })`.
   */
  because(code: string, params?: ErrorParams): ForbiddenError {
    return new ForbiddenError(this.message, code, params);
  }
}

export class ConflictError extends AppError {
  constructor(
    message: string,
    fields: FieldProblem[] = [],
    code = 'conflict',
    params?: ErrorParams,
  ) {
    super(409, code, message, fields, params);
  }

  /**
   * The same conflict with a code of its own (`event_full`) instead of the plain `conflict`, and
   * the specifics its message names, so a client can say it in its user's language:
   * `throw new ConflictError('The event is full (20 seats)').because('event_full', { capacity })`.
   */
  because(code: string, params?: ErrorParams): ConflictError {
    return new ConflictError(this.message, this.fields, code, params);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Sign in first') {
    super(401, 'unauthorized', message);
  }
}

export function fieldError(path: string, message: string): ValidationError {
  return new ValidationError([{ path, message }]);
}
