import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { runJourneys } from './engine.ts';

process.env.JOURNEY_INTERVAL_MS = String(3_600_000);

type Person = {
  enrollmentId: string;
  dealerCode: string | null;
  customerId: string;
  displayName: string;
  status: string;
  stepId: string | null;
  waiting: boolean;
  enteredAt: string;
  lastStep: { stepId: string; outcome: string } | null;
};

/**
 * The people of a journey: who stands where, a page at a time, and never a customer the
 * reader may not see, even when a run outlived the customer's link to the journey's dealer.
 */
describe('the people in a journey', () => {
  let world: TestWorld;
  let journeyId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    world = await createTestWorld();
    for (const [key, user, stage] of [
      ['olga', 'managerA', 'owner'],
      ['ivan', 'managerA', 'owner'],
      ['petr', 'managerA', 'prospect'],
      ['gleb', 'managerB', 'owner'],
    ] as const) {
      const created = await apiAs(world, user).post('/api/customers', {
        kind: 'person',
        firstName: key,
        lastName: 'People',
        interests: ['vip'],
        lifecycleStage: stage,
      });
      expect(created.status, created.text).toBe(201);
      ids[key] = created.body.id;
    }
    // ivan is also known at dealer B, more recently than at A
    await world.database.db
      .insertInto('customer_dealers')
      .values({ customer_id: ids.ivan!, dealer_id: world.dealers.B.id, relations: ['service'] })
      .execute();
    const journey = await apiAs(world, 'crmA').post('/api/journeys', {
      name: 'VIP owners wait three days',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      trigger: {
        type: 'segment_entered',
        condition: { type: 'tag', set: 'interests', op: 'any', values: ['vip'] },
      },
      definition: {
        start: 'is-owner',
        steps: [
          {
            id: 'is-owner',
            type: 'condition',
            condition: { type: 'lifecycle', stages: ['owner'] },
            yes: 'pause',
            no: 'done',
          },
          { id: 'pause', type: 'wait', mode: 'duration', amount: 3, unit: 'days', next: 'done' },
          { id: 'done', type: 'exit' },
        ],
      },
    });
    expect(journey.status, journey.text).toBe(201);
    journeyId = journey.body.id;
    await apiAs(world, 'crmA').post(`/api/journeys/${journeyId}/enable`, {});
    const pass = await runJourneys(world.database.db, new Date(Date.now() + 60_000));
    expect(pass.entered).toBe(3);
  });
  afterAll(() => world?.close());

  const people = async (user: keyof TestWorld['users'], query = '') => {
    const response = await apiAs(world, user).get(`/api/journeys/${journeyId}/people${query}`);
    expect(response.status, response.text).toBe(200);
    return response.body as { items: Person[]; total: number | null; totalCapped: boolean };
  };

  it('lists where each person stands and what the last step did', async () => {
    const all = await people('crmA');
    expect(all.total).toBe(3);
    const byName = new Map(all.items.map((p) => [p.customerId, p]));
    expect(byName.get(ids.olga!)).toMatchObject({
      status: 'active',
      stepId: 'pause',
      waiting: true,
      // a wait writes its row when it ends: the last thing done was the split
      lastStep: { stepId: 'is-owner', outcome: 'yes' },
    });
    expect(byName.get(ids.petr!)).toMatchObject({
      status: 'completed',
      stepId: null,
      waiting: false,
      lastStep: { stepId: 'done' },
    });
    // the dealer's journey acts as dealer A for all, whoever saw ivan last
    expect(new Set(all.items.map((p) => p.dealerCode))).toEqual(new Set([world.dealers.A.code]));
    const waiting = await people('crmA', '?stepId=pause');
    expect(waiting.items.map((p) => p.customerId).sort()).toEqual([ids.olga, ids.ivan].sort());
    expect(waiting.total).toBe(2);
    const completed = await people('crmA', '?status=completed');
    expect(completed.items.map((p) => p.customerId)).toEqual([ids.petr]);
  });

  it('pages newest entry first without repeating anyone', async () => {
    const first = await people('crmA', '?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.total).toBe(3);
    const last = first.items[1]!;
    const next = await people(
      'crmA',
      `?limit=2&afterEnteredAt=${encodeURIComponent(last.enteredAt)}&afterId=${last.enrollmentId}`,
    );
    expect(next.items).toHaveLength(1);
    // counted once, on the first page
    expect(next.total).toBeNull();
    const seen = [...first.items, ...next.items].map((p) => p.customerId).sort();
    expect(seen).toEqual([ids.olga, ids.ivan, ids.petr].sort());
    const order = [...first.items, ...next.items].map((p) => p.enteredAt);
    expect(order).toEqual([...order].sort().reverse());
  });

  it('never shows a customer outside the reader’s scope, nor the journey to other dealers', async () => {
    // a run of dealer B's customer (as if his link to dealer A ended after he entered)
    await world.database.db
      .insertInto('journey_enrollments')
      .values({
        journey_id: journeyId,
        customer_id: ids.gleb!,
        entry_key: 'moved-away',
        step_id: 'pause',
        waiting: true,
      })
      .execute();
    const dealer = await people('crmA');
    expect(dealer.items.map((p) => p.customerId)).not.toContain(ids.gleb);
    expect(dealer.total).toBe(3);
    const group = await people('crmGroup');
    expect(group.items.map((p) => p.customerId)).toContain(ids.gleb);
    expect(group.total).toBe(4);
    const other = await apiAs(world, 'managerB').get(`/api/journeys/${journeyId}/people`);
    expect(other.status).toBe(404);
    const consultant = await apiAs(world, 'consultantA1').get(`/api/journeys/${journeyId}/people`);
    expect(consultant.status).toBe(403);
  });

  it('refuses a bad filter naming the field', async () => {
    const status = await apiAs(world, 'crmA').get(
      `/api/journeys/${journeyId}/people?status=asleep`,
    );
    expect(status.status).toBe(400);
    expect(JSON.stringify(status.body.error.fields)).toContain('status');
    const half = await apiAs(world, 'crmA').get(
      `/api/journeys/${journeyId}/people?afterEnteredAt=2026-01-01T00:00:00Z`,
    );
    expect(half.status).toBe(400);
    expect(JSON.stringify(half.body.error.fields)).toContain('afterId');
  });
});
