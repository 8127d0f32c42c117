import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser, findUserById } from '../../auth/index.ts';
import { createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { createCustomer, updateCustomer } from './index.ts';

/**
 * The check at capture reads the customers' GIN indexes on every new person. A pending list
 * (fastupdate) would make each of those scans read every customer written since the last merge
 * (0279): a customer written goes into the indexes at once instead.
 */
describe('the GIN indexes of customers keep no pending list', () => {
  let world: TestWorld;
  const indexes = ['customers_word_date_idx', 'customers_word_year_idx', 'customers_search_idx'];

  /** Pending-list pages each index had to merge now (0: nothing was pending). */
  async function mergedPendingPages(): Promise<Record<string, number>> {
    const merged: Record<string, number> = {};
    for (const index of indexes) {
      const { rows } = await world.database.pool.query<{ pages: number }>(
        'select gin_clean_pending_list($1::regclass)::int as pages',
        [index],
      );
      merged[index] = rows[0]!.pages;
    }
    return merged;
  }
  const nothingPending = Object.fromEntries(indexes.map((index) => [index, 0]));

  beforeAll(async () => {
    world = await createTestWorld();
  });
  afterAll(async () => world?.close());

  it('writes a new or changed customer straight into the indexes', async () => {
    const db = world.database.db;
    const actor = await actorForUser(db, (await findUserById(db, world.users.consultantA1.id))!);
    await mergedPendingPages(); // whatever the world's own setup left
    const { id } = await createCustomer(db, actor, {
      kind: 'person',
      firstName: '志伟',
      lastName: '李',
      birthDate: '1980-05-15',
      phones: [{ number: '+86 138 0013 8000' }],
    });
    expect(await mergedPendingPages()).toEqual(nothingPending);
    await updateCustomer(db, actor, id, { firstName: '志强', birthDate: '1980-05-16' });
    expect(await mergedPendingPages()).toEqual(nothingPending);
  });
});
