import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

type Rule = { id: string; name: string; position: number; dealerCode: string | null };

/**
 * The group's CRM manager keeps three rules: Moscow postcodes to A, Xcar to B, the rest by
 * relationship. He puts them in a new order in one request; a stale or wrong list changes
 * nothing. Dealer A's CRM manager reorders the rules of his dealer only, and dealer B's rule keeps
 * its place between them.
 */
describe('routing rules are reordered in one request', () => {
  let world: TestWorld;
  const rules: Record<string, string> = {};

  const names = async (user: 'crmGroup' | 'crmA') => {
    const answer = await apiAs(world, user).get('/api/lead-routing-rules');
    expect(answer.status).toBe(200);
    return (answer.body.items as Rule[]).map((rule) => rule.name);
  };

  beforeAll(async () => {
    world = await createTestWorld();
    const specs = [
      { name: 'Moscow to A', position: 10, dealerCode: 'A', postcodePrefixes: ['1'] },
      { name: 'Xcar to B', position: 20, dealerCode: 'B', brandCode: 'X' },
      { name: 'Known dealer', position: 30, useRelationship: true },
      { name: 'Events to A', position: 40, dealerCode: 'A', sources: ['marketing_events'] },
    ];
    for (const spec of specs) {
      const created = await apiAs(world, 'crmGroup').post('/api/lead-routing-rules', spec);
      expect(created.status).toBe(201);
      rules[spec.name] = created.body.id;
    }
  });
  afterAll(async () => world?.close());

  it('puts every rule into the order given and numbers them anew', async () => {
    const order = ['Known dealer', 'Events to A', 'Moscow to A', 'Xcar to B'];
    const answer = await apiAs(world, 'crmGroup').put('/api/lead-routing-rules/order', {
      ids: order.map((name) => rules[name]),
    });
    expect(answer.status).toBe(200);
    expect((answer.body.items as Rule[]).map((rule) => [rule.name, rule.position])).toEqual([
      ['Known dealer', 10],
      ['Events to A', 20],
      ['Moscow to A', 30],
      ['Xcar to B', 40],
    ]);
    expect(await names('crmGroup')).toEqual(order);
  });

  it('refuses a list missing a rule, naming it twice or naming another, and changes nothing', async () => {
    const before = await names('crmGroup');
    const missing = await apiAs(world, 'crmGroup').put('/api/lead-routing-rules/order', {
      ids: [rules['Xcar to B'], rules['Moscow to A'], rules['Known dealer']],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual([
      expect.objectContaining({ path: 'ids', code: 'rules_missing', params: { count: 1 } }),
    ]);
    const twice = await apiAs(world, 'crmGroup').put('/api/lead-routing-rules/order', {
      ids: [
        rules['Xcar to B'],
        rules['Xcar to B'],
        rules['Moscow to A'],
        rules['Known dealer'],
        rules['Events to A'],
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.fields).toEqual([
      expect.objectContaining({ path: 'ids.1', code: 'duplicate' }),
    ]);
    const stranger = await apiAs(world, 'crmGroup').put('/api/lead-routing-rules/order', {
      ids: [...Object.values(rules), '00000000-0000-4000-8000-000000000000'],
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.fields).toEqual([
      expect.objectContaining({ path: 'ids.4', code: 'unknown' }),
    ]);
    expect(await names('crmGroup')).toEqual(before);
  });

  it("dealer A's CRM manager orders his dealer's rules; the others keep their places", async () => {
    expect(await names('crmA')).toEqual(['Events to A', 'Moscow to A']);
    // the group's rules and dealer B's are not his to name
    const foreign = await apiAs(world, 'crmA').put('/api/lead-routing-rules/order', {
      ids: [rules['Xcar to B'], rules['Moscow to A'], rules['Events to A']],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields[0]).toMatchObject({ path: 'ids.0', code: 'unknown' });

    const answer = await apiAs(world, 'crmA').put('/api/lead-routing-rules/order', {
      ids: [rules['Moscow to A'], rules['Events to A']],
    });
    expect(answer.status).toBe(200);
    expect((answer.body.items as Rule[]).map((rule) => rule.name)).toEqual([
      'Moscow to A',
      'Events to A',
    ]);
    expect(await names('crmGroup')).toEqual([
      'Known dealer',
      'Moscow to A',
      'Events to A',
      'Xcar to B',
    ]);
  });

  it('is not for consultants, nor for dealer managers', async () => {
    const ids = [rules['Moscow to A'], rules['Events to A']];
    expect(
      (await apiAs(world, 'consultantA1').put('/api/lead-routing-rules/order', { ids })).status,
    ).toBe(403);
    expect(
      (await apiAs(world, 'managerA').put('/api/lead-routing-rules/order', { ids })).status,
    ).toBe(403);
  });
});
