import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type Api, type TestWorld } from '../../../testing/test-world.ts';

async function person(api: Api, body: Record<string, unknown>) {
  const answer = await api.post('/api/customers', { kind: 'person', ...body });
  expect(answer.status).toBe(201);
  return answer.body as { id: string; possibleDuplicates: { id: string }[] };
}

async function runToEnd(api: Api) {
  const started = await api.post('/api/quality/duplicate-runs');
  expect(started.status).toBe(202);
  for (let i = 0; i < 200; i++) {
    const run = await api.get(`/api/quality/duplicate-runs/${started.body.id}`);
    if (run.body.status !== 'running') return run.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the duplicate run did not finish');
}

const pairOf = (x: string, y: string) => (x < y ? `${x}/${y}` : `${y}/${x}`);

/**
 * Иван Петрович Сидоров and his son Иван Иванович live at one address with one phone; dealer A
 * knows neither's birth date. Dealer B entered the father again in Latin letters. The data
 * steward's search proposes the father's two records and never the father with his son; the
 * region steward who sees only dealer C sees none of them.
 */
describe('a father and his namesake son are told apart by the patronymic', () => {
  let world: TestWorld;
  let father: string;
  let son: string;
  let fatherAgain: string;
  const family = {
    firstName: 'Иван',
    lastName: 'Сидоров',
    phones: [{ number: '+7 917 222-33-44' }],
    addresses: [{ city: 'Самара', postcode: '443001', street: 'ул. Садовая', building: '7' }],
  };

  beforeAll(async () => {
    world = await createTestWorld();
    const a = apiAs(world, 'managerA');
    father = (await person(a, { ...family, middleName: 'Петрович' })).id;
    const sonAnswer = await person(a, { ...family, middleName: 'Иванович' });
    son = sonAnswer.id;
    // the check at capture does not take the son for his father
    expect(sonAnswer.possibleDuplicates).toEqual([]);
    fatherAgain = (
      await person(apiAs(world, 'managerB'), {
        firstName: 'Ivan',
        middleName: 'Petrovich',
        lastName: 'Sidorov',
        phones: [{ number: '8 917 222 33 44' }],
      })
    ).id;
  });
  afterAll(async () => world?.close());

  it('proposes the father written in Latin, not the son, and names the patronymic', async () => {
    const steward = apiAs(world, 'stewardGroup');
    expect(await runToEnd(steward)).toMatchObject({ status: 'done', error: null });
    const queue = await steward.get('/api/quality/duplicates');
    const pairs = queue.body.items.map(
      (item: { customerA: { id: string }; customerB: { id: string } }) =>
        pairOf(item.customerA.id, item.customerB.id),
    );
    expect(pairs).toContain(pairOf(father, fatherAgain));
    expect(pairs).not.toContain(pairOf(father, son));
    expect(pairs).not.toContain(pairOf(son, fatherAgain));
    const detail = await steward.get(`/api/quality/duplicates/${pairOf(father, fatherAgain)}`);
    expect(detail.status).toBe(200);
    const patronymic = detail.body.explanation.find(
      (c: { field: string }) => c.field === 'patronymic',
    );
    expect(patronymic).toMatchObject({ level: 'exact', discounted: false });
    expect(patronymic.weight).toBeGreaterThan(0);
  });

  it('shows a steward outside dealers A and B none of it', async () => {
    const region = apiAs(world, 'stewardR2');
    const queue = await region.get('/api/quality/duplicates');
    expect(queue.status).toBe(200);
    expect(JSON.stringify(queue.body)).not.toContain(father);
    expect(
      (await region.get(`/api/quality/duplicates/${pairOf(father, fatherAgain)}`)).status,
    ).toBe(404);
  });
});
