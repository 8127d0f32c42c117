import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import type { DatabaseTarget } from '../../db/config-types.ts';
import { openDatabase, type AppDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { queueMessages } from './outbox.service.ts';
import { deliverQueued } from './outbox-sender.ts';
import { smtpTransport } from './smtp-transport.ts';
import { insertConsentingPeople } from './consenting-people.testing.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.testing.ts';

/**
 * Issue 5: "a crash or restart never loses or doubles a message", with a real process kill.
 * A child process runs the outbox sender against a database of its own (PGlite in a folder,
 * or a PostgreSQL database when TEST_DATABASE_URL is set) and a slow SMTP server in this
 * process; the server SIGKILLs the child the moment it holds the sixth message's data but has
 * not answered it. Then delivery runs again here, and every message must have arrived exactly
 * once, except the one the provider held at the kill: that one is failed as "delivery
 * unknown", never sent a second time.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const childScript = path.join(here, 'outbox-kill.child.ts');

const messageCount = 40;
const batchSize = 10;
const killAtIndex = 5;
const leaseMs = 2000;

type Place = { target: DatabaseTarget; cleanup(): Promise<void> };

/** A database the child can open on its own: PGlite needs a folder, PostgreSQL a database. */
async function createPlace(): Promise<Place> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'autocrm-outbox-kill-'));
    return {
      target: { kind: 'pglite', dataDir },
      cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `autocrm_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    cleanup: async () => {
      const cleaner = new pg.Client({ connectionString: serverUrl });
      await cleaner.connect();
      await cleaner.query(`drop database if exists ${name} with (force)`);
      await cleaner.end();
    },
  };
}

const open = (target: DatabaseTarget): Promise<AppDatabase> =>
  openDatabase(target, { command: 'outbox-kill.test.ts', poolSize: 2 });

/**
 * `people` customers with e-mail consent and `messageCount` campaign e-mails among them in the
 * outbox (a person's messages share a lane, so lanes need several people to run side by side).
 */
async function seed(target: DatabaseTarget, people: number): Promise<string[]> {
  const database = await open(target);
  try {
    await migrate(database.pool);
    return await withActor(database.db, systemActor('test'), async (tx) => {
      const customers = await insertConsentingPeople(tx, people, 'Kira', 'Killtest');
      const queued = await queueMessages(
        tx,
        Array.from({ length: messageCount }, (_, i) => ({
          customerId: customers[i % people]!.id,
          channel: 'email' as const,
          recipient: `kira${i % people}@example.com`,
          subject: `Offer ${i + 1}`,
          body: `Hello, offer ${i + 1}`,
          idempotencyKey: `kill-test:${i + 1}`,
        })),
      );
      expect(queued.every((message) => message.status === 'queued')).toBe(true);
      return queued.map((message) => message.id);
    });
  } finally {
    await database.close();
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<NodeJS.Signals | number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the sender process did not end within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal ?? code ?? -1);
    });
  });
}

const messageIdOf = (raw: string) => /^message-id:\s*<([^@>]+)@autocrm\.outbox>/im.exec(raw)?.[1];

/**
 * One lane (the sequential sender) and four lanes side by side: the guarantee is the same, only
 * the number of messages the provider can hold unanswered at the kill grows with the lanes.
 */
describe.each([1, 4])(
  'a sender process with %i lane(s), killed in the middle of a campaign',
  (concurrency) => {
    let place: Place | undefined;
    let sink: SmtpSink | undefined;
    let child: ChildProcess | undefined;

    afterAll(async () => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await sink?.close();
      await place?.cleanup();
    });

    it('loses nothing and sends nothing twice: only messages in the provider hands at the kill are left unknown', async () => {
      place = await createPlace();
      // one person for one lane, as before lanes; eight people for four lanes
      const ids = await seed(place.target, concurrency === 1 ? 1 : 8);

      let output = '';
      // the messages the server held without having answered them when the kill was sent
      let heldAtKill: string[] = [];
      sink = await startSmtpSink({
        // a slow server: the kill lands while it holds a message it has not answered
        delayMs: 50,
        onData: (_mail, index) => {
          if (index !== killAtIndex) return;
          child?.kill('SIGKILL');
          heldAtKill = sink!.received.filter((mail) => !mail.answered).map((mail) => mail.raw);
        },
      });
      child = spawn(process.execPath, ['--import', 'tsx', childScript], {
        cwd: repoRoot,
        env: {
          ...process.env,
          OUTBOX_KILL_TARGET: JSON.stringify(place.target),
          OUTBOX_KILL_SMTP: sink.url,
          OUTBOX_KILL_BATCH: String(batchSize),
          OUTBOX_KILL_LEASE_MS: String(leaseMs),
          OUTBOX_KILL_CONCURRENCY: String(concurrency),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const ended = await waitForExit(child, 180_000);
      expect(ended, `the sender should have been killed; its output:\n${output}`).toBe('SIGKILL');
      // each lane has at most one message with the server: the others may still have arrived
      const receivedByChild = sink.received.length;
      expect(receivedByChild).toBeGreaterThanOrEqual(killAtIndex + 1);
      expect(receivedByChild).toBeLessThanOrEqual(killAtIndex + concurrency);
      // the lanes really did send side by side (and never more than the bound)
      expect(sink.load.peakHeld).toBeLessThanOrEqual(concurrency);
      if (concurrency > 1) expect(sink.load.peakHeld).toBeGreaterThan(1);
      // what the server held unanswered, at the kill or arriving just after it: the dead sender
      // never heard of these, so none of them may be recorded as sent
      const inDoubt = new Set(
        [...heldAtKill, ...sink.received.slice(killAtIndex + 1).map((mail) => mail.raw)].map(
          (raw) => messageIdOf(raw)!,
        ),
      );
      expect(inDoubt.size).toBeGreaterThanOrEqual(1);

      // a new sender takes over: after a SIGKILL the embedded database's lock is stale and the
      // database must recover from its log; the lease of the dead sender's claim runs out
      const database = await open(place.target);
      const transport = smtpTransport(sink.url, 'Kill test <kill@autocrm.test>', {
        connections: concurrency,
      });
      try {
        const unfinished = () =>
          database.db
            .selectFrom('outbox_messages')
            .select(sql<number>`count(*)::int`.as('n'))
            .where('status', 'in', ['queued', 'sending'])
            .executeTakeFirstOrThrow();
        const deadline = Date.now() + 180_000;
        while ((await unfinished()).n > 0) {
          if (Date.now() > deadline) throw new Error('messages are still queued or sending');
          await deliverQueued(database.db, transport, { batchSize, leaseMs, concurrency });
          await sleep(250);
        }

        const rows = await database.db
          .selectFrom('outbox_messages')
          .select(['id', 'status', 'last_error', 'attempts', 'claim_token'])
          .execute();
        expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort());
        const copies = new Map<string, number>();
        for (const mail of sink.received) {
          const id = messageIdOf(mail.raw);
          expect(id, 'every e-mail carries its outbox id').toBeDefined();
          copies.set(id!, (copies.get(id!) ?? 0) + 1);
        }
        // no Message-ID reached the server twice
        expect([...copies.values()].filter((n) => n > 1)).toEqual([]);
        const failed = rows.filter((row) => row.status === 'failed');
        const sent = rows.filter((row) => row.status === 'sent');
        expect(failed.length + sent.length).toBe(messageCount);
        // one message in flight per lane: at most that many are ambiguous, failed, not resent
        expect(failed.length).toBeLessThanOrEqual(concurrency);
        for (const row of failed) {
          expect(row.last_error).toMatch(/delivery unknown/);
          expect(copies.get(row.id) ?? 0).toBeLessThanOrEqual(1);
        }
        // every message the server held unanswered is one of the failed ones
        expect(
          failed
            .map((row) => row.id)
            .filter((id) => inDoubt.has(id))
            .sort(),
        ).toEqual([...inDoubt].sort());
        for (const row of sent) {
          expect(copies.get(row.id), `message ${row.id} arrived once`).toBe(1);
          expect(row.attempts).toBe(1);
        }
        // nothing lost: each message arrived once, or is failed as unknown (a lane's next message
        // marked 'sending' in the commit of its previous outcome may not have left yet)
        const failedUnsent = failed.filter((row) => !copies.has(row.id)).length;
        expect(sink.received.length).toBe(messageCount - failedUnsent);
        if (concurrency === 1) {
          // here the kill came while the server held message six: it is the failed one
          const inFlight = messageIdOf(sink.received[killAtIndex]!.raw);
          expect(failed.map((row) => row.id)).toEqual([inFlight]);
          expect(sink.received.length).toBe(messageCount);
        }
      } finally {
        transport.close?.();
        await database.close();
      }
    }, 420_000);
  },
);
