import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';
import { createEventCampaign } from './events.testing.ts';
import { registerForEvent } from './events.service.ts';
import { compileCondition } from './segment-compiler.ts';
import { recordClick, recordOpen } from './tracking.service.ts';

const granted = [{ channel: 'email', status: 'granted', method: 'signed_form' }];
const mjml =
  '<mjml><mj-body><mj-section><mj-column><mj-text>Hello {{customer.firstName}}</mj-text></mj-column></mj-section></mj-body></mjml>';

/**
 * A marketer follows up a campaign: who got it, who opened or clicked, who got it and did not
 * open, who registered for the show and who came (issue 5: segments over campaign responses).
 */
describe('a marketer builds a segment from campaign responses', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  let winterId: string;
  let showId: string;

  async function customer(user: TestUserKey, key: string, consent: boolean) {
    const created = await apiAs(world, user).post('/api/customers', {
      kind: 'person',
      firstName: key[0]!.toUpperCase() + key.slice(1),
      lastName: 'Responder',
      emails: [{ address: `${key}@example.com` }],
      ...(consent ? { consents: granted } : {}),
    });
    expect(created.status, created.text).toBe(201);
    ids[key] = created.body.id;
  }

  async function members(definition: unknown, user: TestUserKey = 'crmA'): Promise<string[]> {
    const answer = await apiAs(world, user).post('/api/segments/preview', {
      definition,
      limit: 200,
    });
    expect(answer.status, answer.text).toBe(200);
    const count = await apiAs(world, user).post('/api/segments/count', { definition });
    expect(count.body.count).toBe(answer.body.total);
    return (answer.body.items as { id: string }[])
      .map((item) => Object.entries(ids).find(([, id]) => id === item.id)?.[0] ?? '?')
      .sort();
  }

  beforeAll(async () => {
    world = await createTestWorld();
    await customer('managerA', 'anna', true);
    await customer('managerA', 'boris', true);
    await customer('managerA', 'dina', true);
    await customer('managerA', 'vera', false);
    await customer('managerB', 'gleb', true);

    const api = apiAs(world, 'crmA');
    const segment = await api.post('/api/segments', {
      name: 'Everyone with e-mail',
      definition: { type: 'contact', channel: 'email' },
    });
    expect(segment.status, segment.text).toBe(201);
    const winter = await api.post('/api/campaigns', {
      name: 'Winter tyres',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      variants: [{ key: 'A', contents: { en: { subject: 'Winter tyres', mjml } } }],
    });
    expect(winter.status, winter.text).toBe(201);
    winterId = winter.body.id;
    const sent = await api.post(`/api/campaigns/${winterId}/send`, {});
    // Anna, Boris and Dina get it; Vera has no consent (blocked); Gleb is dealer B's
    expect(sent.body).toMatchObject({ queued: 3, blocked: 1 });
    await recordOpen(world.database.db, winterId, ids.anna!);
    await recordClick(world.database.db, winterId, ids.boris!);

    showId = await createEventCampaign(world, {
      name: 'Spring show',
      startsAt: new Date(Date.now() + 3 * 86_400_000),
      capacity: 10,
    });
    expect((await api.post(`/api/campaigns/${showId}/send`, {})).status).toBe(200);
    await registerForEvent(world.database.db, showId, ids.dina!);
    await registerForEvent(world.database.db, showId, ids.anna!);
    // the door is tested in events-care.api.test.ts; here only the record of who came
    await withActor(world.database.db, systemActor('test'), (tx) =>
      tx
        .updateTable('marketing_event_registrations')
        .set({ attended_at: new Date() })
        .where('campaign_id', '=', showId)
        .where('customer_id', '=', ids.dina!)
        .execute(),
    );
  });
  afterAll(async () => {
    await world.close();
  });

  const winter = (response: string, extra: Record<string, unknown> = {}) => ({
    type: 'campaign',
    response,
    campaignIds: [winterId],
    ...extra,
  });

  it('finds who received, opened and clicked a campaign (a click is an open too)', async () => {
    expect(await members(winter('received'))).toEqual(['anna', 'boris', 'dina']);
    expect(await members(winter('opened'))).toEqual(['anna', 'boris']);
    expect(await members(winter('clicked'))).toEqual(['boris']);
    expect(await members(winter('unsubscribed'))).toEqual([]);
  });

  it('finds who received it and did not open it', async () => {
    const definition = {
      type: 'and',
      conditions: [winter('received'), { type: 'not', condition: winter('opened') }],
    };
    expect(await members(definition)).toEqual(['dina']);
    // the same answer when the two do not share one pass (under an or of one)
    const apart = {
      type: 'and',
      conditions: [
        { type: 'or', conditions: [winter('received')] },
        { type: 'not', condition: winter('opened') },
      ],
    };
    expect(await members(apart)).toEqual(['dina']);
  });

  it('finds who registered for the event and who came', async () => {
    const show = (response: string) => ({ type: 'campaign', response, campaignIds: [showId] });
    expect(await members(show('registered'))).toEqual(['anna', 'dina']);
    expect(await members(show('attended'))).toEqual(['dina']);
    expect(await members(show('received'))).toEqual(['anna', 'boris', 'dina']);
  });

  it('counts campaigns, and filters by channel and by when it happened', async () => {
    const any = (extra: Record<string, unknown>) => ({
      type: 'campaign',
      response: 'received',
      ...extra,
    });
    expect(await members(any({ count: { min: 2 } }))).toEqual(['anna', 'boris', 'dina']);
    expect(await members(any({ count: { min: 3 } }))).toEqual([]);
    expect(await members(any({ channels: ['email'] }))).toEqual(['anna', 'boris', 'dina']);
    expect(await members(any({ channels: ['sms', 'call'] }))).toEqual([]);
    expect(
      await members(any({ when: { from: { ago: { amount: 1, unit: 'days' } } } })),
    ).toHaveLength(3);
    expect(await members(any({ when: { to: { ago: { amount: 1, unit: 'days' } } } }))).toEqual([]);
    // "at most 0 campaigns" counts the people never reached, Vera among them
    expect(await members(any({ count: { max: 0 } }))).toEqual(['vera']);
  });

  it('keeps to the scope: dealer B sees none of dealer A’s recipients', async () => {
    expect(await members(winter('received'), 'managerB')).toEqual([]);
    expect(await members({ type: 'campaign', response: 'received' }, 'managerB')).toEqual([]);
  });

  it('refuses an unknown response or a malformed campaign id, naming the field', async () => {
    const bad = await apiAs(world, 'crmA').post('/api/segments/count', {
      definition: { type: 'campaign', response: 'bought' },
    });
    const paths = (answer: { body: { error: { fields: { path: string }[] } } }) =>
      answer.body.error.fields.map((field) => field.path).join(' ');
    expect(bad.status).toBe(400);
    expect(paths(bad)).toContain('response');
    const badId = await apiAs(world, 'crmA').post('/api/segments/count', {
      definition: { type: 'campaign', response: 'opened', campaignIds: ["x' or 1=1 --"] },
    });
    expect(badId.status).toBe(400);
    expect(paths(badId)).toContain('campaignIds');
    const badChannel = await apiAs(world, 'crmA').post('/api/segments/count', {
      definition: { type: 'campaign', response: 'opened', channels: ['pigeon'] },
    });
    expect(badChannel.status).toBe(400);
    expect(paths(badChannel)).toContain('channels');
  });

  it('binds campaign ids and channels as parameters', () => {
    const compiled = world.database.db
      .selectFrom('customers as c')
      .select('c.id')
      .where(
        compileCondition({
          type: 'campaign',
          response: 'clicked',
          campaignIds: [winterId],
          channels: ['email'],
        }),
      )
      .compile();
    expect(compiled.sql).not.toContain(winterId);
    expect(compiled.parameters).toContainEqual([winterId]);
    expect(compiled.parameters).toContainEqual(['email']);
  });
});
