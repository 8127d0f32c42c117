import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { registerForEvent } from './events.service.ts';
import { plainInvitation } from './events.testing.ts';

const granted = (channel: string) => ({ channel, status: 'granted', method: 'signed_form' });
const address = { country: 'RU', city: 'Kazan', postcode: '420000', street: 'Baumana 1' };
const hour = 3_600_000;
const letter = `<mjml><mj-body><mj-section><mj-column>
  <mj-text>Dear {{customer.firstName}}, spring is here.</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

type Results = { variants: { queued: number; callOutcomes: Record<string, number> }[] };
const queued = (results: Results) => results.variants.reduce((sum, v) => sum + v.queued, 0);
const calls = (results: Results) =>
  results.variants.reduce(
    (sum, v) => sum + Object.values(v.callOutcomes).reduce((a, b) => a + b, 0),
    0,
  );

/**
 * The Xcar brand plans its campaigns for the customers of its dealers A and B (dealer C sells
 * only Ycar). Dealer A's CRM manager finds them among his campaigns and opens them, so that he
 * can write his dealer's paragraph in the web app; he may not change, send or end them, and
 * every figure and list he sees there is of his own customers: dealer B's never show.
 */
describe('a dealer’s CRM manager reads the brand’s campaigns that reach his customers', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  const campaigns: Record<string, string> = {};
  let segmentId: string;
  let brandXId: string;

  async function customer(user: 'managerA' | 'managerB' | 'managerC', key: string) {
    const created = await apiAs(world, user).post('/api/customers', {
      kind: 'person',
      firstName: key[0]!.toUpperCase() + key.slice(1),
      lastName: 'Reached',
      emails: [{ address: `${key}@example.com` }],
      phones: [{ number: `+7 916 555 00 0${Object.keys(ids).length + 1}` }],
      addresses: [address],
      consents: [granted('email'), granted('phone'), granted('post')],
      preferredLanguage: 'en',
    });
    expect(created.status, created.text).toBe(201);
    ids[key] = created.body.id;
  }

  const content = { en: { subject: 'Xcar spring', mjml: plainInvitation } };
  const brandBody = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    ownerLevel: 'brand',
    brandId: brandXId,
    segmentId,
    currency: 'RUB',
    defaultLanguage: 'en',
    budgetMinor: 5_000_000,
    costMinor: 4_000_000,
    variants: [{ key: 'A', contents: content }],
    ...extra,
  });
  async function brandCampaign(key: string, extra: Record<string, unknown> = {}) {
    const created = await apiAs(world, 'brandX').post('/api/campaigns', brandBody(key, extra));
    expect(created.status, created.text).toBe(201);
    campaigns[key] = created.body.id;
  }
  const page = (key: string, user: Parameters<typeof apiAs>[1] = 'crmA') =>
    apiAs(world, user).get(`/api/campaigns/${campaigns[key]}`);

  beforeAll(async () => {
    world = await createTestWorld();
    await customer('managerA', 'anna');
    await customer('managerB', 'gleb');
    await customer('managerC', 'chen');
    brandXId = (
      await world.database.db
        .selectFrom('brands')
        .select('id')
        .where('code', '=', 'X')
        .executeTakeFirstOrThrow()
    ).id;
    const segment = await apiAs(world, 'brandX').post('/api/segments', {
      name: 'Reached',
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Reached'] },
    });
    expect(segment.status, segment.text).toBe(201);
    segmentId = segment.body.id;
    await brandCampaign('email');
    await brandCampaign('letter', {
      channel: 'mail',
      variants: [{ key: 'A', contents: { en: { mjml: letter } } }],
    });
    await brandCampaign('call', {
      channel: 'call',
      variants: [{ key: 'A', contents: { en: { subject: 'Spring call', text: 'Good day!' } } }],
      callAssigneeUserId: world.users.callCenterGroup.id,
      callDueDays: 2,
    });
    await brandCampaign('event', {
      kind: 'event',
      eventStartsAt: new Date(Date.now() + 72 * hour).toISOString(),
      eventCapacity: 10,
    });
    for (const key of ['email', 'letter', 'call']) {
      const sent = await apiAs(world, 'brandX').post(`/api/campaigns/${campaigns[key]}/send`, {});
      expect(sent.status, sent.text).toBe(200);
      expect(sent.body.queued).toBe(2);
    }
    // both brand customers register for the premiere (the invitation itself is not sent)
    await registerForEvent(world.database.db, campaigns.event!, ids.anna!);
    await registerForEvent(world.database.db, campaigns.event!, ids.gleb!);
    // the group's own campaign reaches every dealer
    const group = await apiAs(world, 'crmGroup').post('/api/campaigns', {
      ...brandBody('group'),
      ownerLevel: 'group',
      brandId: undefined,
    });
    expect(group.status, group.text).toBe(201);
    campaigns.group = group.body.id;
    const sent = await apiAs(world, 'crmGroup').post(`/api/campaigns/${campaigns.group}/send`, {});
    expect(sent.body.queued).toBe(3);
  });
  afterAll(async () => world.close());

  it('writes each recipient row with the dealer set of its person’s links (0282)', async () => {
    // the send gives the set from one pass over the page's links; the insert trigger is the yardstick
    const rows = await sql<{ given: number; expected: number }>`
      select r.customer_dealer_set_id as given, customer_dealer_set_of(r.customer_id) as expected
        from marketing_campaign_recipients r`.execute(world.database.db);
    expect(rows.rows.length).toBeGreaterThanOrEqual(9);
    for (const row of rows.rows) expect(row.given).toBe(row.expected);
    const distinct = new Set(rows.rows.map((row) => row.given));
    // dealers A, B and C's customers: three different sets
    expect(distinct.size).toBe(3);
  });

  it('lists the brand’s campaigns for dealer A read-only, and not for dealer C', async () => {
    const list = await apiAs(world, 'crmA').get('/api/campaigns');
    expect(list.status, list.text).toBe(200);
    const seen = new Map(
      list.body.items.map((c: { id: string; access: string }) => [c.id, c.access]),
    );
    for (const key of ['email', 'letter', 'call', 'event', 'group']) {
      expect(seen.get(campaigns[key]), key).toBe('reached');
    }
    const owner = await apiAs(world, 'brandX').get('/api/campaigns');
    expect(owner.body.items.find((c: { id: string }) => c.id === campaigns.email).access).toBe(
      'owner',
    );
    // dealer C sells no Xcar: the brand's campaigns are none of his business, the group's is
    const other = await apiAs(world, 'managerC').get('/api/campaigns');
    const otherIds = other.body.items.map((c: { id: string }) => c.id);
    expect(otherIds).not.toContain(campaigns.email);
    expect(otherIds).toContain(campaigns.group);
    expect((await page('email', 'managerC')).status).toBe(404);
    expect(
      (await apiAs(world, 'managerC').get(`/api/campaigns/${campaigns.email}/dealer-notes`)).status,
    ).toBe(404);
  });

  it('shows dealer A his own customers’ figures only and none of the brand’s money', async () => {
    const mine = await page('email');
    expect(mine.status, mine.text).toBe(200);
    expect(mine.body).toMatchObject({
      access: 'reached',
      mayEdit: false,
      budgetMinor: null,
      costMinor: null,
    });
    expect(mine.body.results.costPerOpen).toBeNull();
    expect(queued(mine.body.results)).toBe(1);
    const owner = await page('email', 'brandX');
    expect(owner.body).toMatchObject({ access: 'owner', budgetMinor: 5_000_000 });
    expect(queued(owner.body.results)).toBe(2);
    // the call tasks' outcomes: his customer's task only
    expect(calls((await page('call')).body.results)).toBe(1);
    expect(calls((await page('call', 'brandX')).body.results)).toBe(2);
    // the group's campaign likewise: dealer A's one of three
    const group = await page('group');
    expect(group.body.access).toBe('reached');
    expect(queued(group.body.results)).toBe(1);
    expect(group.body.costMinor).toBeNull();
    // the brand's analyst sees the group's campaign for his brand's dealers A and B
    const brand = await page('group', 'analystX');
    expect(brand.body.access).toBe('reached');
    expect(queued(brand.body.results)).toBe(2);
  });

  it('counts his customers only in the ROI report, with his share of the cost', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const roi = await apiAs(world, 'crmA').get(
      `/api/marketing/roi?from=${day}&to=${day}&campaignId=${campaigns.email}`,
    );
    expect(roi.status, roi.text).toBe(200);
    expect(roi.body.rows).toHaveLength(1);
    expect(roi.body.rows[0]).toMatchObject({ recipients: 1, costMinor: 2_000_000 });
    const none = await apiAs(world, 'managerC').get(
      `/api/marketing/roi?from=${day}&to=${day}&campaignId=${campaigns.email}`,
    );
    expect(none.body.rows).toHaveLength(0);
  });

  it('exports, previews and lists only his own customers', async () => {
    const csv = await apiAs(world, 'crmA').get(
      `/api/campaigns/${campaigns.letter}/direct-mail.csv`,
    );
    expect(csv.status, csv.text).toBe(200);
    expect(csv.text).toContain(ids.anna);
    expect(csv.text).not.toContain(ids.gleb);
    const letters = await apiAs(world, 'crmA').get(
      `/api/campaigns/${campaigns.letter}/direct-mail/letters`,
    );
    expect(letters.status).toBe(200);
    expect(letters.text).toContain('Anna');
    expect(letters.text).not.toContain('Gleb');

    const preview = (customerId: string) =>
      apiAs(world, 'crmA').post('/api/campaigns/preview', {
        customerId,
        campaignId: campaigns.email,
      });
    expect((await preview(ids.anna!)).status).toBe(200);
    expect((await preview(ids.gleb!)).status).toBe(404);

    const guests = await apiAs(world, 'crmA').get(
      `/api/campaigns/${campaigns.event}/registrations`,
    );
    expect(guests.status, guests.text).toBe(200);
    expect(guests.body.registered).toBe(1);
    expect(guests.body.items.map((g: { customerId: string }) => g.customerId)).toEqual([ids.anna]);
    expect(guests.body.attendance.mayMark).toBe(false);
    const care = await apiAs(world, 'crmA').get(`/api/campaigns/${campaigns.event}/event-care`);
    expect(care.status, care.text).toBe(200);
    expect(JSON.stringify(care.body)).not.toContain(ids.gleb);
    const replies = await apiAs(world, 'crmA').get(`/api/campaigns/${campaigns.email}/replies`);
    expect(replies.status, replies.text).toBe(200);
    // dealer B's guest is not his to cancel
    const cancel = await apiAs(world, 'crmA').post(
      `/api/campaigns/${campaigns.event}/registrations/${ids.gleb}/cancel`,
      {},
    );
    expect(cancel.status).toBe(404);
    expect(
      (
        await apiAs(world, 'crmA').post(`/api/campaigns/${campaigns.event}/walk-ins`, {
          customerId: ids.gleb,
        })
      ).status,
    ).toBe(404);
  });

  it('refuses him every change: the campaign, its sending, its event', async () => {
    const api = apiAs(world, 'crmA');
    const id = campaigns.event!;
    const refusals = [
      await api.put(`/api/campaigns/${id}`, brandBody('Mine now')),
      await api.post(`/api/campaigns/${id}/send`, {}),
      await api.post(`/api/campaigns/${campaigns.email}/ab-winner`, {}),
      await api.put(`/api/campaigns/${id}/event-details`, {
        venue: 'Elsewhere',
        startsAt: new Date(Date.now() + 96 * hour).toISOString(),
        places: 5,
      }),
      await api.put(`/api/campaigns/${id}/event-texts`, {
        texts: [{ kind: 'reminder', language: 'en', subject: 'Mine', mjml: plainInvitation }],
      }),
      await api.put(`/api/campaigns/${id}/event-care`, {
        reminderHoursBefore: 24,
        morningReminder: false,
        feedback: true,
      }),
      await api.post(`/api/campaigns/${id}/event-cancel`, {}),
    ];
    expect(refusals.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    const kept = await page('event', 'brandX');
    expect(kept.body).toMatchObject({ name: 'event', status: 'draft' });
  });

  it('lets him write his dealer’s paragraph in the brand’s campaign, and only his', async () => {
    const url = `/api/campaigns/${campaigns.event}/dealer-notes`;
    const saved = await apiAs(world, 'crmA').put(`${url}/${world.dealers.A.id}`, {
      texts: { en: 'Test drives all weekend at dealer A' },
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.writableDealerIds).toEqual([world.dealers.A.id]);
    const foreign = await apiAs(world, 'crmA').put(`${url}/${world.dealers.B.id}`, {
      texts: { en: 'x' },
    });
    expect(foreign.status).toBe(403);
  });
});
