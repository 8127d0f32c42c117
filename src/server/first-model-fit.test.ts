import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../db/database.ts';
import { loadDemo } from '../demo/index.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { firstModelFit } from './first-model-fit.ts';

describe('the first model fit after the demo load', () => {
  let database: AppDatabase;
  const lines: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadDemo(database, { customers: 400, seed: 7, log: () => undefined, leadsPerDealer: 1 });
    await firstModelFit(database.db, (line) => lines.push(line));
  }, 600_000);
  afterAll(async () => database?.close());

  it('fits the after-sales churn model on the demo, so customers have scores at once', async () => {
    expect(lines[0]).toMatch(/^First model fit in [\d.]+ s: .*service_bgnbd/);
    const runs = await database.db
      .selectFrom('analytics_model_runs')
      .select(['model', 'status'])
      .where('model', '=', 'service_bgnbd')
      .execute();
    expect(runs).toEqual([{ model: 'service_bgnbd', status: 'succeeded' }]);
    const { rows } = await database.pool.query<{ scored: number }>(
      'select count(*)::int as scored from analytics_service_scores',
    );
    expect(rows[0]!.scored).toBeGreaterThan(100);
  });
});
