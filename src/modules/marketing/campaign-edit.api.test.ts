import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

const invitation = `<mjml><mj-body><mj-section><mj-column>
  <mj-text>{{customer.firstName}}, come to our open day.</mj-text>
  <mj-button href="{{links.register}}">Register</mj-button>
</mj-column></mj-section></mj-body></mjml>`;

type Problem = { path: string };
/** the fields a 400 answer names, each once */
const paths = (body: { error: { fields?: Problem[] } }) =>
  [...new Set((body.error.fields ?? []).map((field) => field.path))].sort();

/**
 * Dealer A's CRM manager plans an open day as a draft and changes it before the invitations go:
 * the showroom is being refitted, so the venue, time and places move; budget and cost follow
 * the quote. Once the invitations are out the campaign stays as it was sent.
 */
describe('a CRM manager changes a campaign until it starts sending', () => {
  let world: TestWorld;
  let segmentId: string;
  let draft: Record<string, unknown>;
  let campaignId: string;
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

  beforeAll(async () => {
    world = await createTestWorld();
    const created = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: 'Olga',
      lastName: 'Openday',
      emails: [{ address: 'olga.openday@example.com' }],
      consents: [{ channel: 'email', status: 'granted', method: 'signed_form' }],
      preferredLanguage: 'en',
    });
    expect(created.status, created.text).toBe(201);
    const segment = await apiAs(world, 'crmA').post('/api/segments', {
      name: 'Open day guests',
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Openday'] },
    });
    expect(segment.status, segment.text).toBe(201);
    segmentId = segment.body.id;
    draft = {
      name: 'Open day',
      goal: 'Test drives of the new Xcar',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId,
      currency: 'RUB',
      defaultLanguage: 'en',
      kind: 'event',
      eventVenue: 'Showroom, Lenina 1',
      eventStartsAt: inDays(10),
      eventCapacity: 20,
      budgetMinor: 5_000_000,
      variants: [{ key: 'A', contents: { en: { subject: 'Open day', mjml: invitation } } }],
    };
    const campaign = await apiAs(world, 'crmA').post('/api/campaigns', draft);
    expect(campaign.status, campaign.text).toBe(201);
    campaignId = campaign.body.id;
  });
  afterAll(async () => world.close());

  it('moves the draft event: venue, time, places, goal, budget and cost', async () => {
    const startsAt = inDays(14);
    const changed = await apiAs(world, 'crmA').put(`/api/campaigns/${campaignId}`, {
      ...draft,
      goal: 'Test drives and trade-in offers',
      eventVenue: 'Service hall, Lenina 3',
      eventStartsAt: startsAt,
      eventCapacity: 35,
      budgetMinor: 6_000_000,
      costMinor: 4_250_000,
    });
    expect(changed.status, changed.text).toBe(200);
    const again = await apiAs(world, 'crmA').get(`/api/campaigns/${campaignId}`);
    expect(again.body).toMatchObject({
      status: 'draft',
      goal: 'Test drives and trade-in offers',
      eventVenue: 'Service hall, Lenina 3',
      eventStartsAt: startsAt,
      eventCapacity: 35,
      budgetMinor: 6_000_000,
      costMinor: 4_250_000,
    });
    const audit = await world.database.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'new_values'])
      .where('table_name', '=', 'marketing_campaigns')
      .where('record_id', '=', campaignId)
      .where('action', '=', 'update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_user_id: world.users.crmA.id,
      new_values: { event_venue: 'Service hall, Lenina 3', event_capacity: 35 },
    });
  });

  it('a time in the future schedules it, none makes it a draft again, a past one is refused', async () => {
    const api = apiAs(world, 'crmA');
    const at = inDays(3);
    const scheduled = await api.put(`/api/campaigns/${campaignId}`, { ...draft, scheduledAt: at });
    expect(scheduled.status, scheduled.text).toBe(200);
    expect(scheduled.body).toMatchObject({ status: 'scheduled', scheduledAt: at });

    const past = await api.put(`/api/campaigns/${campaignId}`, {
      ...draft,
      scheduledAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expect(past.status).toBe(400);
    expect(paths(past.body)).toEqual(['scheduledAt']);

    const unscheduled = await api.put(`/api/campaigns/${campaignId}`, {
      ...draft,
      scheduledAt: null,
    });
    expect(unscheduled.status, unscheduled.text).toBe(200);
    expect(unscheduled.body).toMatchObject({ status: 'draft', scheduledAt: null });

    // a new campaign with a time is scheduled at once, like a changed one
    const planned = await api.post('/api/campaigns', {
      ...draft,
      name: 'Planned open day',
      scheduledAt: at,
    });
    expect(planned.status, planned.text).toBe(201);
    expect(planned.body).toMatchObject({ status: 'scheduled', scheduledAt: at });
  });

  it('answers bad input with 400 naming the field, and changes nothing', async () => {
    const api = apiAs(world, 'crmA');
    const before = (await api.get(`/api/campaigns/${campaignId}`)).body;
    const noPlaces = await api.put(`/api/campaigns/${campaignId}`, {
      ...draft,
      eventCapacity: 0,
      budgetMinor: -5,
    });
    expect(noPlaces.status).toBe(400);
    expect(paths(noPlaces.body)).toEqual(['budgetMinor', 'eventCapacity']);
    const noName = await api.put(`/api/campaigns/${campaignId}`, { ...draft, name: ' ' });
    expect(noName.status).toBe(400);
    expect(paths(noName.body)).toEqual(['name']);
    const unknown = await api.put(`/api/campaigns/${campaignId}`, { ...draft, venue: 'x' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('venue');
    expect((await api.get(`/api/campaigns/${campaignId}`)).body).toEqual(before);
  });

  it('dealer B does not find it, and a dealer cannot take over the group’s campaign', async () => {
    const foreign = await apiAs(world, 'managerB').put(`/api/campaigns/${campaignId}`, {
      ...draft,
      dealerId: world.dealers.B.id,
    });
    expect(foreign.status).toBe(404);

    const groupCampaign = await apiAs(world, 'crmGroup').post('/api/campaigns', {
      ...draft,
      name: 'Group open day',
      ownerLevel: 'group',
      dealerId: null,
    });
    expect(groupCampaign.status, groupCampaign.text).toBe(201);
    // dealer A sees the group's campaigns, but running one is the group's
    const takeover = await apiAs(world, 'crmA').put(`/api/campaigns/${groupCampaign.body.id}`, {
      ...draft,
      name: 'Ours now',
    });
    expect(takeover.status).toBe(403);
    const kept = await apiAs(world, 'crmGroup').get(`/api/campaigns/${groupCampaign.body.id}`);
    expect(kept.body).toMatchObject({ name: 'Group open day', ownerLevel: 'group' });
  });

  it('refuses any change once the invitations have gone out', async () => {
    const api = apiAs(world, 'crmA');
    const sent = await api.post(`/api/campaigns/${campaignId}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    const before = (await api.get(`/api/campaigns/${campaignId}`)).body;
    expect(before.status).toBe('sent');
    const late = await api.put(`/api/campaigns/${campaignId}`, { ...draft, eventCapacity: 50 });
    expect(late.status).toBe(409);
    expect((await api.get(`/api/campaigns/${campaignId}`)).body.eventCapacity).toBe(
      before.eventCapacity,
    );
  });
});
