import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { enrol, newCustomer, setUpClubX } from './club.testing.ts';

/**
 * The marketing segment builder reaches club data (issue 5): "club members with at least 300
 * points who ride off-road" is one condition of a segment, counted within the user's scope.
 */
describe('a segment of club members', () => {
  let world: TestWorld;
  let clubId: string;

  beforeAll(async () => {
    world = await createTestWorld();
    clubId = (await setUpClubX(world)).clubId;
    const admin = apiAs(world, 'admin');
    const rich = await enrol(world, clubId, await newCustomer(world, 'A', 'Клубный'), {
      tags: ['hobby:offroad'],
    });
    await enrol(world, clubId, await newCustomer(world, 'A', 'Клубный'), {
      tags: ['hobby:offroad'],
    });
    await enrol(world, clubId, await newCustomer(world, 'B', 'Клубный'), {
      tags: ['hobby:offroad'],
    });
    await newCustomer(world, 'A', 'Клубный'); // not a member
    const granted = await admin.post(`/api/club/members/${rich.id}/points`, {
      points: 500,
      reason: 'event',
    });
    expect(granted.status).toBe(201);
  });
  afterAll(async () => world.close());

  const count = async (user: 'crmGroup' | 'managerA', definition: unknown) => {
    const answer = await apiAs(world, user).post('/api/segments/count', { definition });
    expect(answer.status, answer.text).toBe(200);
    return answer.body.count as number;
  };

  it('counts members by tags and points, within the user’s scope', async () => {
    const offroad = { type: 'club', clubId, tags: ['hobby:offroad'] };
    expect(await count('crmGroup', offroad)).toBe(3);
    expect(await count('managerA', offroad)).toBe(2);
    expect(await count('crmGroup', { ...offroad, minBalance: 300 })).toBe(1);
    expect(
      await count('crmGroup', {
        type: 'and',
        conditions: [
          { type: 'field', field: 'last_name', op: 'eq', values: ['Клубный'] },
          { type: 'not', condition: { type: 'club' } },
        ],
      }),
    ).toBe(1);
  });

  it('names a malformed club condition', async () => {
    const answer = await apiAs(world, 'crmGroup').post('/api/segments/count', {
      definition: { type: 'club', minBalance: -5 },
    });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('minBalance');
  });
});
