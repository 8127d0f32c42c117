import type { App } from '../../http/types.ts';
import { buildApp } from '../../server/app.ts';
import { expect } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { registerOutboxWorker } from './outbox-worker.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.testing.ts';

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

type WakePerson = 'vera' | 'oleg';

/**
 * The stage of the tests that a send starts the outbox drain between its ticks: a test world,
 * the SMTP sink, and the server with the outbox's own tick `intervalMs` away; no quiet hours.
 * Two people of dealer A surnamed `lastName`: Vera gave e-mail consent (marketing and service),
 * Oleg none.
 */
export async function startWakeStage(
  lastName: string,
  intervalMs: number,
): Promise<{
  world: TestWorld;
  server: App;
  sink: SmtpSink;
  ids: Record<WakePerson, string>;
  mailTo(person: WakePerson): SmtpSink['received'];
  close(): Promise<void>;
}> {
  const world = await createTestWorld();
  // no quiet hours: whatever the hour the test runs at, marketing mail may leave at once
  const rules = await apiAs(world, 'crmGroup').put('/api/marketing/contact-rules', {
    channel: 'email',
    maxMessages: 10,
    periodDays: 7,
    quietStart: 0,
    quietEnd: 0,
  });
  expect(rules.status, rules.text).toBe(200);
  const sink = await startSmtpSink();
  const addressOf = (person: WakePerson) => `${person}.${lastName.toLowerCase()}@example.com`;
  const ids = {} as Record<WakePerson, string>;
  for (const [person, consents] of [
    [
      'vera',
      ['marketing', 'service'].map((purpose) => ({
        channel: 'email',
        purpose,
        status: 'granted',
        method: 'signed_form',
      })),
    ],
    ['oleg', []],
  ] as const) {
    const created = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: person,
      lastName,
      preferredLanguage: 'en',
      emails: [{ address: addressOf(person) }],
      consents,
    });
    expect(created.status, created.text).toBe(201);
    ids[person] = created.body.id;
  }
  const server = await startOutboxServer(world, sink.url, intervalMs);
  return {
    world,
    server,
    sink,
    ids,
    mailTo: (person) => sink.received.filter((mail) => mail.to.includes(addressOf(person))),
    async close() {
      await server.close();
      await sink.close();
      await world.close();
    },
  };
}
