import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../auth/index.ts';
import { brandCrmUser, type BrandCall, type BrandReader } from '../../testing/brand-crm-user.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { refreshAnalyticsAggregates } from '../analytics/aggregates/refresh.ts';
import { captureLead } from './capture.service.ts';

/**
 * Dealer B sells brands X and Y. A brand-level user (brand manager, brand analyst, a brand's
 * CRM manager) sees of B's leads only his brand's: the other brand's are absent from the list,
 * the board and the funnel, and answer 404 to reading and to every write. A lead naming no
 * brand at B is nobody's brand's: B's staff and those above the brands see it.
 */
type LeadKey = 'aX' | 'bX1' | 'bX2' | 'bY' | 'bNone' | 'cY';

const seeds: { key: LeadKey; dealer: 'A' | 'B' | 'C'; brand: 'X' | 'Y' | null }[] = [
  { key: 'aX', dealer: 'A', brand: 'X' },
  { key: 'bX1', dealer: 'B', brand: 'X' },
  { key: 'bX2', dealer: 'B', brand: 'X' },
  { key: 'bY', dealer: 'B', brand: 'Y' },
  // B sells two brands: a lead naming none keeps no brand (capture's sole-brand rule)
  { key: 'bNone', dealer: 'B', brand: null },
  { key: 'cY', dealer: 'C', brand: 'Y' },
];
const all = seeds.map((seed) => seed.key);

type Reader = BrandReader;
const expected: Partial<Record<Reader, LeadKey[]>> = {
  brandX: ['aX', 'bX1', 'bX2'],
  analystX: ['aX', 'bX1', 'bX2'],
  crmX: ['aX', 'bX1', 'bX2'],
  brandY: ['bY', 'cY'],
  admin: all,
  analystGroup: all,
  regionR1: ['aX', 'bX1', 'bX2', 'bY', 'bNone'],
  managerB: ['bX1', 'bX2', 'bY', 'bNone'],
  consultantB1: ['bX1', 'bX2', 'bY', 'bNone'],
};

