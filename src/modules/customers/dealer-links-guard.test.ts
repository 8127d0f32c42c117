import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor, type Tx } from '../../auth/index.ts';
import type { AppDatabase } from '../../db/database.ts';
import { createTestDatabase } from '../../testing/test-database.ts';
import { copyDealerLinksInBulk, lockDealerLinksToRead } from './dealer-links-guard.ts';

/** the advisory class of the person locks (0286) */
const personLockClass = 728601;

describe('the dealer links guard on one connection or many (0289)', () => {
  let database: AppDatabase;
  let oneConnection: boolean;
  beforeAll(async () => {
    database = await createTestDatabase();
    oneConnection = database.target.kind !== 'postgres';
  });
  afterAll(() => database.close());

  const inTransaction = <T>(work: (tx: Tx) => Promise<T>) =>
    withActor(database.db, systemActor('test'), work);

  const personLocksHeld = async (tx: Tx) => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_locks
      where locktype = 'advisory' and pid = pg_backend_pid()
        and classid = ${personLockClass}::oid`.execute(tx);
    return rows[0]!.n;
  };

  it('takes the people’s read locks on a server, none on the embedded database', async () => {
    const people = Array.from({ length: 5 }, () => crypto.randomUUID());
    const held = await inTransaction(async (tx) => {
      await lockDealerLinksToRead(tx, people);
      return personLocksHeld(tx);
    });
    // nothing can run beside a transaction on PGlite's one connection: the locks guard nothing
    expect(held).toBe(oneConnection ? 0 : people.length);
  });

  it('records a bulk copy on a server, not on the embedded database', async () => {
    const recorded = await inTransaction(async (tx) => {
      await copyDealerLinksInBulk(tx);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n
        from customer_dealer_link_bulks where xid = pg_current_xact_id()`.execute(tx);
      return rows[0]!.n;
    });
    expect(recorded).toBe(oneConnection ? 0 : 1);
  });
});
