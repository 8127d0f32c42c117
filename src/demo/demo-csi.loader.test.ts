import type { QueryResultRow } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../db/database.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { loadDemoCsi } from './demo-csi.loader.ts';
import { loadDemo } from './index.ts';

async function rows<T extends QueryResultRow>(database: AppDatabase, text: string): Promise<T[]> {
  return (await database.pool.query<T>(text)).rows;
}

describe('the demo after-visit calls', () => {
  let database: AppDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadDemo(database, { customers: 200, seed: 7, log: () => undefined, leadsPerDealer: 1 });
  }, 300_000);
  afterAll(async () => database?.close());

  it('answers about two in three calls of the past two years, scores leaning high', async () => {
    const [share] = await rows<{ visits: number; answered: number; high: number; low: number }>(
      database,
      `select count(*)::int as visits, count(f.visit_id)::int as answered,
              count(*) filter (where f.csi_score >= 8)::int as high,
              count(*) filter (where f.csi_score <= 6)::int as low
         from service_visits v left join service_follow_ups f on f.visit_id = v.id
        where v.visit_date between current_date - 730 and current_date - 4`,
    );
    expect(share!.visits).toBeGreaterThan(100);
    expect(share!.answered / share!.visits).toBeGreaterThan(0.5);
    expect(share!.answered / share!.visits).toBeLessThan(0.8);
    expect(share!.high).toBeGreaterThan(share!.low * 3);
    // the dashboard reads them through the service module's view
    const [view] = await rows<{ n: number }>(
      database,
      'select count(*)::int as n from service_csi_answers',
    );
    expect(view!.n).toBe(share!.answered);
    const [older] = await rows<{ n: number }>(
      database,
      `select count(*)::int as n from service_follow_ups f join service_visits v on v.id = f.visit_id
        where v.visit_date < current_date - 730 or v.visit_date > current_date - 4`,
    );
    expect(older!.n).toBe(0);
  });

  it('gives every low score a comment and no high score one', async () => {
    const [wrong] = await rows<{ n: number }>(
      database,
      `select count(*)::int as n from service_follow_ups
        where (csi_score <= 6) <> (comment is not null)`,
    );
    expect(wrong!.n).toBe(0);
  });

  it('adds nothing twice when loaded again', async () => {
    expect(await loadDemoCsi(database.db, { seed: 7 })).toBe(0);
  });
});