describe('brand-level users see only their brand’s leads at a dealer selling two brands', () => {
  let world: TestWorld;
  const ids = {} as Record<LeadKey, string>;

  let call: BrandCall;
  const keyOf = (id: string) => all.find((key) => ids[key] === id);
  const listed = async (user: Reader, query = '') => {
    const list = await call(user, 'GET', `/api/leads?limit=200${query}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(list.body.items.length);
    return list.body.items.map((item: { id: string }) => keyOf(item.id)).sort();
  };
  const boardCount = async (user: Reader, query = '') => {
    const board = await call(user, 'GET', `/api/leads/board${query}`);
    expect(board.status).toBe(200);
    return board.body.columns.reduce(
      (sum: number, column: { total: number; items: { id: string }[] }) => sum + column.total,
      0,
    );
  };

  beforeAll(async () => {
    world = await createTestWorld();
    const db = world.database.db;
    call = await brandCrmUser(world);
    for (const [index, seed] of seeds.entries()) {
      const captured = await captureLead(db, systemActor('test'), {
        source: 'website',
        dealerCode: seed.dealer,
        ...(seed.brand ? { brandCode: seed.brand } : {}),
        person: {
          kind: 'person',
          lastName: seed.key,
          phones: [{ number: `+7916000${String(2001 + index)}` }],
          emails: [],
        },
      });
      ids[seed.key] = captured.leadId;
    }
  });
  afterAll(async () => world.close());

  it('the leads were captured with the brands the story needs', async () => {
    const rows = await world.database.db
      .selectFrom('leads as l')
      .leftJoin('brands as b', 'b.id', 'l.brand_id')
      .select(['l.id', 'b.code'])
      .execute();
    const brandOf = Object.fromEntries(rows.map((row) => [keyOf(row.id), row.code]));
    expect(brandOf).toEqual(
      Object.fromEntries(seeds.map((seed) => [seed.key, seed.brand])) as Record<string, unknown>,
    );
  });

  it.each(Object.keys(expected) as Reader[])(
    '%s lists, counts and opens exactly his leads',
    async (user) => {
      const visible = expected[user]!;
      expect(await listed(user)).toEqual([...visible].sort());
      expect(await boardCount(user)).toBe(visible.length);
      for (const key of all) {
        const detail = await call(user, 'GET', `/api/leads/${ids[key]}`);
        expect(detail.status, `${user} reading ${key}`).toBe(visible.includes(key) ? 200 : 404);
      }
    },
  );

  it('filtered to dealer B, brand X and brand Y managers see only their brand', async () => {
    const atB = `&dealerId=${world.dealers.B.id}`;
    expect(await listed('brandX', atB)).toEqual(['bX1', 'bX2']);
    expect(await listed('brandY', atB)).toEqual(['bY']);
    expect(await boardCount('brandX', `?dealerId=${world.dealers.B.id}`)).toBe(2);
    expect(await boardCount('brandY', `?dealerId=${world.dealers.B.id}`)).toBe(1);
  });

  it('the brands’ parts of dealer B add up to B’s branded leads, none counted twice', async () => {
    const atB = `&dealerId=${world.dealers.B.id}`;
    const ofX = await listed('brandX', atB);
    const ofY = await listed('brandY', atB);
    const ofB = await listed('managerB');
    expect(ofX.filter((key: LeadKey) => ofY.includes(key))).toEqual([]);
    expect([...ofX, ...ofY].sort()).toEqual(ofB.filter((key: LeadKey) => key !== 'bNone'));
  });

  it('the funnel by source counts only the brand’s leads', async () => {
    const period = `from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`;
    const websiteLeads = async (user: Reader) => {
      const funnel = await call(user, 'GET', `/api/leads/funnel?${period}`);
      expect(funnel.status).toBe(200);
      return funnel.body.items.find((item: { source: string }) => item.source === 'website').leads;
    };
    expect(await websiteLeads('brandX')).toBe(3);
    expect(await websiteLeads('brandY')).toBe(2);
    expect(await websiteLeads('managerB')).toBe(4);
  });

  it('another brand’s lead at B answers 404 to every write of a brand-level user', async () => {
    for (const key of ['bY', 'bNone'] as const) {
      const lead = `/api/leads/${ids[key]}`;
      const update = await call('crmX', 'PATCH', lead, { comment: 'peek' });
      expect(update.status, `update ${key}`).toBe(404);
      const stage = await call('crmX', 'POST', `${lead}/stage`, { stage: 'contacted' });
      expect(stage.status, `stage ${key}`).toBe(404);
      const assign = await call('crmX', 'PATCH', lead, {
        assignedUserId: world.users.consultantB1.id,
      });
      expect(assign.status, `assign ${key}`).toBe(404);
      const transfer = await call('crmX', 'POST', `${lead}/transfer`, {
        dealerCode: 'A',
        reason: 'peek',
      });
      expect(transfer.status, `transfer ${key}`).toBe(404);
    }
    const untouched = await apiAs(world, 'managerB').get(`/api/leads/${ids.bY}`);
    expect(untouched.body).toMatchObject({ stage: 'new', comment: null, dealer: { code: 'B' } });
    // his own brand's lead at B he may change
    const own = await call('crmX', 'PATCH', `/api/leads/${ids.bX1}`, { comment: 'called' });
    expect(own.status).toBe(200);
    expect(own.body.comment).toBe('called');
  });

  it('the follow-up tasks of another brand’s lead are not in a brand-level user’s tasks', async () => {
    const db = world.database.db;
    const taskOf = async (key: LeadKey) => {
      const row = await db
        .selectFrom('lead_tasks as lt')
        .innerJoin('leads as l', 'l.id', 'lt.lead_id')
        .select(['lt.task_id', 'l.customer_id'])
        .where('lt.lead_id', '=', ids[key])
        .executeTakeFirstOrThrow();
      return { id: row.task_id, customerId: row.customer_id };
    };
    for (const key of ['bX1', 'bY', 'bNone'] as const) {
      const task = await taskOf(key);
      const own = key === 'bX1';
      const one = await call('crmX', 'GET', `/api/tasks/${task.id}`);
      expect(one.status, `crmX reading ${key}'s task`).toBe(own ? 200 : 404);
      const listed = await call('brandX', 'GET', `/api/tasks?customerId=${task.customerId}`);
      expect(listed.status).toBe(200);
      expect(listed.body.total, `brandX listing ${key}'s tasks`).toBe(own ? 1 : 0);
      const atDealer = await apiAs(world, 'managerB').get(`/api/tasks/${task.id}`);
      expect(atDealer.status).toBe(200);
    }
    const ofY = await taskOf('bY');
    expect((await apiAs(world, 'brandY').get(`/api/tasks/${ofY.id}`)).status).toBe(200);
    const change = await call('crmX', 'PATCH', `/api/tasks/${ofY.id}`, { priority: 'high' });
    expect(change.status).toBe(404);
  });

  it('the prospects dashboard counts for each user the leads his list shows', async () => {
    await refreshAnalyticsAggregates(world.database.db, { full: true });
    // a day each side: the dashboards count days in the dealers' time zones
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    for (const user of ['brandX', 'brandY', 'managerB', 'admin'] as const) {
      const dashboard = await apiAs(world, user).get(
        `/api/analytics/dashboards/prospects?from=${day(-1)}&to=${day(1)}`,
      );
      expect(dashboard.status).toBe(200);
      const newInPeriod = dashboard.body.kpis.find(
        (kpi: { key: string }) => kpi.key === 'newInPeriod',
      ).value;
      expect(newInPeriod, user).toBe((await listed(user)).length);
    }
  });

  it('a lead without a brand handed to a one-brand dealer takes its brand; to B it stays without', async () => {
    const unrouted = async (phone: string) =>
      (
        await captureLead(world.database.db, systemActor('test'), {
          source: 'call_center',
          person: { kind: 'person', lastName: 'Unrouted', phones: [{ number: phone }], emails: [] },
        })
      ).leadId;
    const toA = await unrouted('+79160002101');
    const toB = await unrouted('+79160002102');
    for (const [lead, dealerCode] of [
      [toA, 'A'],
      [toB, 'B'],
    ] as const) {
      expect((await apiAs(world, 'brandX').get(`/api/leads/${lead}`)).status).toBe(404);
      const moved = await apiAs(world, 'admin').post(`/api/leads/${lead}/transfer`, {
        dealerCode,
        reason: 'routed by hand',
      });
      expect(moved.status).toBe(204);
    }
    const atA = await apiAs(world, 'brandX').get(`/api/leads/${toA}`);
    expect(atA.status).toBe(200);
    expect(atA.body).toMatchObject({ brandCode: 'X', dealer: { code: 'A' } });
    expect((await apiAs(world, 'brandY').get(`/api/leads/${toA}`)).status).toBe(404);
    // B sells X and Y: which one is still unknown, so it stays B's staff's
    expect((await apiAs(world, 'brandX').get(`/api/leads/${toB}`)).status).toBe(404);
    const atB = await apiAs(world, 'managerB').get(`/api/leads/${toB}`);
    expect(atB.body).toMatchObject({ brandCode: null, dealer: { code: 'B' } });
  });
});
