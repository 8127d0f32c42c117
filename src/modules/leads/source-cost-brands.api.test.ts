import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';

/**
 * Dealer B sells brands X and Y. March 2026: B has 3 website leads of brand X and 1 of brand Y.
 * Costs (RUB minor units): website B, no brand 1,000,001; website B for brand Y 200,000;
 * website A (brand X only) 500,000; website C (brand Y only) 300,000; website group 50,000;
 * showroom B, no brand 100,000 (no showroom lead: even split); advertising brand X 400,000.
 */
const march = 'from=2026-03-01&to=2026-03-31';
type Money = { currency: string; amountMinor: number };
type SourceRow = { source: string | null; cost: Money[] };

describe('a dealer selling two brands: its costs per brand', () => {
  let world: TestWorld;
  let phone = 0;

  async function lead(by: TestUserKey, brandCode: string, source = 'website') {
    phone++;
    const created = await apiAs(world, by).post('/api/leads', {
      source,
      brandCode,
      person: {
        lastName: `Brand${phone}`,
        phones: [{ number: `+7903444${String(phone).padStart(4, '0')}` }],
      },
    });
    expect(created.status).toBe(201);
    await sql`update leads set created_at = ${new Date('2026-03-10T10:00:00Z')},
      requested_at = ${new Date('2026-03-10T10:00:00Z')}
      where id = ${created.body.leadId}`.execute(world.database.db);
  }

  async function cost(body: Record<string, unknown>) {
    return apiAs(world, 'admin').put('/api/lead-source-costs', {
      month: '2026-03-01',
      currency: 'RUB',
      sourceKey: 'website',
      ownerLevel: 'dealer',
      ...body,
    });
  }

  /** The source costs of the ROI report by source, for the admin and a filter. */
  async function costs(filter = ''): Promise<Record<string, number>> {
    const answer = await apiAs(world, 'admin').get(
      `/api/marketing/roi?groupBy=source&${march}${filter}`,
    );
    expect(answer.status).toBe(200);
    const rows = answer.body.rows as SourceRow[];
    return Object.fromEntries(
      rows
        .filter((row) => row.cost.length > 0)
        .map((row) => [row.source, row.cost.find((c) => c.currency === 'RUB')!.amountMinor]),
    );
  }

  beforeAll(async () => {
    world = await createTestWorld();
    for (const brand of ['X', 'X', 'X', 'Y']) await lead('consultantB1', brand);
    const entered = [
      await cost({ dealerCode: 'B', amountMinor: 1_000_001 }),
      await cost({ dealerCode: 'B', brandCode: 'Y', amountMinor: 200_000 }),
      await cost({ dealerCode: 'A', amountMinor: 500_000 }),
      await cost({ dealerCode: 'C', amountMinor: 300_000 }),
      await cost({ ownerLevel: 'group', amountMinor: 50_000 }),
      await cost({ dealerCode: 'B', sourceKey: 'showroom', amountMinor: 100_000 }),
      await cost({
        ownerLevel: 'brand',
        brandCode: 'X',
        sourceKey: 'advertising',
        amountMinor: 400_000,
      }),
    ];
    expect(entered.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201, 201, 201]);
  });
  afterAll(async () => world.close());

  it("dealer B's manager names the brand a cost was for; only a brand B sells", async () => {
    const api = apiAs(world, 'managerB');
    const named = await api.put('/api/lead-source-costs', {
      sourceKey: 'call_center',
      month: '2026-02-01',
      ownerLevel: 'dealer',
      dealerCode: 'B',
      brandCode: 'X',
      amountMinor: 1_000,
      currency: 'RUB',
    });
    expect(named.status).toBe(201);
    expect(named.body).toMatchObject({ ownerLevel: 'dealer', dealerCode: 'B', brandCode: 'X' });
    const fieldsOf = async (user: TestUserKey, body: Record<string, unknown>) => {
      const answer = await apiAs(world, user).put('/api/lead-source-costs', {
        sourceKey: 'call_center',
        month: '2026-02-01',
        ownerLevel: 'dealer',
        amountMinor: 1_000,
        currency: 'RUB',
        ...body,
      });
      expect(answer.status).toBe(400);
      return answer.body.error.fields.map((field: { path: string }) => field.path);
    };
    // dealer A sells brand X only
    expect(await fieldsOf('managerA', { dealerCode: 'A', brandCode: 'Y' })).toEqual(['brandCode']);
    expect(await fieldsOf('managerB', { dealerCode: 'B', brandCode: 'NOPE' })).toEqual([
      'brandCode',
    ]);
    // dealer C's manager sees none of it
    const seen = await apiAs(world, 'managerC').get('/api/lead-source-costs?sourceKey=call_center');
    expect(seen.body.items).toEqual([]);
    expect((await api.delete(`/api/lead-source-costs/${named.body.id}`)).status).toBe(204);
  });

  it("a brand filter counts a dealer's cost named for a brand in that brand only, and shares the rest by its leads", async () => {
    const x = await costs('&brandCode=X');
    const y = await costs('&brandCode=Y');
    // B's 1,000,001 over 3 X leads and 1 Y lead: 750,000.75 and 250,000.25, the odd kopeck to X
    expect(x).toEqual({ website: 500_000 + 750_001, showroom: 50_000, advertising: 400_000 });
    expect(y).toEqual({ website: 250_000 + 200_000 + 300_000, showroom: 50_000 });
    // the brands add up to the group total; only the group's own cost belongs to no brand
    const all = await costs();
    expect(all).toEqual({
      website: 1_000_001 + 200_000 + 500_000 + 300_000 + 50_000,
      showroom: 100_000,
      advertising: 400_000,
    });
    for (const source of Object.keys(all)) {
      const group = source === 'website' ? 50_000 : 0;
      expect((x[source] ?? 0) + (y[source] ?? 0) + group).toBe(all[source]);
    }
    // dealer B alone, per brand: its rows add up to B's costs
    const bx = await costs('&dealerCode=B&brandCode=X');
    const by = await costs('&dealerCode=B&brandCode=Y');
    expect(bx).toEqual({ website: 750_001, showroom: 50_000 });
    expect(by).toEqual({ website: 250_000 + 200_000, showroom: 50_000 });
    expect(await costs('&dealerCode=B')).toEqual({ website: 1_200_001, showroom: 100_000 });
  });

  it("dealer A's manager sees only his own cost under a brand filter", async () => {
    const answer = await apiAs(world, 'managerA').get(
      `/api/marketing/roi?groupBy=source&${march}&brandCode=X`,
    );
    expect(answer.status).toBe(200);
    const rows = (answer.body.rows as SourceRow[]).filter((row) => row.cost.length > 0);
    // dealer A sees none of B's costs nor the brand's: only his own website cost
    expect(rows.map((row) => [row.source, row.cost])).toEqual([
      ['website', [{ currency: 'RUB', amountMinor: 500_000 }]],
    ]);
  });
});
