import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { runJourneys } from './engine.ts';
import type { JourneyInput } from './journey.schemas.ts';
import { readyMadeJourneys } from './ready-made.ts';

process.env.JOURNEY_INTERVAL_MS = String(3_600_000);

/**
 * Managers build journeys through the API: a dealer's journey is its own (other dealers do
 * not see it, field roles may not touch it), a wrong graph is refused naming the step, and the
 * ready-made journeys wait, disabled, for the group's managers.
 */
describe('managers build and see journeys in their own scope', () => {
  let world: TestWorld;
  let dealerJourney: string;
  const ids: Record<string, string> = {};

  const segmentJourney = (): JourneyInput => ({
    name: 'VIP club welcome',
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
          yes: 'mark',
          no: 'done',
        },
        { id: 'mark', type: 'update', field: 'add_interest', value: 'club', next: 'done' },
        { id: 'done', type: 'exit' },
      ],
    },
  });

  beforeAll(async () => {
    world = await createTestWorld();
    for (const [key, user, body] of [
      ['olga', 'managerA', { interests: ['vip'], lifecycleStage: 'owner' }],
      ['petr', 'managerA', { interests: ['vip'], lifecycleStage: 'prospect' }],
      ['gleb', 'managerB', { interests: ['vip'], lifecycleStage: 'owner' }],
    ] as const) {
      const created = await apiAs(world, user).post('/api/customers', {
        kind: 'person',
        firstName: key,
        lastName: 'Api',
        ...body,
      });
      expect(created.status, created.text).toBe(201);
      ids[key] = created.body.id;
    }
  });
  afterAll(() => world?.close());

  it('the group finds the ready-made journeys, disabled; a dealer does not see the group’s', async () => {
    const group = await apiAs(world, 'crmGroup').get('/api/journeys');
    expect(group.status, group.text).toBe(200);
    const keys = group.body.items.map((j: { templateKey: string | null }) => j.templateKey);
    expect(keys.sort()).toEqual(
      readyMadeJourneys()
        .map((t) => t.key)
        .sort(),
    );
    expect(group.body.items.every((j: { enabled: boolean }) => !j.enabled)).toBe(true);
    const dealer = await apiAs(world, 'crmA').get('/api/journeys');
    expect(dealer.body.items).toEqual([]);
    const templates = await apiAs(world, 'crmA').get('/api/journeys/ready-made');
    expect(templates.body.items.length).toBe(11);
  });

  it('every ready-made journey has its texts in English, Russian and Chinese', () => {
    for (const { key, body } of readyMadeJourneys()) {
      for (const step of body.definition.steps) {
        if (step.type === 'send')
          expect(Object.keys(step.content).sort(), key).toEqual(['en', 'ru', 'zh']);
        if (step.type === 'task')
          expect(Object.keys(step.title).sort(), key).toEqual(['en', 'ru', 'zh']);
      }
    }
  });

  it('a dealer’s CRM manager creates his journey; dealer B and field roles cannot reach it', async () => {
    const created = await apiAs(world, 'crmA').post('/api/journeys', segmentJourney());
    expect(created.status, created.text).toBe(201);
    dealerJourney = created.body.id;
    expect((await apiAs(world, 'managerB').get(`/api/journeys/${dealerJourney}`)).status).toBe(404);
    const listB = await apiAs(world, 'managerB').get('/api/journeys');
    expect(listB.body.items).toEqual([]);
    expect((await apiAs(world, 'brandX').get(`/api/journeys/${dealerJourney}`)).status).toBe(200);
    expect((await apiAs(world, 'brandY').get(`/api/journeys/${dealerJourney}`)).status).toBe(404);
    expect((await apiAs(world, 'consultantA1').get('/api/journeys')).status).toBe(403);
    const foreign = await apiAs(world, 'crmA').post('/api/journeys', {
      ...segmentJourney(),
      dealerId: world.dealers.B.id,
    });
    expect(foreign.status).toBe(403);
    const enable = await apiAs(world, 'managerB').post(`/api/journeys/${dealerJourney}/enable`, {});
    expect(enable.status).toBe(404);
  });

  it('refuses a graph that loops, points nowhere or sets a value outside the list', async () => {
    const body = segmentJourney();
    const loop = await apiAs(world, 'crmA').post('/api/journeys', {
      ...body,
      definition: {
        start: 'a',
        steps: [
          { id: 'a', type: 'wait', mode: 'duration', amount: 1, unit: 'days', next: 'b' },
          { id: 'b', type: 'update', field: 'lifecycle_stage', value: 'owner', next: 'a' },
        ],
      },
    });
    expect(loop.status).toBe(400);
    expect(loop.body.error.fields[0].code).toBe('cycle');
    const nowhere = await apiAs(world, 'crmA').post('/api/journeys', {
      ...body,
      definition: {
        start: 'a',
        steps: [{ id: 'a', type: 'update', field: 'lifecycle_stage', value: 'king', next: 'zzz' }],
      },
    });
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.error.fields.map((f: { path: string }) => f.path)).toContain(
      'definition.steps.0.next',
    );
    const value = await apiAs(world, 'crmA').post('/api/journeys', {
      ...body,
      definition: {
        start: 'a',
        steps: [{ id: 'a', type: 'update', field: 'lifecycle_stage', value: 'king', next: null }],
      },
    });
    expect(value.status).toBe(400);
    expect(value.body.error.fields[0].path).toBe('definition.steps.0.value');
  });

  it('people entering the segment are split and marked, within the dealer’s customers only', async () => {
    expect(
      (await apiAs(world, 'crmA').post(`/api/journeys/${dealerJourney}/enable`, {})).status,
    ).toBe(200);
    const pass = await runJourneys(world.database.db, new Date(Date.now() + 60_000));
    expect(pass.entered).toBe(2);
    const interests = async (key: string) =>
      (
        await world.database.db
          .selectFrom('customers')
          .select('interests')
          .where('id', '=', ids[key]!)
          .executeTakeFirstOrThrow()
      ).interests;
    expect(await interests('olga')).toEqual(['vip', 'club']);
    expect(await interests('petr')).toEqual(['vip']);
    // dealer B's VIP is outside the journey owner's scope
    expect(await interests('gleb')).toEqual(['vip']);
    const detail = await apiAs(world, 'crmA').get(`/api/journeys/${dealerJourney}`);
    const step = (id: string) => detail.body.steps.find((s: { stepId: string }) => s.stepId === id);
    expect(step('is-owner')).toMatchObject({ reached: 2, yes: 1, no: 1 });
    expect(step('mark')).toMatchObject({ reached: 1 });
    expect(detail.body.totals).toMatchObject({ entered: 2, completed: 2 });
    // still in the segment at the next pass: not a new entry
    const again = await runJourneys(world.database.db, new Date(Date.now() + 120_000));
    expect(again.entered).toBe(0);
  });

  it('an edit keeps the journey’s people; a disabled journey lets nobody in', async () => {
    const body = segmentJourney();
    const edited = await apiAs(world, 'crmA').patch(`/api/journeys/${dealerJourney}`, {
      ...body,
      name: 'VIP club welcome (v2)',
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.name).toBe('VIP club welcome (v2)');
    expect(edited.body.totals.entered).toBe(2);
    const disabled = await apiAs(world, 'crmA').post(`/api/journeys/${dealerJourney}/disable`, {});
    expect(disabled.body.enabled).toBe(false);
  });
});
