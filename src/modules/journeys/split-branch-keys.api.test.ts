import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { runJourneys } from './engine.ts';
import type { JourneyInput } from './journey.schemas.ts';

process.env.JOURNEY_INTERVAL_MS = String(3_600_000);

type Branch = { key?: string; percent: number; next: string | null };
type Figures = { key: string; entered: number; converted: number };

/**
 * The group's CRM manager runs an A/B split, then reworks it while people are on their way:
 * the branches swap places, a third one comes in, later one goes. Each branch keeps its own
 * figures (by its key, not its place); a removed branch's people are shown apart and never
 * counted for another. Journeys saved before keys existed get them from their old places.
 */
describe('a split’s figures stay with each branch when branches move or go', () => {
  let world: TestWorld;
  let journeyId: string;
  let batch = 0;
  const start = Date.now();
  const at = (seconds: number) => new Date(start + seconds * 1000);

  const tag = (id: string) =>
    ({ id, type: 'update', field: 'add_interest', value: id, next: null }) as const;
  const journey = (branches: Branch[]): JourneyInput => ({
    name: 'Branches that move',
    ownerLevel: 'group',
    trigger: { type: 'segment_entered', condition: { type: 'lifecycle', stages: ['prospect'] } },
    reentry: 'once',
    goal: { type: 'service_visit' },
    defaultLanguage: 'en',
    definition: {
      start: 'ab',
      // a step no branch leads to would be refused as unreachable
      steps: [
        { id: 'ab', type: 'split', branches },
        ...[...new Set(branches.map((b) => b.next!))].map(tag),
      ],
    },
  });

  const prospects = (n: number) => {
    batch += 1;
    return withActor(world.database.db, systemActor('test'), (tx) =>
      sql`insert into customers (kind, first_name, last_name, display_name, sort_key)
          select 'person', 'P' || n, 'Keys', 'P' || n || ' Keys', 'keys p' || n
            from generate_series(${batch * 1000}::int, ${batch * 1000 + n - 1}::int) as n`.execute(
        tx,
      ),
    );
  };
  /** who went down which branch (by the key the log holds), from the log itself */
  const loggedBy = async (id = journeyId) => {
    const rows = await sql<{ detail: string; n: number }>`
      select detail, count(*)::int as n from journey_step_log
       where journey_id = ${id} and step_id = 'ab' group by detail`.execute(world.database.db);
    return Object.fromEntries(rows.rows.map((row) => [row.detail, row.n]));
  };
  const figures = async (id = journeyId) => {
    const seen = await apiAs(world, 'crmGroup').get(`/api/journeys/${id}`);
    expect(seen.status, seen.text).toBe(200);
    const step = seen.body.steps.find((s: { stepId: string }) => s.stepId === 'ab');
    return {
      branches: step.branches as Figures[],
      former: step.formerBranches as Figures[],
      definition: seen.body.definition,
    };
  };

  beforeAll(async () => {
    world = await createTestWorld();
    await prospects(200);
    const created = await apiAs(world, 'crmGroup').post(
      '/api/journeys',
      journey([
        { percent: 50, next: 'tag-a' },
        { percent: 50, next: 'tag-b' },
      ]),
    );
    expect(created.status, created.text).toBe(201);
    journeyId = created.body.id;
    const enabled = await apiAs(world, 'crmGroup').post(`/api/journeys/${journeyId}/enable`, {});
    expect(enabled.status, enabled.text).toBe(200);
  });
  afterAll(() => world?.close());

  it('gives each branch a key when it is saved without one, and keeps it on later saves', async () => {
    const { definition } = await figures();
    const [a, b] = definition.steps[0].branches as Required<Branch>[];
    expect(a!.key).toMatch(/^[a-z0-9]{8}$/);
    expect(b!.key).toMatch(/^[a-z0-9]{8}$/);
    expect(a!.key).not.toBe(b!.key);
    const saved = await apiAs(world, 'crmGroup').patch(
      `/api/journeys/${journeyId}`,
      journey([a!, b!]),
    );
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.definition.steps[0].branches).toEqual([a, b]);
  });

  it('refuses two branches of one split with the same key, or a key of other characters', async () => {
    const api = apiAs(world, 'crmGroup');
    const twice = await api.patch(
      `/api/journeys/${journeyId}`,
      journey([
        { key: 'same', percent: 50, next: 'tag-a' },
        { key: 'same', percent: 50, next: 'tag-b' },
      ]),
    );
    expect(twice.status).toBe(400);
    expect(twice.body.error.fields).toContainEqual(
      expect.objectContaining({ path: 'definition.steps.0.branches.1.key', code: 'duplicate' }),
    );
    const odd = await api.post(
      '/api/journeys',
      journey([
        { key: 'Not OK!', percent: 50, next: 'tag-a' },
        { key: 'fine', percent: 50, next: 'tag-b' },
      ]),
    );
    expect(odd.status).toBe(400);
    expect(odd.body.error.fields).toContainEqual(
      expect.objectContaining({ path: 'definition.steps.0.branches.0.key' }),
    );
    // nothing was changed by the refused edit
    const { definition } = await figures();
    expect(definition.steps[0].branches.map((b: Branch) => b.key)).not.toContain('same');
  });

  it('keeps each branch’s figures with it when the branches swap places and a third comes in', async () => {
    await runJourneys(world.database.db, at(1));
    const before = await figures();
    const [a, b] = before.definition.steps[0].branches as Required<Branch>[];
    const first = await loggedBy();
    expect(first[a!.key]! + first[b!.key]!).toBe(200);
    expect(before.branches).toEqual([
      { key: a!.key, entered: first[a!.key], converted: 0 },
      { key: b!.key, entered: first[b!.key], converted: 0 },
    ]);

    // B first, then A, then a new branch C (its key made by the server)
    const edited = await apiAs(world, 'crmGroup').patch(
      `/api/journeys/${journeyId}`,
      journey([
        { ...b!, percent: 40 },
        { ...a!, percent: 40 },
        { percent: 20, next: 'tag-c' },
      ]),
    );
    expect(edited.status, edited.text).toBe(200);
    const after = await figures();
    const c = after.definition.steps[0].branches[2] as Required<Branch>;
    expect([a!.key, b!.key]).not.toContain(c.key);
    expect(after.branches).toEqual([
      { key: b!.key, entered: first[b!.key], converted: 0 },
      { key: a!.key, entered: first[a!.key], converted: 0 },
      { key: c.key, entered: 0, converted: 0 },
    ]);
    expect(after.former).toEqual([]);

    // newcomers go down all three, and each branch adds its own newcomers to its own figures
    await prospects(300);
    await runJourneys(world.database.db, at(2));
    const second = await loggedBy();
    expect(second[a!.key]! + second[b!.key]! + second[c.key]!).toBe(500);
    expect(second[c.key]).toBeGreaterThan(0);
    expect(second[a!.key]).toBeGreaterThan(first[a!.key]!);
    expect((await figures()).branches).toEqual([
      { key: b!.key, entered: second[b!.key], converted: 0 },
      { key: a!.key, entered: second[a!.key], converted: 0 },
      { key: c.key, entered: second[c.key], converted: 0 },
    ]);
    // each person took the step his branch leads to: C's people were tagged tag-c
    const tagged = await sql<{ n: number }>`
      select count(*)::int as n from customers where 'tag-c' = any(interests)`.execute(
      world.database.db,
    );
    expect(tagged.rows[0]!.n).toBe(second[c.key]);
  });

  it('shows a removed branch’s people apart, never on another branch', async () => {
    const { definition } = await figures();
    const [b, a, c] = definition.steps[0].branches as Required<Branch>[];
    const counts = await loggedBy();
    // B goes; A takes its place at the top with half the people
    const edited = await apiAs(world, 'crmGroup').patch(
      `/api/journeys/${journeyId}`,
      journey([
        { ...a!, percent: 50 },
        { ...c!, percent: 50 },
      ]),
    );
    expect(edited.status, edited.text).toBe(200);
    const after = await figures();
    expect(after.branches).toEqual([
      { key: a!.key, entered: counts[a!.key], converted: 0 },
      { key: c!.key, entered: counts[c!.key], converted: 0 },
    ]);
    expect(after.former).toEqual([{ key: b!.key, entered: counts[b!.key], converted: 0 }]);
  });

  it('gives the branches of a journey saved before keys their old letters, figures and all', async () => {
    const created = await apiAs(world, 'crmGroup').post(
      '/api/journeys',
      journey([
        { key: 'x1', percent: 50, next: 'tag-a' },
        { key: 'x2', percent: 50, next: 'tag-b' },
      ]),
    );
    expect(created.status, created.text).toBe(201);
    const oldId = created.body.id as string;
    await apiAs(world, 'crmGroup').post(`/api/journeys/${oldId}/enable`, {});
    await prospects(100);
    await runJourneys(world.database.db, at(3));
    const keyed = await loggedBy(oldId);
    // as the journey was stored before this change: no keys, the log holding the place
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      await sql`update journeys set definition = jsonb_set(definition, '{steps,0,branches}',
                  '[{"percent": 50, "next": "tag-a"}, {"percent": 50, "next": "tag-b"}]')
                 where id = ${oldId}`.execute(tx);
      await sql`update journey_step_log
                   set detail = case detail when 'x1' then '0' else '1' end
                 where journey_id = ${oldId} and step_id = 'ab'`.execute(tx);
    });
    // read before the migration ran: the keys are the letters, the figures not yet moved
    expect((await figures(oldId)).branches.map((b) => b.key)).toEqual(['a', 'b']);
    const migration = readFileSync(
      new URL('./migrations/0225_journey_split_branch_keys.sql', import.meta.url),
      'utf8',
    );
    await world.database.pool.query(migration);
    const after = await figures(oldId);
    expect(after.definition.steps[0].branches.map((b: Branch) => b.key)).toEqual(['a', 'b']);
    expect(after.branches).toEqual([
      { key: 'a', entered: keyed.x1, converted: 0 },
      { key: 'b', entered: keyed.x2, converted: 0 },
    ]);
    // the other journey, keyed already, was left as it was
    expect((await figures()).branches.map((b) => b.key)).not.toContain('a');
  });

  it('a dealer’s staff see neither the journey nor its branches’ figures', async () => {
    for (const user of ['crmA', 'managerB'] as const) {
      const seen = await apiAs(world, user).get(`/api/journeys/${journeyId}`);
      expect(seen.status).toBe(404);
      expect(seen.text).not.toContain('formerBranches');
    }
    const edit = await apiAs(world, 'crmA').patch(
      `/api/journeys/${journeyId}`,
      journey([
        { percent: 50, next: 'tag-a' },
        { percent: 50, next: 'tag-b' },
      ]),
    );
    expect([403, 404]).toContain(edit.status);
  });
});
