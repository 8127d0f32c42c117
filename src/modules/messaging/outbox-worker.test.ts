import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import type { App } from '../../http/types.ts';
import { buildApp } from '../../server/app.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { queueMessage } from './outbox.service.ts';
import { registerOutboxWorker } from './outbox-worker.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.testing.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The outbox is drained by a pg-boss job of the server (`autocrm.outbox-delivery-pass`): what is
 * queued while no server runs it leaves when one starts, once, and a restart sends it no again.
 */
describe('the pg-boss outbox worker sends what waited for it, once', () => {
  let world: TestWorld;
  let sink: SmtpSink;
  let customerId: string;
  const system = systemActor('test');

  const queueLetter = (subject: string) =>
    withActor(world.database.db, system, (tx) =>
      queueMessage(tx, {
        customerId,
        channel: 'email',
        recipient: 'olga@example.com',
        subject,
        body: `Hello, ${subject}`,
      }),
    );

  /** a server of the product with its jobs on pg-boss and the outbox sender every 200 ms */
  const startServer = async (): Promise<App> => {
    const app = await buildApp({
      db: world.database.db,
      settings: { defaultCountry: 'RU', defaultCurrency: 'RUB', secureCookies: false },
      serveWeb: false,
      jobs: world.database,
    });
    registerOutboxWorker(app, { SMTP_URL: sink.url, OUTBOX_INTERVAL_MS: '200' });
    await app.ready();
    return app;
  };

  const received = (subject: string) => sink.received.filter((mail) => mail.subject === subject);

  const waitForMail = async (subject: string) => {
    const deadline = Date.now() + 30_000;
    while (received(subject).length === 0 && Date.now() < deadline) await sleep(100);
  };

  const statusOf = (id: string) =>
    world.database.db
      .selectFrom('outbox_messages')
      .select(['status', 'attempts'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    world = await createTestWorld();
    sink = await startSmtpSink();
    const created = await apiAs(world, 'consultantA1').post('/api/customers', {
      kind: 'person',
      firstName: 'Olga',
      lastName: 'Worker',
      emails: [{ address: 'olga@example.com' }],
      consents: [{ channel: 'email', status: 'granted', method: 'signed_form' }],
    });
    expect(created.status).toBe(201);
    customerId = created.body.id;
  });
  afterAll(async () => {
    await sink.close();
    await world.close();
  });

  it('a letter queued while the worker is stopped is sent after start, exactly once', async () => {
    const first = await queueLetter('Queued before the server started');
    await sleep(500);
    // nobody sends it yet: no server runs the outbox job
    expect(received('Queued before the server started')).toHaveLength(0);
    expect(await statusOf(first.id)).toMatchObject({ status: 'queued', attempts: 0 });

    const server = await startServer();
    await waitForMail('Queued before the server started');
    // a few more drains: nothing goes twice
    await sleep(1500);
    await server.close();
    expect(received('Queued before the server started')).toHaveLength(1);
    expect(await statusOf(first.id)).toMatchObject({ status: 'sent', attempts: 1 });

    // queued while the server is down, sent by the next one; the first is not sent again
    const second = await queueLetter('Queued while the server was down');
    const restarted = await startServer();
    await waitForMail('Queued while the server was down');
    await sleep(1000);
    await restarted.close();
    expect(received('Queued while the server was down')).toHaveLength(1);
    expect(received('Queued before the server started')).toHaveLength(1);
    expect(await statusOf(second.id)).toMatchObject({ status: 'sent', attempts: 1 });

    // the drains were pg-boss jobs: none failed, none left running by a close (one tick may
    // wait, 'created', for the next server)
    const jobs = await sql<{ state: string }>`
      select distinct state::text as state from pgboss.job
       where name = 'autocrm.outbox-delivery-pass' order by 1`.execute(world.database.db);
    const states = jobs.rows.map((row) => row.state);
    expect(states).toContain('completed');
    expect(states.filter((state) => state !== 'completed' && state !== 'created')).toEqual([]);
  });
});
