import path from 'node:path';
import type { DatabaseTarget } from '../db/config-types.ts';
import type { AppSettings } from '../http/types.ts';

export type ServerConfig = {
  port: number;
  host: string;
  database: DatabaseTarget;
  settings: AppSettings;
  logLevel: string;
  /** which proxies' X-Forwarded-For to believe (Fastify's trustProxy); none by default */
  trustProxy: boolean | string;
  /** run the periodic jobs and the outbox workers (pg-boss); JOBS=off for an API-only process */
  jobs: boolean;
};

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a whole number, got "${value}"`);
  return parsed;
}

/**
 * TRUST_PROXY: unset = the client address is the socket's (nothing forwarded is believed, so
 * nobody can dodge the per-address login and web-form limits by sending the header);
 * `true` = believe any sender (only when nothing but the proxy can reach the port); otherwise
 * the addresses or CIDRs of the proxies, comma-separated.
 */
function trustProxy(value: string | undefined): boolean | string {
  if (!value || value === '0' || value === 'false') return false;
  if (value === 'true') return true;
  return value;
}

/** The database the process works on: DATABASE_URL if set, else PGlite in DATA_DIR. */
export function databaseTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL };
  return { kind: 'pglite', dataDir: path.resolve(env.DATA_DIR || './data') };
}

export function describeTarget(target: DatabaseTarget): string {
  switch (target.kind) {
    case 'postgres': {
      const url = new URL(target.url);
      url.password = url.password ? '***' : '';
      return `PostgreSQL ${url.toString()}`;
    }
    case 'pglite':
      return `embedded PostgreSQL (PGlite) in ${target.dataDir}`;
    case 'pglite-memory':
      return 'embedded PostgreSQL (PGlite) in memory';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: integer(env.PORT, 3000, 'PORT'),
    host: env.HOST || '127.0.0.1',
    database: databaseTarget(env),
    settings: {
      defaultCountry: (env.DEFAULT_COUNTRY || 'RU').toUpperCase(),
      defaultCurrency: (env.DEFAULT_CURRENCY || 'RUB').toUpperCase(),
      secureCookies: env.COOKIE_SECURE === '1' || env.COOKIE_SECURE === 'true',
    },
    logLevel: env.LOG_LEVEL || 'warn',
    trustProxy: trustProxy(env.TRUST_PROXY),
    jobs: !['off', '0', 'false'].includes((env.JOBS ?? '').toLowerCase()),
  };
}
