import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

const cost = (overrides: Record<string, unknown> = {}) => ({
  sourceKey: 'advertising',
  month: '2026-03-01',
  ownerLevel: 'dealer',
  dealerCode: 'A',
  amountMinor: 12_000_000,
  currency: 'RUB',
  ...overrides,
});

describe('lead source costs per month and owner', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld();
  });
  afterAll(async () => world.close());

  it("dealer A's manager enters advertising for March, then corrects it: one row, updated", async () => {
    const api = apiAs(world, 'managerA');
    const created = await api.put(
      '/api/lead-source-costs',
      cost({ note: 'radio', currency: 'rub' }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      sourceKey: 'advertising',
      month: '2026-03-01',
      ownerLevel: 'dealer',
      dealerCode: 'A',
      brandCode: null,
      amountMinor: 12_000_000,
      currency: 'RUB',
      note: 'radio',
      enteredBy: 'managerA',
    });
    const again = await api.put('/api/lead-source-costs', cost({ amountMinor: 15_000_000 }));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: created.body.id, amountMinor: 15_000_000, note: null });
    const list = await api.get('/api/lead-source-costs?from=2026-01-01&to=2026-12-01');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id: created.body.id, amountMinor: 15_000_000 });

    // the change is in the audit log under his name
    const audit = await world.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('table_name', '=', 'lead_source_costs')
      .where('record_id', '=', created.body.id)
      .orderBy('id')
      .execute();
    expect(audit.map((entry) => entry.action)).toEqual(['insert', 'update']);
    expect(audit[1]!.actor_user_id).toBe(world.users.managerA.id);
  });

  it("dealer B's manager neither sees nor changes dealer A's costs", async () => {
    const a = await apiAs(world, 'managerA').put(
      '/api/lead-source-costs',
      cost({ sourceKey: 'website', amountMinor: 500_000 }),
    );
    const apiB = apiAs(world, 'managerB');
    const listed = await apiB.get('/api/lead-source-costs');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([]);
    const filtered = await apiB.get('/api/lead-source-costs?dealerCode=A');
    expect(filtered.body.items).toEqual([]);
    const written = await apiB.put('/api/lead-source-costs', cost({ sourceKey: 'website' }));
    expect(written.status).toBe(403);
    const removed = await apiB.delete(`/api/lead-source-costs/${a.body.id}`);
    expect(removed.status).toBe(404);
    // nor may a dealer enter the brand's or the group's costs
    expect(
      (
        await apiB.put(
          '/api/lead-source-costs',
          cost({ ownerLevel: 'group', dealerCode: undefined }),
        )
      ).status,
    ).toBe(403);
    // the row is still there for A
    const stillA = await apiAs(world, 'managerA').get('/api/lead-source-costs?sourceKey=website');
    expect(stillA.body.items).toHaveLength(1);
  });

  it('brand, region and group staff see what their scope covers; a consultant sees nothing', async () => {
    const admin = apiAs(world, 'admin');
    expect(
      (await admin.put('/api/lead-source-costs', cost({ dealerCode: 'C', currency: 'CNY' })))
        .status,
    ).toBe(201);
    expect(
      (
        await apiAs(world, 'brandX').put(
          '/api/lead-source-costs',
          cost({ ownerLevel: 'brand', dealerCode: undefined, brandCode: 'X' }),
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await admin.put(
          '/api/lead-source-costs',
          cost({ ownerLevel: 'group', dealerCode: undefined, sourceKey: 'purchased_data' }),
        )
      ).status,
    ).toBe(201);
    // brand X may not enter brand Y's costs
    expect(
      (
        await apiAs(world, 'brandX').put(
          '/api/lead-source-costs',
          cost({ ownerLevel: 'brand', dealerCode: undefined, brandCode: 'Y' }),
        )
      ).status,
    ).toBe(403);
    const owners = async (user: 'admin' | 'brandX' | 'regionR1' | 'regionR2' | 'managerC') =>
      (await apiAs(world, user).get('/api/lead-source-costs')).body.items
        .map(
          (item: { ownerLevel: string; dealerCode: string | null; brandCode: string | null }) =>
            `${item.ownerLevel}:${item.dealerCode ?? item.brandCode ?? ''}:${(item as { sourceKey?: string }).sourceKey}`,
        )
        .sort();
    expect(await owners('admin')).toEqual([
      'brand:X:advertising',
      'dealer:A:advertising',
      'dealer:A:website',
      'dealer:C:advertising',
      'group::purchased_data',
    ]);
    expect(await owners('brandX')).toEqual([
      'brand:X:advertising',
      'dealer:A:advertising',
      'dealer:A:website',
    ]);
    expect(await owners('regionR1')).toEqual(['dealer:A:advertising', 'dealer:A:website']);
    expect(await owners('regionR2')).toEqual(['dealer:C:advertising']);
    expect(await owners('managerC')).toEqual(['dealer:C:advertising']);
    // a region manager reads but may not enter costs; a consultant may not even read them
    expect((await apiAs(world, 'regionR1').put('/api/lead-source-costs', cost())).status).toBe(403);
    expect((await apiAs(world, 'consultantA1').get('/api/lead-source-costs')).status).toBe(403);
  });

  it('bad input is a 400 naming the field, and nothing is stored', async () => {
    const api = apiAs(world, 'managerA');
    const fieldsOf = async (body: Record<string, unknown>) => {
      const answer = await api.put('/api/lead-source-costs', body);
      expect(answer.status).toBe(400);
      return answer.body.error.fields.map((field: { path: string }) => field.path);
    };
    expect(await fieldsOf(cost({ month: '2026-03-15' }))).toEqual(['month']);
    expect(await fieldsOf(cost({ amountMinor: -1 }))).toEqual(['amountMinor']);
    expect(await fieldsOf(cost({ currency: 'RUBL' }))).toEqual(['currency']);
    expect(await fieldsOf(cost({ sourceKey: 'billboards' }))).toEqual(['sourceKey']);
    expect(await fieldsOf(cost({ dealerCode: undefined }))).toEqual(['dealerCode']);
    expect(await fieldsOf(cost({ dealerCode: 'NOPE' }))).toEqual(['dealerCode']);
    const list = await api.get('/api/lead-source-costs?month=2026-03-01');
    expect(list.status).toBe(400);
    const bad = await api.get('/api/lead-source-costs?from=2026-03-02');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('from');
  });

  it('a manager deletes his own cost', async () => {
    const api = apiAs(world, 'managerA');
    const created = await api.put(
      '/api/lead-source-costs',
      cost({ sourceKey: 'call_center', month: '2026-05-01' }),
    );
    expect((await api.delete(`/api/lead-source-costs/${created.body.id}`)).status).toBe(204);
    const list = await api.get('/api/lead-source-costs?sourceKey=call_center');
    expect(list.body.items).toEqual([]);
  });
});
