import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorParams, type FieldProblem } from '../lib/errors.ts';
import { codeOfSchemaIssue } from './field-codes.ts';

type ErrorBody = {
  error: { code: string; message: string; fields?: FieldProblem[]; params?: ErrorParams };
};

function send(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  return reply.status(status).type('application/json').send(body);
}

/** Turns every failure into `{ error: { code, message, fields?, params? } }` with a fitting status. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    if (error.status === 429 && 'retryAfterSeconds' in error) {
      reply.header('retry-after', String(error.retryAfterSeconds));
    }
    return send(reply, error.status, {
      error: {
        code: error.code,
        message: error.message,
        ...(error.fields.length ? { fields: error.fields } : {}),
        ...(Object.keys(error.params).length ? { params: error.params } : {}),
      },
    });
  }
  const database = databaseProblem(error);
  if (database) return send(reply, database.status, { error: database.body });
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    const fields = error.validation.map((issue) => {
      const base = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
      const unknownKeys = (issue.params as { keys?: string[] }).keys;
      if (issue.keyword === 'unrecognized_keys' && unknownKeys?.length) {
        return unknownKeys.map((key) => ({
          path: base ? `${base}.${key}` : key,
          message: 'unknown field',
          code: 'unknown_field',
        }));
      }
      const message = issue.message ?? 'invalid';
      const coded = codeOfSchemaIssue(issue.keyword, issue.params, message);
      return [{ path: base || where, message, ...coded }];
    });
    const flat = fields.flat();
    return send(reply, 400, {
      error: {
        code: 'validation_failed',
        message: `Invalid ${where}: ${flat.map((f) => `${f.path}: ${f.message}`).join('; ')}`,
        fields: flat,
      },
    });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return send(reply, 400, {
        error: { code: 'invalid_json', message: `The body is not valid JSON: ${error.message}` },
      });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return send(reply, 413, {
        error: { code: 'body_too_large', message: 'The request body is too large' },
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return send(reply, 415, {
        error: { code: 'unsupported_media_type', message: error.message },
      });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return send(reply, 400, { error: { code: 'bad_request', message: error.message } });
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return send(reply, error.statusCode, {
      error: { code: error.code?.toLowerCase() ?? 'bad_request', message: error.message },
    });
  }
  request.log.error({ err: error }, 'request failed');
  return send(reply, 500, {
    error: { code: 'internal', message: 'Something went wrong on the server; it is logged.' },
  });
}

/**
 * Constraint violations that slipped past the service checks still answer 4xx, naming the
 * constraint, rather than 500.
 */
function databaseProblem(error: unknown): { status: number; body: ErrorBody['error'] } | undefined {
  const { code, constraint, column } = error as {
    code?: string;
    constraint?: string;
    column?: string;
  };
  if (typeof code !== 'string' || !/^(23|22)/.test(code)) return undefined;
  const field = column ?? constraint ?? 'input';
  if (code === '23505') {
    return {
      status: 409,
      body: { code: 'conflict', message: `Already exists (${constraint ?? 'unique key'})` },
    };
  }
  return {
    status: 400,
    body: {
      code: 'validation_failed',
      message: `The database refused the value (${constraint ?? code})`,
      fields: [{ path: field, message: 'invalid value', code: 'invalid' }],
    },
  };
}
