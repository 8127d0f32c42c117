import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type {} from '@fastify/cookie';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import type { JobRegistry } from './job-types.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    settings: AppSettings;
    /** the server's pg-boss jobs (`job-queue.ts`) */
    jobs: JobRegistry;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** how the actor was recognised; cookie-authenticated writes need the CSRF header */
    authMethod: 'session' | 'token' | null;
    sessionCsrfToken: string | null;
  }
}

export type AppSettings = {
  /** Country used to read national phone numbers when a record has no better hint. */
  defaultCountry: string;
  defaultCurrency: string;
  /** Send cookies only over HTTPS (on when served behind TLS). */
  secureCookies: boolean;
};

/** The Fastify instance with zod schemas, as every module's routes receive it. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
