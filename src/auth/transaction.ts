import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Schema } from '../db/schema.ts';
import type { Actor } from './actor.ts';

export type Tx = Transaction<Schema>;

/**
 * Run writes in one transaction on behalf of an actor. The audit trigger reads who acts from
 * these transaction-local settings, so every row written here is attributed.
 */
export async function withActor<T>(db: Db, actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
  // Called with a transaction (a service composed into a larger write, such as a delivery that
  // creates a vehicle), the work joins it, so that the whole write stands or falls together.
  if (db.isTransaction) {
    await setActor(db, actor);
    return work(db as Tx);
  }
  return db.transaction().execute(async (tx) => {
    await setActor(tx, actor);
    return work(tx);
  });
}

async function setActor(tx: Db, actor: Actor): Promise<void> {
  await sql`select set_config('autocrm.actor_id', ${actor.userId ?? ''}, true),
                   set_config('autocrm.actor_label', ${actor.label}, true),
                   set_config('autocrm.request_id', ${actor.requestId ?? ''}, true)`.execute(tx);
}
