import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { App } from '../http/types.ts';
import { AppError } from '../lib/errors.ts';
import { actorFromApiToken } from './api-tokens.service.ts';
import { actorFromSession } from './sessions.service.ts';

export const sessionCookie = 'autocrm_session';
export const csrfHeader = 'x-csrf-token';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/**
 * Recognises who calls: `Authorization: Bearer <API token>` or the session cookie.
 * Cookie-authenticated writes must carry the session's CSRF token in a header, which a
 * foreign site cannot read; bearer tokens are not sent by browsers on their own, so they
 * need no such check.
 */
export function registerRequestAuth(app: App): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('authMethod', null);
  app.decorateRequest('sessionCsrfToken', null);

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const bearer = bearerToken(request);
    if (bearer) {
      const actor = await actorFromApiToken(app.db, bearer);
      if (!actor) throw new AppError(401, 'unauthorized', 'The API token is not valid');
      request.actor = actor;
      request.authMethod = 'token';
      return;
    }
    const cookie = request.cookies[sessionCookie];
    // Signing in replaces whatever session the browser had, so it needs no CSRF token.
    if (!cookie || request.url.startsWith('/api/auth/login')) return;
    const session = await actorFromSession(app.db, cookie);
    if (!session) return;
    request.actor = session.actor;
    request.authMethod = 'session';
    request.sessionCsrfToken = session.csrfToken;
    if (!safeMethods.has(request.method)) {
      const sent = request.headers[csrfHeader];
      if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) {
        throw new AppError(
          403,
          'csrf_failed',
          `Missing or wrong ${csrfHeader} header (send the token from /api/auth/me)`,
        );
      }
    }
  });
}
