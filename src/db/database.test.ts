import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/test-database.ts';

describe('closing the database', () => {
  it('ends the pool even when only the pool was used, as `autocrm migrate` does', async () => {
    // Kysely ends the pool only after a query of its own; the migrate command's idle connection
    // kept the process alive for the pool's idle timeout (10 minutes) after it had finished.
    const database = await createTestDatabase();
    const client = await database.pool.connect();
    await client.query('select 1');
    client.release();
    await database.close();
    expect(database.pool.ended).toBe(true);
  });
});
