import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../../testing/test-world.ts';

type Item = { customerA: { id: string }; customerB: { id: string }; probability: number };
const key = (item: Item) => `${item.customerA.id}:${item.customerB.id}`;

/**
 * A steward goes through a review queue longer than one page: page after page gives the next
 * pairs in the same order, none twice, and a pair with a customer outside his scope never.
 */
describe('a steward pages through a long review queue', () => {
  let world: TestWorld;

  beforeAll(async () => {
    world = await createTestWorld();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const created = await apiAs(world, 'crmA').post('/api/customers', {
        kind: 'person',
        firstName: 'Пара',
        lastName: `Страничная${i}`,
      });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    const other = await apiAs(world, 'managerC').post('/api/customers', {
      kind: 'person',
      firstName: 'Чужой',
      lastName: 'Дилер',
    });
    expect(other.status).toBe(201);
    // pairs straight into the table (a run would need a model): ties of probability included,
    // so that the order within a tie must hold across pages too
    const pairs: [string, string, number][] = [];
    ids.forEach((a, i) =>
      ids.slice(i + 1).forEach((b, j) => pairs.push([a, b, [0.9, 0.8, 0.8, 0.7][(i + j) % 4]!])),
    );
    pairs.push([ids[0]!, other.body.id, 0.95]);
    await world.database.db
      .insertInto('duplicate_pairs')
      .values(
        pairs.map(([x, y, probability]) => ({
          customer_a: x < y ? x : y,
          customer_b: x < y ? y : x,
          run_id: null,
          weight: 3,
          probability,
        })),
      )
      .execute();
  });
  afterAll(async () => world.close());

  it('page 2 continues where page 1 stopped, in the same order, without repeats', async () => {
    const crm = apiAs(world, 'crmA');
    const all = await crm.get('/api/quality/duplicates?minProbability=0&limit=200');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(15);
    const pages: Item[] = [];
    for (let offset = 0; offset < 15; offset += 4) {
      const page = await crm.get(
        `/api/quality/duplicates?minProbability=0&limit=4&offset=${offset}`,
      );
      expect(page.body.total).toBe(15);
      pages.push(...page.body.items);
    }
    expect(pages.map(key)).toEqual(all.body.items.map(key));
    expect(new Set(pages.map(key)).size).toBe(15);
    const probabilities = pages.map((item) => item.probability);
    expect(probabilities).toEqual([...probabilities].sort((x, y) => y - x));
  });

  it('the group steward also sees the pair with dealer C; dealer A never does', async () => {
    const steward = await apiAs(world, 'stewardGroup').get(
      '/api/quality/duplicates?minProbability=0&limit=1',
    );
    expect(steward.body.total).toBe(16);
    expect(steward.body.items[0].probability).toBeCloseTo(0.95);
    const beyond = await apiAs(world, 'crmA').get(
      '/api/quality/duplicates?minProbability=0&limit=4&offset=12',
    );
    expect(beyond.body.items).toHaveLength(3);
    expect(beyond.text).not.toContain('Чужой');
  });

  it('a bad page is named', async () => {
    const answer = await apiAs(world, 'crmA').get('/api/quality/duplicates?offset=-1');
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body.error)).toContain('offset');
  });
});
