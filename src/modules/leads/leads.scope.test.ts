import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../auth/index.ts';
import {
  apiAs,
  createTestWorld,
  testUsers,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';
import { captureLead } from './capture.service.ts';

/**
 * The scope matrix of leads: for every role and place, leads in and out of scope, read through
 * the list, the board, the detail and a write. A lead outside the scope answers 404 and never
 * shows up or is counted anywhere.
 */
type LeadKey = 'lA1' | 'lA2' | 'lAu' | 'lB' | 'lC' | 'lG';

const seeds: {
  key: LeadKey;
  dealer: 'A' | 'B' | 'C' | null;
  brand: 'X' | 'Y';
  assignee: TestUserKey | null;
  phone: string;
}[] = [
  { key: 'lA1', dealer: 'A', brand: 'X', assignee: 'consultantA1', phone: '+79160001001' },
  { key: 'lA2', dealer: 'A', brand: 'X', assignee: 'consultantA2', phone: '+79160001002' },
  { key: 'lAu', dealer: 'A', brand: 'X', assignee: null, phone: '+79160001003' },
  { key: 'lB', dealer: 'B', brand: 'Y', assignee: 'consultantB1', phone: '+79160001004' },
  { key: 'lC', dealer: 'C', brand: 'Y', assignee: 'consultantC1', phone: '+8613900001005' },
  { key: 'lG', dealer: null, brand: 'X', assignee: null, phone: '+79160001006' },
];

const all: LeadKey[] = ['lA1', 'lA2', 'lAu', 'lB', 'lC', 'lG'];
const dealerA: LeadKey[] = ['lA1', 'lA2', 'lAu'];
const dealersAB: LeadKey[] = [...dealerA, 'lB'];

const expected: Record<TestUserKey, LeadKey[]> = {
  admin: all,
  crmGroup: all,
  callCenterGroup: all,
  stewardGroup: all,
  analystGroup: all,
  // dealer B sells X and Y: its Y lead is not brand X's
  brandX: dealerA,
  analystX: dealerA,
  brandY: ['lB', 'lC'],
  regionR1: dealersAB,
  regionR2: ['lC'],
  stewardR2: ['lC'],
  managerA: dealerA,
  crmA: dealerA,
  advisorA: dealerA,
  callCenterA: dealerA,
  consultantA1: ['lA1', 'lAu'],
  consultantA2: ['lA2', 'lAu'],
  managerB: ['lB'],
  consultantB1: ['lB'],
  advisorB: ['lB'],
  managerC: ['lC'],
  consultantC1: ['lC'],
};

describe('who sees which lead', () => {
  let world: TestWorld;
  const ids = {} as Record<LeadKey, string>;

  beforeAll(async () => {
    world = await createTestWorld();
    for (const seed of seeds) {
      const captured = await captureLead(world.database.db, systemActor('test'), {
        source: 'website',
        brandCode: seed.brand,
        ...(seed.dealer ? { dealerCode: seed.dealer } : {}),
        person: {
          kind: 'person',
          lastName: seed.key,
          phones: [{ number: seed.phone }],
          emails: [],
        },
      });
      ids[seed.key] = captured.leadId;
      await world.database.db
        .updateTable('leads')
        .set({ assigned_user_id: seed.assignee ? world.users[seed.assignee].id : null })
        .where('id', '=', captured.leadId)
        .execute();
    }
  });
  afterAll(async () => world.close());

  const keyOf = (id: string) => (Object.keys(ids) as LeadKey[]).find((key) => ids[key] === id);

  it.each(Object.keys(testUsers) as TestUserKey[])('%s sees exactly his leads', async (user) => {
    const api = apiAs(world, user);
    const visible = expected[user];

    const list = await api.get('/api/leads?limit=200');
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { id: string }) => keyOf(item.id)).sort()).toEqual(
      [...visible].sort(),
    );
    expect(list.body.total).toBe(visible.length);

    const board = await api.get('/api/leads/board');
    const counted = board.body.columns.reduce(
      (sum: number, column: { total: number }) => sum + column.total,
      0,
    );
    expect(counted).toBe(visible.length);

    for (const key of all) {
      const detail = await api.get(`/api/leads/${ids[key]}`);
      expect(detail.status, `${user} reading ${key}`).toBe(visible.includes(key) ? 200 : 404);
      if (!visible.includes(key)) {
        const write = await api.patch(`/api/leads/${ids[key]}`, { comment: 'peek' });
        expect([403, 404], `${user} writing ${key}`).toContain(write.status);
        const move = await api.post(`/api/leads/${ids[key]}/stage`, { stage: 'contacted' });
        expect([403, 404], `${user} moving ${key}`).toContain(move.status);
      }
    }
  });

  it('a consultant of dealer B cannot see dealer A’s lead, even unassigned', async () => {
    expect((await apiAs(world, 'consultantB1').get(`/api/leads/${ids.lAu}`)).status).toBe(404);
  });
});
