import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { bestCustomerModel } from './best-customers/best-customers.service.ts';
import { refitDueModels } from './scheduled-refits.ts';

const dayMs = 86_400_000;

/**
 * "Models refit on a schedule, with their quality figures kept": the server's hourly check
 * refits every model whose last run is older than the refit age, each as a kept run.
 */
describe('scheduled model refits', () => {
  let world: TestWorld;
  let db: Db;

  beforeAll(async () => {
    world = await createTestWorld();
    db = world.database.db;
  });
  afterAll(async () => world.close());

  const runs = () =>
    db
      .selectFrom('analytics_model_runs')
      .select(['model', 'status', 'params', 'as_of', 'started_at'])
      .orderBy('started_at')
      .execute();

  it('refits the churn model, the classifier and every fitted best-customer profile when due', async () => {
    const now = new Date('2026-06-30T03:00:00Z');
    // an analyst fitted the X5 profile on a 6-month window ten days ago, the X3 one yesterday
    await withActor(db, systemActor('test'), (tx) =>
      tx
        .insertInto('analytics_model_runs')
        .values(
          [
            { series: 'X5', days: 10 },
            { series: 'X3', days: 1 },
          ].map(({ series, days }) => ({
            model: bestCustomerModel,
            status: 'failed' as const,
            as_of: '2026-06-20',
            params: JSON.stringify({ series, windowMonths: series === 'X5' ? 6 : 12 }),
            error_code: 'no_buyers',
            error_message: 'No buyer',
            started_at: new Date(now.getTime() - days * dayMs),
            finished_at: new Date(now.getTime() - days * dayMs),
          })),
        )
        .execute(),
    );

    const results = await refitDueModels(db, systemActor('job'), 168, now);
    expect(results.map(({ model, series }) => [model, series])).toEqual([
      ['service_bgnbd', undefined],
      ['service_churn_classifier', undefined],
      ['best_customer_nb', 'X5'],
    ]);
    // no service history at all: each refit is a kept, failed run naming why
    for (const result of results) expect(result.runId).toBeDefined();
    const kept = await runs();
    const x5 = kept.filter(
      (run) =>
        run.model === bestCustomerModel && (run.params as { series: string }).series === 'X5',
    );
    expect(x5).toHaveLength(2);
    expect(x5[1]!.params).toMatchObject({ series: 'X5', windowMonths: 6 });
    expect(x5[1]!.as_of).toBe('2026-06-30');
    expect(kept.filter((run) => run.model === 'service_bgnbd')).toHaveLength(1);
    expect(kept.filter((run) => run.model === 'service_churn_classifier')).toHaveLength(1);

    // an hour later nothing is due
    expect(
      await refitDueModels(db, systemActor('job'), 168, new Date(now.getTime() + 3_600_000)),
    ).toEqual([]);
    expect(await runs()).toHaveLength(kept.length);
  });

  it('reports a model whose refit throws and still refits the others', async () => {
    const before = await runs();
    // every fit is the group's: a dealer-scope actor makes each one throw before it writes
    const dealerActor = {
      ...systemActor('job'),
      scope: { level: 'dealer' as const, dealerIds: [] },
    };
    const results = await refitDueModels(db, dealerActor, 168, new Date('2027-06-30T03:00:00Z'));
    expect(results.map(({ model, series, status }) => [model, series, status])).toEqual([
      ['service_bgnbd', undefined, 'failed'],
      ['service_churn_classifier', undefined, 'failed'],
      ['best_customer_nb', 'X3', 'failed'],
      ['best_customer_nb', 'X5', 'failed'],
    ]);
    for (const result of results) {
      expect(result.runId).toBeUndefined();
      expect(result.error).toMatch(/group/);
    }
    expect(await runs()).toHaveLength(before.length);
  });
});
