import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../../testing/test-world.ts';

/**
 * Freshness goes by the last verification with the person. At dealer A: a record just typed
 * in, one whose data the consultant confirmed on a call today, one untouched for four years
 * and one untouched for four years but confirmed in person 18 months ago; at dealer C one
 * record. The steward sees the freshness of each and the share verified in the last year.
 */
describe('a data steward sees freshness by the last verification with the customer', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};

  async function freshness(): Promise<Record<string, { freshness: number; stale: boolean }>> {
    const rows = await sql<{ customer_id: string; freshness: number; problems: string[] }>`
      select customer_id, freshness, problems from customer_quality`.execute(world.database.db);
    const byId = new Map(rows.rows.map((row) => [row.customer_id, row]));
    return Object.fromEntries(
      Object.entries(ids).map(([name, id]) => {
        const row = byId.get(id)!;
        return [name, { freshness: row.freshness, stale: row.problems.includes('stale') }];
      }),
    );
  }

  /** Moves a record's last change (and verification) into the past, as if years went by. */
  async function age(name: string, changed: string, verified: string | null) {
    const db = world.database.db;
    await sql`alter table customers disable trigger customers_touch`.execute(db);
    await sql`update customers
                 set updated_at = now() - ${changed}::interval,
                     verified_at = case when ${verified}::text is null then null
                                        else now() - ${verified}::interval end,
                     verification_method = case when ${verified}::text is null then null
                                                else 'in_person' end
               where id = ${ids[name]!}`.execute(db);
    await sql`alter table customers enable trigger customers_touch`.execute(db);
  }

  beforeAll(async () => {
    world = await createTestWorld();
    const a = apiAs(world, 'managerA');
    for (const [name, lastName] of [
      ['typedIn', 'Орлов'],
      ['confirmed', 'Волков'],
      ['forgotten', 'Зайцев'],
      ['confirmedLongAgo', 'Лисицын'],
    ]) {
      const created = await a.post('/api/customers', {
        kind: 'person',
        firstName: 'Олег',
        lastName,
        phones: [{ number: `+7 916 482-17-${30 + Object.keys(ids).length}` }],
      });
      expect(created.status).toBe(201);
      ids[name!] = created.body.id;
    }
    const c = await apiAs(world, 'managerC').post('/api/customers', {
      kind: 'person',
      firstName: '伟',
      lastName: '王',
      phones: [{ number: '+86 138 0013 8000' }],
    });
    ids.dealerC = c.body.id;
    await age('forgotten', '4 years', null);
    await age('confirmedLongAgo', '4 years', '18 months');
  });
  afterAll(async () => world.close());

  it('scores a verified record fresher than one only changed, and an old one stale', async () => {
    const steward = apiAs(world, 'stewardGroup');
    expect((await steward.post('/api/quality/runs', {})).status).toBe(201);
    const before = await freshness();
    expect(before).toMatchObject({
      typedIn: { freshness: 70, stale: false },
      confirmed: { freshness: 70, stale: false },
      forgotten: { freshness: 10, stale: true },
      confirmedLongAgo: { freshness: 80, stale: false },
    });

    const verified = await apiAs(world, 'managerA').post(
      `/api/customers/${ids.confirmed}/verification`,
      { method: 'phone_call' },
    );
    expect(verified.status).toBe(200);
    expect((await steward.post('/api/quality/runs', {})).status).toBe(201);
    const after = await freshness();
    expect(after.confirmed).toEqual({ freshness: 100, stale: false });
    expect(after.typedIn).toEqual(before.typedIn);
  });

  it('shows the share verified in the last 12 months per dealer, only for dealers in scope', async () => {
    const byDealer = await apiAs(world, 'stewardGroup').get('/api/quality/summary?groupBy=dealer');
    expect(byDealer.status).toBe(200);
    // one of five: "confirmedLongAgo" was verified 18 months ago
    expect(byDealer.body.total.verifiedShare).toBe(20);
    expect(byDealer.body.groups).toEqual([
      expect.objectContaining({ key: 'Dealer A', customers: 4, verifiedShare: 25 }),
      expect.objectContaining({ key: 'Dealer C', customers: 1, verifiedShare: 0 }),
    ]);
    const regional = await apiAs(world, 'stewardR2').get('/api/quality/summary?groupBy=dealer');
    expect(regional.body.total).toMatchObject({ customers: 1, verifiedShare: 0 });
    expect(regional.body.groups.map((g: { key: string }) => g.key)).toEqual(['Dealer C']);
  });

  it('keeps the verified share of each run in the trend, for the dealers in scope only', async () => {
    // the first run saw no verification within 12 months, the second the call of today
    const group = await apiAs(world, 'stewardGroup').get('/api/quality/runs');
    expect(group.status).toBe(200);
    expect(group.body.items.map((run: { verifiedShare: number }) => run.verifiedShare)).toEqual([
      20, 0,
    ]);
    const dealerA = await apiAs(world, 'managerA').get('/api/quality/runs');
    expect(
      dealerA.body.items.map((run: { customers: number; verifiedShare: number }) => [
        run.customers,
        run.verifiedShare,
      ]),
    ).toEqual([
      [4, 25],
      [4, 0],
    ]);
    const dealerC = await apiAs(world, 'managerC').get('/api/quality/runs');
    expect(
      dealerC.body.items.map((run: { customers: number; verifiedShare: number }) => [
        run.customers,
        run.verifiedShare,
      ]),
    ).toEqual([
      [1, 0],
      [1, 0],
    ]);
  });
});
