import { z } from 'zod';
import { commonErrors, errorSchema, idParams } from '../http/schemas.ts';
import { requireActor } from '../http/guards.ts';
import type { App } from '../http/types.ts';
import { AppError, NotFoundError } from '../lib/errors.ts';
import type { Actor } from './actor.ts';
import { actorForUser } from './actor-loader.ts';
import { createApiToken, revokeApiToken } from './api-tokens.service.ts';
import { authenticate } from './login.service.ts';
import { sessionCookie } from './request-auth.ts';
import { locales, rolePermissions, roleKeys } from './roles.ts';
import { createSession, endSession, sessionIdleMs } from './sessions.service.ts';
import { withActor } from './transaction.ts';

const meSchema = z
  .object({
    id: z.string(),
    email: z.string().nullable(),
    displayName: z.string(),
    role: z.enum(roleKeys),
    locale: z.enum(locales),
    dealerId: z.string().nullable(),
    regionId: z.string().nullable(),
    brandId: z.string().nullable(),
    scope: z.enum(['group', 'brand', 'region', 'dealer', 'own']),
    permissions: z.array(z.string()),
    csrfToken: z.string().nullable(),
  })
  .meta({ id: 'Me' });

function me(actor: Actor, csrfToken: string | null): z.infer<typeof meSchema> {
  return {
    id: actor.userId ?? '',
    email: actor.email,
    displayName: actor.displayName,
    role: actor.role,
    locale: actor.locale,
    dealerId: actor.dealerId,
    regionId: actor.regionId,
    brandId: actor.brandId,
    scope: actor.scope.level,
    permissions: [...rolePermissions[actor.role]],
    csrfToken,
  };
}

const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export function registerAuthRoutes(app: App): void {
  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets the session cookie',
        body: z.strictObject({
          email: z.string().min(1).max(320),
          password: z.string().min(1).max(1000),
        }),
        response: { 200: meSchema, 401: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const user = await authenticate(
        app.db,
        request.body.email,
        request.body.password,
        request.ip,
      );
      if (!user) throw new AppError(401, 'invalid_credentials', 'Wrong e-mail or password');
      const session = await createSession(app.db, user.id, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.setCookie(sessionCookie, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: app.settings.secureCookies,
        maxAge: Math.floor(sessionIdleMs / 1000),
      });
      return me(await actorForUser(app.db, user), session.csrfToken);
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.undefined() } } },
    async (request, reply) => {
      const cookie = request.cookies[sessionCookie];
      if (cookie) await endSession(app.db, cookie);
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who am I: role, scope, permissions and the CSRF token for writes',
        response: { 200: meSchema, 401: errorSchema },
      },
    },
    async (request) => me(requireActor(request), request.sessionCsrfToken),
  );

  app.patch(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change my own settings (interface language)',
        body: z.strictObject({ locale: z.enum(locales) }),
        response: { 200: meSchema, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await withActor(app.db, actor, (tx) =>
        tx
          .updateTable('users')
          .set({ locale: request.body.locale })
          .where('id', '=', actor.userId ?? '')
          .execute(),
      );
      return me({ ...actor, locale: request.body.locale }, request.sessionCsrfToken);
    },
  );

  app.get(
    '/api/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'My API tokens (without their secrets)',
        response: { 200: z.object({ items: z.array(tokenSchema) }), 401: errorSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const rows = await app.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('user_id', '=', actor.userId ?? '')
        .orderBy('created_at', 'desc')
        .execute();
      return {
        items: rows.map((row) => ({
          id: row.id,
          name: row.name,
          prefix: row.token_prefix,
          createdAt: row.created_at.toISOString(),
          lastUsedAt: row.last_used_at?.toISOString() ?? null,
          expiresAt: row.expires_at?.toISOString() ?? null,
          revokedAt: row.revoked_at?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/api/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token for myself; the secret is shown only in this answer',
        body: z.strictObject({
          name: z.string().trim().min(1).max(100),
          expiresInDays: z.number().int().min(1).max(3650).optional(),
        }),
        response: {
          201: z.object({
            id: z.string(),
            name: z.string(),
            token: z.string(),
            expiresAt: z.string().nullable(),
          }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const expires = request.body.expiresInDays
        ? new Date(Date.now() + request.body.expiresInDays * 86_400_000)
        : null;
      const created = await createApiToken(
        app.db,
        actor,
        actor.userId ?? '',
        request.body.name,
        expires,
      );
      return reply.status(201).send({
        id: created.id,
        name: created.name,
        token: created.token,
        expiresAt: created.expiresAt?.toISOString() ?? null,
      });
    },
  );

  app.delete(
    '/api/auth/tokens/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of my API tokens',
        params: idParams,
        response: { 204: z.undefined(), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!(await revokeApiToken(app.db, actor, request.params.id)))
        throw new NotFoundError('Token');
      return reply.status(204).send();
    },
  );
}
