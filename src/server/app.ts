import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { registerAuthRoutes } from '../auth/auth.routes.ts';
import { registerRequestAuth } from '../auth/request-auth.ts';
import type { Db } from '../db/database.ts';
import { handleError } from '../http/error-handler.ts';
import { attachJobQueue, type JobQueueDatabase } from '../http/job-queue.ts';
import type { App, AppSettings } from '../http/types.ts';
import { registerRoutes } from './routes.ts';

export const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

export type AppOptions = {
  db: Db;
  settings: AppSettings;
  logger?: FastifyServerOptions['logger'];
  /** Serve the built web app from dist/web (off in API tests). */
  serveWeb?: boolean;
  /** see TRUST_PROXY in config.ts; off in tests */
  trustProxy?: boolean | string;
  /**
   * Where pg-boss runs the periodic jobs and the outbox workers: the app's own database. Without
   * it (API tests, `JOBS=off`) the jobs are registered but never run.
   */
  jobs?: JobQueueDatabase;
};

export async function buildApp(options: AppOptions): Promise<App> {
  const trustProxy: FastifyServerOptions['trustProxy'] = options.trustProxy ?? false;
  const app = Fastify({
    logger: options.logger ?? false,
    // A 10 MB body is refused with 413 before it is parsed.
    bodyLimit: 1024 * 1024,
    trustProxy,
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.decorate('db', options.db);
  app.decorate('settings', options.settings);
  attachJobQueue(app, options.jobs);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'AutoCRM API',
        description:
          'Customers, vehicles, contacts and tasks of a car dealer group. Sign in with ' +
          '`POST /api/auth/login` (session cookie plus the `x-csrf-token` header on writes) or ' +
          'send `Authorization: Bearer <API token>`. Every answer is limited to the caller’s ' +
          'part of the customer base.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'autocrm_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  registerRequestAuth(app);

  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness and database check',
        response: { 200: z.object({ status: z.literal('ok'), database: z.literal('ok') }) },
      },
    },
    async () => {
      await options.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
      return { status: 'ok' as const, database: 'ok' as const };
    },
  );
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerAuthRoutes(app);
  registerRoutes(app);

  const serveWeb = options.serveWeb ?? true;
  if (serveWeb && fs.existsSync(path.join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !serveWeb) {
      return reply.status(404).send({
        error: {
          code: 'not_found',
          message: `No route ${request.method} ${request.url.split('?')[0]}`,
        },
      });
    }
    if (!fs.existsSync(path.join(webRoot, 'index.html'))) {
      return reply
        .status(503)
        .type('text/plain')
        .send('The web app is not built yet: run `npm run build`.');
    }
    // Client-side routes (/customers/123) all load the single page app.
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}
