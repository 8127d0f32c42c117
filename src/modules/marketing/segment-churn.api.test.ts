import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/**
 * A CRM manager builds the audience "owners probably lost to the service" (probability still
 * active below 30 %, optionally "at risk" by RFM) for a win-back campaign: only the latest
 * succeeded refit of the churn model counts, customers without a score never match, and a
 * dealer's manager counts only his own owners.
 */
describe('a segment of owners at risk of churning', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  const names = (items: { id: string }[]) =>
    items
      .map((item) => Object.entries(ids).find(([, id]) => id === item.id)?.[0])
      .filter((name): name is string => name !== undefined)
      .sort();

  type Score = { p: number; segment: string; atRisk?: number };

  async function run(
    status: 'succeeded' | 'failed',
    startedAt: string,
    scores: Record<string, Score>,
  ) {
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      const created = await tx
        .insertInto('analytics_model_runs')
        .values({
          model: 'service_bgnbd',
          status,
          as_of: startedAt.slice(0, 10),
          started_at: new Date(startedAt),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('analytics_service_scores')
        .values(
          Object.entries(scores).map(([name, score]) => ({
            run_id: created.id,
            customer_id: ids[name]!,
            first_visit_date: '2023-01-10',
            last_visit_date: '2025-03-01',
            visits: 4,
            recency: 110,
            age: 180,
            p_active: score.p,
            expected_visits_12m: score.p * 2,
            mean_visit_minor: 1_500_000,
            revenue_at_risk_minor: score.atRisk ?? null,
            currency: 'RUB',
            r_score: 2,
            f_score: 3,
            m_score: 3,
            rfm_segment: score.segment as 'at_risk',
          })),
        )
        .execute();
    });
  }

  beforeAll(async () => {
    world = await createTestWorld();
    const people = { drifting: 'A', cameBack: 'A', slipped: 'A', neverOwner: 'A', drifterB: 'B' };
    for (const [name, dealer] of Object.entries(people)) {
      const created = await apiAs(world, dealer === 'A' ? 'managerA' : 'managerB').post(
        '/api/customers',
        { kind: 'person', lastName: name, dealerCode: dealer },
      );
      expect(created.status, created.text).toBe(201);
      ids[name] = created.body.id;
    }
    // an older run: cameBack was drifting then, slipped was fine
    await run('succeeded', '2026-01-05T03:00:00Z', {
      drifting: { p: 0.2, segment: 'at_risk' },
      cameBack: { p: 0.1, segment: 'at_risk' },
      slipped: { p: 0.9, segment: 'loyal' },
    });
    // the latest succeeded run, the one that counts
    await run('succeeded', '2026-02-05T03:00:00Z', {
      drifting: { p: 0.12, segment: 'at_risk', atRisk: 4_000_000 },
      cameBack: { p: 0.85, segment: 'loyal' },
      slipped: { p: 0.25, segment: 'hibernating', atRisk: 500_000 },
      drifterB: { p: 0.15, segment: 'at_risk', atRisk: 3_000_000 },
    });
    // a later failed refit that left scores behind is not read
    await run('failed', '2026-03-05T03:00:00Z', { neverOwner: { p: 0.01, segment: 'at_risk' } });
  });
  afterAll(async () => world.close());

  const below30 = { type: 'churn', maxPActive: 0.3 };
  const preview = async (user: 'crmGroup' | 'managerA' | 'managerB', definition: unknown) => {
    const answer = await apiAs(world, user).post('/api/segments/preview', {
      definition,
      limit: 100,
    });
    expect(answer.status, answer.text).toBe(200);
    return names(answer.body.items);
  };
  const count = async (user: 'crmGroup' | 'managerA' | 'managerB', definition: unknown) => {
    const answer = await apiAs(world, user).post('/api/segments/count', { definition });
    expect(answer.status, answer.text).toBe(200);
    return answer.body.count as number;
  };

  it('finds the owners below 30 % from the latest succeeded run only', async () => {
    expect(await preview('crmGroup', below30)).toEqual(['drifterB', 'drifting', 'slipped']);
    expect(await count('crmGroup', below30)).toBe(3);
    expect(
      await preview('crmGroup', { type: 'churn', maxPActive: 0.3, segments: ['at_risk'] }),
    ).toEqual(['drifterB', 'drifting']);
    expect(await preview('crmGroup', { type: 'churn', minPActive: 0.5 })).toEqual(['cameBack']);
    expect(await preview('crmGroup', { type: 'churn', minRevenueAtRisk: 3_500_000 })).toEqual([
      'drifting',
    ]);
  });

  it('works under not, and, or: a customer without a score is never "at risk"', async () => {
    const notAtRisk = await preview('crmGroup', { type: 'not', condition: below30 });
    expect(notAtRisk).toEqual(['cameBack', 'neverOwner']);
    expect(
      await preview('crmGroup', {
        type: 'or',
        conditions: [
          { type: 'churn', segments: ['loyal'] },
          { type: 'churn', maxPActive: 0.2 },
        ],
      }),
    ).toEqual(['cameBack', 'drifterB', 'drifting']);
    expect(
      await preview('crmGroup', {
        type: 'and',
        conditions: [
          below30,
          { type: 'field', field: 'last_name', op: 'starts_with', values: ['dri'] },
        ],
      }),
    ).toEqual(['drifterB', 'drifting']);
  });

  it('keeps to the scope: each dealer counts only his own owners', async () => {
    expect(await preview('managerA', below30)).toEqual(['drifting', 'slipped']);
    expect(await count('managerA', below30)).toBe(2);
    expect(await preview('managerB', below30)).toEqual(['drifterB']);
    expect(await count('managerB', below30)).toBe(1);
    expect(await preview('managerB', { type: 'not', condition: below30 })).not.toContain(
      'drifting',
    );
  });

  it('refuses out-of-range or empty conditions, naming the field', async () => {
    const api = apiAs(world, 'crmGroup');
    const paths = async (definition: unknown) => {
      const answer = await api.post('/api/segments/count', { definition });
      expect(answer.status).toBe(400);
      return (answer.body.error.fields as { path: string }[]).map((f) => f.path).join(' ');
    };
    expect(await paths({ type: 'churn', maxPActive: 1.5 })).toContain('maxPActive');
    expect(await paths({ type: 'churn', minPActive: -0.1 })).toContain('minPActive');
    expect(await paths({ type: 'churn' })).toContain('maxPActive');
    expect(await paths({ type: 'churn', minPActive: 0.5, maxPActive: 0.3 })).toContain(
      'minPActive',
    );
    expect(await paths({ type: 'churn', segments: ['doomed'] })).toContain('segments');
  });
});
