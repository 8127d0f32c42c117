import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { exactCountLimit, searchExactCountLimit } from './customer-list.ts';

describe('a large customer base: counts stay cheap, pages stay right', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld();
    const dealerA = world.dealers.A.id;
    // more customers than are counted exactly, all of dealer A; a few of them named Rare
    await sql`insert into customers (kind, last_name, first_name, display_name, sort_key, search_text)
      select 'person', case when g % 1000 = 0 then 'Rare' else 'Common' end, 'N' || g,
             'Common N' || g, lpad(g::text, 6, '0'),
             case when g % 1000 = 0 then 'rare' else 'common' end
        from generate_series(1, ${exactCountLimit + 500}) g`.execute(world.database.db);
    await sql`insert into customer_dealers (customer_id, dealer_id, relations)
      select id, ${dealerA}, '{prospect}' from customers`.execute(world.database.db);
    await sql`analyze customers`.execute(world.database.db);
  });
  afterAll(async () => world.close());

  it('gives an estimate, flagged as such, beyond the exact-count limit', async () => {
    const answer = await apiAs(world, 'managerA').get('/api/customers?limit=5');
    expect(answer.status).toBe(200);
    expect(answer.body.totalExact).toBe(false);
    expect(answer.body.totalCapped).toBe(false);
    expect(answer.body.total).toBeGreaterThan(exactCountLimit);
    expect(answer.body.items.map((c: { displayName: string }) => c.displayName)).toEqual([
      'Common N1',
      'Common N2',
      'Common N3',
      'Common N4',
      'Common N5',
    ]);
    // the group's whole base, unfiltered: estimated too (from the table's statistics when
    // they are far above the limit, else after counting past it)
    const all = await apiAs(world, 'admin').get('/api/customers?limit=5');
    expect(all.body.totalExact).toBe(false);
    expect(all.body.total).toBeGreaterThan(exactCountLimit);
  });

  it('counts exactly and sorts right when few match', async () => {
    const answer = await apiAs(world, 'managerA').get(
      '/api/customers?search=rare&limit=3&sort=-name',
    );
    expect(answer.body.totalExact).toBe(true);
    expect(answer.body.total).toBe(10);
    expect(answer.body.items.map((c: { displayName: string }) => c.displayName)).toEqual([
      'Common N10000',
      'Common N9000',
      'Common N8000',
    ]);
    const nextPage = await apiAs(world, 'managerA').get(
      '/api/customers?search=rare&limit=3&offset=3&sort=-name',
    );
    expect(nextPage.body.items[0].displayName).toBe('Common N7000');
  });

  it('counts a broad search only up to its lower limit, and still sorts the whole match', async () => {
    const answer = await apiAs(world, 'managerA').get(
      '/api/customers?search=common&limit=2&sort=-name',
    );
    expect(answer.status).toBe(200);
    expect(answer.body.totalExact).toBe(false);
    // "more than 1,000", not an estimate
    expect(answer.body.totalCapped).toBe(true);
    expect(answer.body.total).toBe(searchExactCountLimit);
    // the last of more than ten thousand by name, although only a thousand were counted
    expect(answer.body.items.map((c: { displayName: string }) => c.displayName)).toEqual([
      'Common N10500',
      'Common N10499',
    ]);
  });

  it('shows nothing of it to another dealer', async () => {
    const answer = await apiAs(world, 'managerB').get('/api/customers');
    expect(answer.body).toEqual({ items: [], total: 0, totalExact: true, totalCapped: false });
  });
});
