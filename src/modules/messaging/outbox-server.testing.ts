import type { App } from '../../http/types.ts';
import { buildApp } from '../../server/app.ts';
import type { TestWorld } from '../../testing/test-world.ts';
import { registerOutboxWorker } from './outbox-worker.ts';

/**
 * A server of the product on a test world's database, with its jobs on pg-boss and the outbox
 * drain into `smtpUrl` every `intervalMs` (tests of what starts a drain between ticks).
 */
export async function startOutboxServer(
  world: TestWorld,
  smtpUrl: string,
  intervalMs: number,
): Promise<App> {
  const server = await buildApp({
    db: world.database.db,
    settings: { defaultCountry: 'RU', defaultCurrency: 'RUB', secureCookies: false },
    serveWeb: false,
    jobs: world.database,
  });
  registerOutboxWorker(server, { SMTP_URL: smtpUrl, OUTBOX_INTERVAL_MS: String(intervalMs) });
  await server.ready();
  return server;
}

/** `App.inject` as one of the world's users (bearer token), the answer parsed. */
export async function injectAs(
  server: App,
  world: TestWorld,
  user: keyof TestWorld['users'],
  url: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const response = await server.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${world.users[user].token}` },
    payload: body as object,
  });
  return { status: response.statusCode, body: response.json(), text: response.body };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (up to `ms`) until `count()` is above zero. */
export async function waitUntilSome(count: () => number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (count() === 0 && Date.now() < deadline) await sleep(100);
}
