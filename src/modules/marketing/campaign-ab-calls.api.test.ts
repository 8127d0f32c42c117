import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/**
 * Dealer A's CRM manager tries two call scripts for the service clinic: the call centre gets
 * each person's task with one of them, records how each call ended, and the campaign page
 * counts the outcomes per script; the test is won by the script whose calls ended best.
 */
describe('a CRM manager tests two call scripts', () => {
  let world: TestWorld;
  let campaignId: string;

  beforeAll(async () => {
    world = await createTestWorld();
    for (let i = 0; i < 8; i++) {
      const created = await apiAs(world, 'managerA').post('/api/customers', {
        kind: 'person',
        firstName: `Caller${i}`,
        lastName: 'Scripted',
        phones: [{ number: `+7 916 555 00 ${String(10 + i)}` }],
        consents: [{ channel: 'phone', status: 'granted', method: 'signed_form' }],
        timezone: 'UTC',
      });
      expect(created.status, created.text).toBe(201);
    }
    const segment = await apiAs(world, 'crmA').post('/api/segments', {
      name: 'Scripted',
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Scripted'] },
    });
    expect(segment.status, segment.text).toBe(201);
    const script = (text: string) => ({
      en: { subject: 'Clinic: {{customer.firstName}}', text },
    });
    const wrong = await apiAs(world, 'crmA').post('/api/campaigns', {
      name: 'Clinic by e-mail',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      abMetric: 'call_success_rate',
      variants: [{ key: 'A', contents: { en: { subject: 'x', mjml: '<mjml></mjml>' } } }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields.map((f: { path: string }) => f.path)).toContain('abMetric');
    const created = await apiAs(world, 'crmA').post('/api/campaigns', {
      name: 'Clinic calls A/B',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      channel: 'call',
      callAssigneeUserId: world.users.callCenterA.id,
      abTestShare: 90,
      abMetric: 'call_success_rate',
      variants: [
        { key: 'A', contents: script('Good day! Free check-up this week.') },
        { key: 'B', contents: script('Good day! Your car is due a check-up; 10 % off.') },
      ],
    });
    expect(created.status, created.text).toBe(201);
    campaignId = created.body.id;
  });
  afterAll(async () => world.close());

  it('counts each script’s call outcomes and picks the script with more successes', async () => {
    const api = apiAs(world, 'crmA');
    const sent = await api.post(`/api/campaigns/${campaignId}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body.status).toBe('testing');
    const rows = await world.database.db
      .selectFrom('marketing_campaign_recipients')
      .select(['variant', 'task_id'])
      .where('campaign_id', '=', campaignId)
      .where('task_id', 'is not', null)
      .orderBy('customer_id')
      .execute();
    const ofB = rows.filter((row) => row.variant === 'B');
    const ofA = rows.filter((row) => row.variant === 'A');
    expect(ofA.length).toBeGreaterThan(0);
    expect(ofB.length).toBeGreaterThan(0);
    const caller = apiAs(world, 'callCenterA');
    const close = async (taskId: string, outcome: string) => {
      const done = await caller.post(`/api/tasks/${taskId}/complete`, {
        result: 'called',
        outcome,
      });
      expect(done.status, done.text).toBeLessThan(300);
    };
    // script B: an appointment; script A: nobody answered
    await close(ofB[0]!.task_id!, 'appointment');
    await close(ofA[0]!.task_id!, 'no_answer');
    const report = await api.get(`/api/campaigns/${campaignId}`);
    expect(report.status, report.text).toBe(200);
    const byKey = Object.fromEntries(
      report.body.results.variants.map((v: { key: string; callOutcomes: object }) => [
        v.key,
        v.callOutcomes,
      ]),
    );
    expect(byKey.A).toEqual({ no_answer: 1, ...(ofA.length > 1 ? { open: ofA.length - 1 } : {}) });
    expect(byKey.B).toEqual({
      appointment: 1,
      ...(ofB.length > 1 ? { open: ofB.length - 1 } : {}),
    });
    const finished = await api.post(`/api/campaigns/${campaignId}/ab-winner`, {});
    expect(finished.status, finished.text).toBe(200);
    const after = await api.get(`/api/campaigns/${campaignId}`);
    expect(after.body.winnerVariant).toBe('B');
    expect(after.body.winnerNote).toContain('call success rate');
    // dealer B sees neither the campaign nor its outcomes
    expect((await apiAs(world, 'managerB').get(`/api/campaigns/${campaignId}`)).status).toBe(404);
  });
});
