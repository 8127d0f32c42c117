import type { Db } from '../../db/database.ts';

/**
 * Starting the outbox drain at once when a module has just committed messages (a campaign's
 * page, a journey's batch), instead of waiting up to OUTBOX_INTERVAL_MS for the next tick. The
 * outbox worker of a server registers how to ask for a pass (`app.jobs.runSoon`), keyed by the
 * server's database handle, which is what the sending modules' service functions hold: a
 * process with several apps (tests) wakes only the one whose database it wrote to, and a
 * process without an outbox worker (a CLI, an API test) wakes nothing.
 */
const wakers = new WeakMap<Db, () => void>();

/** Registers the drain of a server; the returned function takes it back (on close). */
export function onOutboxWake(db: Db, wake: () => void): () => void {
  wakers.set(db, wake);
  return () => {
    // a later server on the same database may have registered since: leave its waker
    if (wakers.get(db) === wake) wakers.delete(db);
  };
}

/**
 * Call after the transaction that queued messages has committed: a drain started before the
 * commit would not see them.
 */
export function wakeOutbox(db: Db): void {
  wakers.get(db)?.();
}
