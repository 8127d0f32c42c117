import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/**
 * A data steward lists the customers whose data nobody confirmed with them for two years (to
 * call them), and the ones confirmed in the last year; dealer B sees none of dealer A's.
 */
describe('a segment of customers by their last verification', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  const names = (items: { id: string }[]) =>
    items.map((item) => Object.entries(ids).find(([, id]) => id === item.id)?.[0] ?? '?').sort();

  beforeAll(async () => {
    world = await createTestWorld();
    const a = apiAs(world, 'managerA');
    for (const name of ['recent', 'longAgo', 'never']) {
      const created = await a.post('/api/customers', {
        kind: 'person',
        firstName: name,
        lastName: 'Петров',
      });
      expect(created.status).toBe(201);
      ids[name] = created.body.id;
    }
    await a.post(`/api/customers/${ids.recent}/verification`, { method: 'in_person' });
    const old = await a.post(`/api/customers/${ids.longAgo}/verification`, {
      method: 'document',
      verifiedAt: new Date(Date.now() - 3 * 365 * 86_400_000).toISOString(),
    });
    expect(old.status).toBe(200);
  });
  afterAll(async () => world.close());

  const lastTwoYears = {
    type: 'date',
    field: 'verified_at',
    window: { from: { ago: { amount: 2, unit: 'years' } } },
  };

  it('finds "not verified for 2 years", the never verified among them, and "verified within 2 years"', async () => {
    const api = apiAs(world, 'crmGroup');
    const stale = await api.post('/api/segments/preview', {
      definition: { type: 'not', condition: lastTwoYears },
      limit: 50,
    });
    expect(stale.status, stale.text).toBe(200);
    expect(names(stale.body.items)).toEqual(['longAgo', 'never']);
    const fresh = await api.post('/api/segments/preview', { definition: lastTwoYears, limit: 50 });
    expect(names(fresh.body.items)).toEqual(['recent']);
  });

  it('keeps to the scope: dealer B sees nobody of dealer A', async () => {
    const preview = await apiAs(world, 'managerB').post('/api/segments/preview', {
      definition: { type: 'not', condition: lastTwoYears },
      limit: 50,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.items).toEqual([]);
    const verified = await sql<{ n: number }>`
      select count(*)::int as n from customers where verified_at is not null`.execute(
      world.database.db,
    );
    expect(verified.rows[0]!.n).toBe(2);
  });
});
