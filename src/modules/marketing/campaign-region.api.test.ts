import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { plainInvitation } from './events.testing.ts';

const granted = (channel: string) => ({ channel, status: 'granted', method: 'signed_form' });

type Results = { variants: { queued: number }[] };
const queued = (results: Results) => results.variants.reduce((sum, v) => sum + v.queued, 0);

/**
 * Region R1 holds dealers A and B (brand X; B also Y); region R2 holds dealer C (brand Y). The
 * region's manager runs no campaign or journey of his own, but reads his dealers': a dealer's
 * campaign whole, a group or brand campaign reaching his dealers with his customers' figures
 * only, and nothing of another region's dealers. He may change none of them.
 */
describe('a region’s manager reads the campaigns and journeys of his region’s dealers', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  const campaigns: Record<string, string> = {};
  const journeys: Record<string, string> = {};
  const brandIds: Record<string, string> = {};

  async function customer(user: 'managerA' | 'managerB' | 'managerC', key: string) {
    const created = await apiAs(world, user).post('/api/customers', {
      kind: 'person',
      firstName: key,
      lastName: 'Regional',
      emails: [{ address: `${key}@example.com` }],
      consents: [granted('email')],
      preferredLanguage: 'en',
    });
    expect(created.status, created.text).toBe(201);
    ids[key] = created.body.id;
  }

  type Runner = 'crmA' | 'managerC' | 'brandX' | 'brandY' | 'crmGroup';
  const owners = {
    crmA: () => ({ ownerLevel: 'dealer', dealerId: world.dealers.A.id }),
    managerC: () => ({ ownerLevel: 'dealer', dealerId: world.dealers.C.id }),
    brandX: () => ({ ownerLevel: 'brand', brandId: brandIds.X }),
    brandY: () => ({ ownerLevel: 'brand', brandId: brandIds.Y }),
    crmGroup: () => ({ ownerLevel: 'group' }),
  } satisfies Record<Runner, () => Record<string, unknown>>;

  const campaignBody = (user: Runner, segmentId: string) => ({
    name: `${user}'s spring`,
    ...owners[user](),
    segmentId,
    currency: 'RUB',
    defaultLanguage: 'en',
    costMinor: 3_000_000,
    variants: [{ key: 'A', contents: { en: { subject: 'Spring', mjml: plainInvitation } } }],
  });

  /** The runner's campaign to everyone named Regional he may reach, sent at once. */
  async function sentCampaign(user: Runner): Promise<void> {
    const segment = await apiAs(world, user).post('/api/segments', {
      name: `${user} regional`,
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Regional'] },
    });
    expect(segment.status, segment.text).toBe(201);
    const created = await apiAs(world, user).post(
      '/api/campaigns',
      campaignBody(user, segment.body.id),
    );
    expect(created.status, created.text).toBe(201);
    campaigns[user] = created.body.id;
    const sent = await apiAs(world, user).post(`/api/campaigns/${created.body.id}/send`, {});
    expect(sent.status, sent.text).toBe(200);
  }

  const journeyBody = (user: Runner) => ({
    name: `${user}'s welcome`,
    ...owners[user](),
    trigger: {
      type: 'segment_entered',
      condition: { type: 'tag', set: 'interests', op: 'any', values: ['vip'] },
    },
    definition: {
      start: 'mark',
      steps: [{ id: 'mark', type: 'update', field: 'add_interest', value: 'club', next: null }],
    },
  });

  beforeAll(async () => {
    world = await createTestWorld();
    await customer('managerA', 'anna');
    await customer('managerB', 'gleb');
    await customer('managerC', 'chen');
    for (const row of await world.database.db.selectFrom('brands').select(['id', 'code']).execute())
      brandIds[row.code] = row.id;
    for (const user of ['crmA', 'managerC', 'brandX', 'brandY', 'crmGroup'] as const) {
      await sentCampaign(user);
    }
    for (const user of ['crmA', 'managerC', 'brandX'] as const) {
      const created = await apiAs(world, user).post('/api/journeys', journeyBody(user));
      expect(created.status, created.text).toBe(201);
      journeys[user] = created.body.id;
    }
  });
  afterAll(async () => world.close());

  const page = (user: 'regionR1' | 'regionR2', runner: Runner) =>
    apiAs(world, user).get(`/api/campaigns/${campaigns[runner]}`);

  it('lists his dealers’ campaigns as his and the group’s and brands’ reaching them as reached', async () => {
    const list = await apiAs(world, 'regionR1').get('/api/campaigns');
    expect(list.status, list.text).toBe(200);
    const seen = new Map(
      list.body.items.map((c: { id: string; access: string }) => [c.id, c.access]),
    );
    expect(seen.get(campaigns.crmA)).toBe('owner');
    // dealer B sells Y, so the Ycar brand's campaign reaches region R1 too
    for (const runner of ['brandX', 'brandY', 'crmGroup'] as const) {
      expect(seen.get(campaigns[runner]), runner).toBe('reached');
    }
    expect(seen.has(campaigns.managerC)).toBe(false);
    expect(seen.size).toBe(4);
    // region R2 (dealer C, Ycar only): no Xcar campaign, no dealer of R1
    const other = await apiAs(world, 'regionR2').get('/api/campaigns');
    expect(new Set(other.body.items.map((c: { id: string }) => c.id))).toEqual(
      new Set([campaigns.managerC, campaigns.brandY, campaigns.crmGroup]),
    );
  });

  it('shows a dealer’s campaign whole, a reached one with his customers’ figures only', async () => {
    const dealers = await page('regionR1', 'crmA');
    expect(dealers.status, dealers.text).toBe(200);
    expect(dealers.body).toMatchObject({ access: 'owner', mayEdit: false, costMinor: 3_000_000 });
    expect(queued(dealers.body.results)).toBe(1);
    const group = await page('regionR1', 'crmGroup');
    expect(group.body).toMatchObject({ access: 'reached', mayEdit: false, costMinor: null });
    // anna (A) and gleb (B) of the group's three
    expect(queued(group.body.results)).toBe(2);
    expect(queued((await page('regionR2', 'crmGroup')).body.results)).toBe(1);
    // the Ycar brand reached gleb (B) and chen (C): region R1 sees gleb only
    expect(queued((await page('regionR1', 'brandY')).body.results)).toBe(1);
    expect(
      queued((await apiAs(world, 'brandY').get(`/api/campaigns/${campaigns.brandY}`)).body.results),
    ).toBe(2);
  });

  it('answers 404 for another region’s dealer’s campaign and the brand that does not reach him', async () => {
    expect((await page('regionR1', 'managerC')).status).toBe(404);
    expect((await page('regionR2', 'crmA')).status).toBe(404);
    expect((await page('regionR2', 'brandX')).status).toBe(404);
    const notes = await apiAs(world, 'regionR1').get(
      `/api/campaigns/${campaigns.managerC}/dealer-notes`,
    );
    expect(notes.status).toBe(404);
  });

  it('refuses him every change with 403: his dealers’ campaigns, a new one, a paragraph', async () => {
    const api = apiAs(world, 'regionR1');
    const segment = await apiAs(world, 'crmA').post('/api/segments', {
      name: 'A draft',
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Regional'] },
    });
    const draft = await apiAs(world, 'crmA').post(
      '/api/campaigns',
      campaignBody('crmA', segment.body.id),
    );
    expect(draft.status, draft.text).toBe(201);
    const refusals = [
      await api.put(`/api/campaigns/${draft.body.id}`, campaignBody('crmA', segment.body.id)),
      await api.post(`/api/campaigns/${draft.body.id}/send`, {}),
      await api.post('/api/campaigns', campaignBody('crmA', segment.body.id)),
      await api.post('/api/segments', {
        name: 'Mine',
        definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Regional'] },
      }),
      await api.put(`/api/campaigns/${campaigns.crmGroup}/dealer-notes/${world.dealers.A.id}`, {
        texts: { en: 'Region R1 says hello' },
      }),
    ];
    expect(refusals.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403]);
    const kept = await apiAs(world, 'crmA').get(`/api/campaigns/${draft.body.id}`);
    expect(kept.body).toMatchObject({ status: 'draft', name: "crmA's spring" });
  });

  it('counts in the ROI report his dealers’ campaigns whole and the group’s for his customers', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const roi = async (user: 'regionR1' | 'regionR2', runner: Runner) => {
      const answer = await apiAs(world, user).get(
        `/api/marketing/roi?from=${day}&to=${day}&campaignId=${campaigns[runner]}`,
      );
      expect(answer.status, answer.text).toBe(200);
      return answer.body.rows as { recipients: number; costMinor: number }[];
    };
    expect(await roi('regionR1', 'crmA')).toMatchObject([{ recipients: 1, costMinor: 3_000_000 }]);
    // two of the group's three recipients: two thirds of its cost
    expect(await roi('regionR1', 'crmGroup')).toMatchObject([
      { recipients: 2, costMinor: 2_000_000 },
    ]);
    expect(await roi('regionR1', 'managerC')).toEqual([]);
    expect(await roi('regionR2', 'crmA')).toEqual([]);
  });

  it('lists and opens his dealers’ journeys, not another region’s, and may not change them', async () => {
    const api = apiAs(world, 'regionR1');
    const list = await api.get('/api/journeys');
    expect(list.status, list.text).toBe(200);
    // the brand's and the group's journeys are theirs alone, as for a dealer
    expect(list.body.items.map((j: { id: string }) => j.id)).toEqual([journeys.crmA]);
    expect((await api.get(`/api/journeys/${journeys.crmA}`)).status).toBe(200);
    expect((await api.get(`/api/journeys/${journeys.managerC}`)).status).toBe(404);
    expect((await api.get(`/api/journeys/${journeys.brandX}`)).status).toBe(404);
    const other = await apiAs(world, 'regionR2').get('/api/journeys');
    expect(other.body.items.map((j: { id: string }) => j.id)).toEqual([journeys.managerC]);
    const refusals = [
      await api.post('/api/journeys', journeyBody('crmA')),
      await api.patch(`/api/journeys/${journeys.crmA}`, journeyBody('crmA')),
      await api.post(`/api/journeys/${journeys.crmA}/enable`, {}),
    ];
    expect(refusals.map((answer) => answer.status)).toEqual([403, 403, 403]);
    expect((await apiAs(world, 'crmA').get(`/api/journeys/${journeys.crmA}`)).body.enabled).toBe(
      false,
    );
  });
});
