import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

const letter = `<mjml><mj-body><mj-section><mj-column>
  <mj-text>{{customer.firstName}}, winter tyres are in.</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/**
 * The campaign page offers editing only to who may change the campaign: the GET's `mayEdit`
 * comes from the same rule as the PUT, so a dealer's CRM manager looking at the group's
 * campaign, or an analyst, sees it read-only instead of meeting a 403 on saving.
 */
describe('a campaign says whether the reader may change it, and the PUT agrees', () => {
  let world: TestWorld;
  let body: Record<string, unknown>;
  let groupId: string;
  let dealerId: string;
  let ownSegmentId: string;

  beforeAll(async () => {
    world = await createTestWorld();
    const definition = { type: 'lifecycle', stages: ['owner'] };
    const segment = await apiAs(world, 'crmGroup').post('/api/segments', {
      name: 'Owners',
      definition,
    });
    expect(segment.status, segment.text).toBe(201);
    const own = await apiAs(world, 'crmA').post('/api/segments', { name: 'Owners A', definition });
    expect(own.status, own.text).toBe(201);
    ownSegmentId = own.body.id;
    body = {
      name: 'Winter tyres',
      ownerLevel: 'group',
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      variants: [{ key: 'A', contents: { en: { subject: 'Winter tyres', mjml: letter } } }],
    };
    const group = await apiAs(world, 'crmGroup').post('/api/campaigns', body);
    expect(group.status, group.text).toBe(201);
    groupId = group.body.id;
    const dealer = await apiAs(world, 'crmA').post('/api/campaigns', {
      ...body,
      name: 'Winter tyres at A',
      segmentId: ownSegmentId,
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
    });
    expect(dealer.status, dealer.text).toBe(201);
    dealerId = dealer.body.id;
  });
  afterAll(async () => world.close());

  it('dealer A’s CRM manager reads the group’s campaign as not his to change: 403 on PUT', async () => {
    const api = apiAs(world, 'crmA');
    const read = await api.get(`/api/campaigns/${groupId}`);
    expect(read.status, read.text).toBe(200);
    expect(read.body.mayEdit).toBe(false);
    const put = await api.put(`/api/campaigns/${groupId}`, { ...body, name: 'Ours' });
    expect(put.status).toBe(403);
    const send = await api.post(`/api/campaigns/${groupId}/send`, {});
    expect(send.status).toBe(403);
    expect((await api.get(`/api/campaigns/${groupId}`)).body.name).toBe('Winter tyres');
  });

  it('the group’s CRM manager, its owner, may: true, and the PUT goes through', async () => {
    const api = apiAs(world, 'crmGroup');
    expect((await api.get(`/api/campaigns/${groupId}`)).body.mayEdit).toBe(true);
    const put = await api.put(`/api/campaigns/${groupId}`, { ...body, name: 'Winter tyres 2026' });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ name: 'Winter tyres 2026', mayEdit: true });
  });

  it('dealer A’s CRM manager may change his own dealer’s campaign', async () => {
    const api = apiAs(world, 'crmA');
    expect((await api.get(`/api/campaigns/${dealerId}`)).body.mayEdit).toBe(true);
    const put = await api.put(`/api/campaigns/${dealerId}`, {
      ...body,
      name: 'Winter tyres at A, from 1 November',
      segmentId: ownSegmentId,
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
    });
    expect(put.status, put.text).toBe(200);
  });

  it('an analyst of the group sees every campaign and may change none', async () => {
    const api = apiAs(world, 'analystGroup');
    for (const id of [groupId, dealerId]) {
      const read = await api.get(`/api/campaigns/${id}`);
      expect(read.status, read.text).toBe(200);
      expect(read.body.mayEdit).toBe(false);
      const put = await api.put(`/api/campaigns/${id}`, { ...body, name: 'Analysed' });
      expect(put.status).toBe(403);
    }
  });

  it('dealer B finds neither dealer A’s campaign nor a way to change it', async () => {
    const api = apiAs(world, 'managerB');
    expect((await api.get(`/api/campaigns/${dealerId}`)).status).toBe(404);
    const put = await api.put(`/api/campaigns/${dealerId}`, {
      ...body,
      ownerLevel: 'dealer',
      dealerId: world.dealers.B.id,
    });
    expect(put.status).toBe(404);
  });
});
