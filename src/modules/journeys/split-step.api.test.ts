import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { runJourneys } from './engine.ts';
import type { JourneyInput } from './journey.schemas.ts';
import { splitBranch, type SplitStep } from './split.ts';

process.env.JOURNEY_INTERVAL_MS = String(3_600_000);

const people = 1_000;
const abStep: SplitStep = {
  id: 'ab',
  type: 'split',
  branches: [
    { key: 'a', percent: 70, next: 'tag-a' },
    { key: 'b', percent: 30, next: 'tag-b' },
  ],
};

/**
 * The group's CRM manager tries two versions of a journey on 1,000 prospects: 70 % go down
 * branch A, 30 % down branch B, each run always down the same branch (even when the runner
 * repeats the step after a crash), and the editor shows per branch how many went in and how
 * many of them reached the goal (a service visit). A dealer's staff do not see the group's
 * journey or its figures.
 */
describe('an A/B split divides a journey’s people by the shares', () => {
  let world: TestWorld;
  let journeyId: string;
  const start = Date.now();
  const at = (seconds: number) => new Date(start + seconds * 1000);

  const journey = (definition: JourneyInput['definition']): JourneyInput => ({
    name: 'Prospects A/B',
    ownerLevel: 'group',
    trigger: { type: 'segment_entered', condition: { type: 'lifecycle', stages: ['prospect'] } },
    reentry: 'once',
    goal: { type: 'service_visit' },
    defaultLanguage: 'en',
    definition,
  });
  const tag = (id: string, value: string) =>
    ({ id, type: 'update', field: 'add_interest', value, next: null }) as const;
  const flow = { start: 'ab', steps: [abStep, tag('tag-a', 'branch-a'), tag('tag-b', 'branch-b')] };

  const logged = async () => {
    const rows = await world.database.db
      .selectFrom('journey_step_log')
      .select(['enrollment_id', 'customer_id', 'detail'])
      .where('journey_id', '=', journeyId)
      .where('step_id', '=', 'ab')
      .execute();
    return new Map(rows.map((row) => [row.enrollment_id, row]));
  };

  beforeAll(async () => {
    world = await createTestWorld();
    // 1,000 prospects in one statement (the API would take minutes on the embedded database)
    await withActor(world.database.db, systemActor('test'), (tx) =>
      sql`insert into customers (kind, first_name, last_name, display_name, sort_key)
          select 'person', 'P' || n, 'Split', 'P' || n || ' Split', 'split p' || n
            from generate_series(1, ${people}) as n`.execute(tx),
    );
    const created = await apiAs(world, 'crmGroup').post('/api/journeys', journey(flow));
    expect(created.status, created.text).toBe(201);
    journeyId = created.body.id;
    const enabled = await apiAs(world, 'crmGroup').post(`/api/journeys/${journeyId}/enable`, {});
    expect(enabled.status, enabled.text).toBe(200);
  });
  afterAll(() => world?.close());

  it('refuses a split whose shares do not add up, or whose branch leads nowhere, naming it', async () => {
    const api = apiAs(world, 'crmGroup');
    const badShares = await api.post(
      '/api/journeys',
      journey({
        ...flow,
        steps: [
          {
            ...abStep,
            branches: [
              { percent: 70, next: 'tag-a' },
              { percent: 20, next: 'tag-b' },
            ],
          },
          ...flow.steps.slice(1),
        ],
      }),
    );
    expect(badShares.status).toBe(400);
    expect(badShares.body.error.fields).toContainEqual(
      expect.objectContaining({ path: 'definition.steps.0.branches' }),
    );
    const nowhere = await api.post(
      '/api/journeys',
      journey({
        ...flow,
        steps: [
          {
            ...abStep,
            branches: [
              { percent: 70, next: 'tag-a' },
              { percent: 30, next: 'tag-c' },
            ],
          },
          ...flow.steps.slice(1),
        ],
      }),
    );
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.error.fields).toContainEqual(
      expect.objectContaining({ path: 'definition.steps.0.branches.1.next', code: 'unknown' }),
    );
    const loop = await api.post(
      '/api/journeys',
      journey({
        ...flow,
        steps: [abStep, { ...tag('tag-a', 'branch-a'), next: 'ab' }, flow.steps[2]!],
      }),
    );
    expect(loop.status).toBe(400);
    expect(loop.body.error.fields).toContainEqual(expect.objectContaining({ code: 'cycle' }));
  });

  it('sends about 70 % down branch A and 30 % down B, each run by the hash of its id', async () => {
    const pass = await runJourneys(world.database.db, at(1));
    expect(pass.entered).toBe(people);
    const log = await logged();
    expect(log.size).toBe(people);
    let a = 0;
    for (const [runId, row] of log) {
      expect(row.detail).toBe(abStep.branches[splitBranch(runId, abStep)]!.key);
      if (row.detail === 'a') a += 1;
    }
    // 1,000 draws of 70 %: the standard deviation is 14.5 people
    expect(Math.abs(a - 700)).toBeLessThan(75);
    // each branch was followed: its step ran for exactly the people sent down it
    const tagged = await sql<{ value: string; n: number }>`
      select unnest(interests) as value, count(*)::int as n from customers group by 1`.execute(
      world.database.db,
    );
    expect(Object.fromEntries(tagged.rows.map((row) => [row.value, row.n]))).toEqual({
      'branch-a': a,
      'branch-b': people - a,
    });
  });

  it('takes the same branch when the runner does the step again after a crash', async () => {
    const before = await logged();
    const again = [...before.keys()].slice(0, 50);
    // as if the batch had rolled back: the runs stand before the split again, with no log
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      await tx.deleteFrom('journey_step_log').where('enrollment_id', 'in', again).execute();
      await tx
        .updateTable('journey_enrollments')
        .set({ status: 'active', step_id: 'ab', finished_at: null, exit_reason: null })
        .where('id', 'in', again)
        .execute();
    });
    const pass = await runJourneys(world.database.db, at(2));
    expect(pass.advanced).toBe(50);
    const after = await logged();
    for (const runId of again) expect(after.get(runId)!.detail).toBe(before.get(runId)!.detail);
  });

  it('shows per branch who went in and who reached the goal', async () => {
    const log = [...(await logged()).values()];
    const visitors = [
      ...log.filter((row) => row.detail === 'a').slice(0, 40),
      ...log.filter((row) => row.detail === 'b').slice(0, 10),
    ];
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      const dealerId = world.dealers.A.id;
      for (const { customer_id } of visitors) {
        const vehicle = await tx
          .insertInto('vehicles')
          .values({ customer_id, make_name: 'Xcar', model_name: 'X5' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('service_visits')
          .values({
            customer_id,
            vehicle_id: vehicle.id,
            dealer_id: dealerId,
            visit_date: '2030-01-10',
            visit_type: 'maintenance',
            currency: 'EUR',
            created_at: at(10),
          })
          .execute();
      }
    });
    const pass = await runJourneys(world.database.db, at(20));
    expect(pass.converted).toBe(50);
    const seen = await apiAs(world, 'crmGroup').get(`/api/journeys/${journeyId}`);
    expect(seen.status, seen.text).toBe(200);
    const a = log.filter((row) => row.detail === 'a').length;
    const stats = seen.body.steps.find((step: { stepId: string }) => step.stepId === 'ab');
    expect(stats).toMatchObject({
      reached: people,
      converted: 50,
      branches: [
        { key: 'a', entered: a, converted: 40 },
        { key: 'b', entered: people - a, converted: 10 },
      ],
      formerBranches: [],
    });
    const other = seen.body.steps.find((step: { stepId: string }) => step.stepId === 'tag-a');
    expect(other.branches).toEqual([]);
  });

  it('a dealer’s staff neither see nor change the group’s split journey', async () => {
    for (const user of ['crmA', 'managerB'] as const) {
      const seen = await apiAs(world, user).get(`/api/journeys/${journeyId}`);
      expect(seen.status).toBe(404);
      expect(seen.text).not.toContain('branches');
      const list = await apiAs(world, user).get('/api/journeys');
      expect(list.body.items.map((j: { id: string }) => j.id)).not.toContain(journeyId);
      const people = await apiAs(world, user).get(`/api/journeys/${journeyId}/people`);
      expect(people.status).toBe(404);
    }
    const edit = await apiAs(world, 'crmA').patch(`/api/journeys/${journeyId}`, journey(flow));
    expect([403, 404]).toContain(edit.status);
  });
});
