import type { QueryResultRow } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../db/database.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { loadDemoClub } from './demo-club.loader.ts';
import { loadDemo } from './index.ts';

async function rows<T extends QueryResultRow>(database: AppDatabase, text: string): Promise<T[]> {
  return (await database.pool.query<T>(text)).rows;
}

describe('the demo owners clubs', () => {
  let database: AppDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadDemo(database, { customers: 400, seed: 5, log: () => undefined, leadsPerDealer: 1 });
  }, 300_000);
  afterAll(async () => database?.close());

  it('enrols owners of each brand at a dealer they bought from, numbered without gaps', async () => {
    const clubs = await rows<{ code: string; members: number; numbers: number; top: string }>(
      database,
      `select c.code, count(m.id)::int as members, count(distinct m.member_number)::int as numbers,
              max(m.member_number) as top
         from clubs c join club_members m on m.club_id = c.id group by c.code order by c.code`,
    );
    expect(clubs.length).toBe(2);
    for (const club of clubs) {
      expect(club.members).toBeGreaterThan(5);
      expect(club.numbers).toBe(club.members);
      expect(club.top).toBe(`${club.code}-${String(club.members).padStart(6, '0')}`);
    }
    const [unlinked] = await rows<{ n: number }>(
      database,
      `select count(*)::int as n from club_members m
        where not exists (select 1 from customer_dealers cd
                           where cd.customer_id = m.customer_id and cd.dealer_id = m.home_dealer_id)`,
    );
    expect(unlinked!.n).toBe(0);
  });

  it('gives them points from their history, redemptions and events, balances matching', async () => {
    const sources = await rows<{ source: string }>(
      database,
      'select distinct source from club_points_ledger order by source',
    );
    expect(sources.map((row) => row.source)).toEqual(
      expect.arrayContaining(['event', 'purchase', 'redemption', 'service_visit']),
    );
    const [mismatch] = await rows<{ n: number }>(
      database,
      `select count(*)::int as n from club_point_balances b
        where b.balance <> (select coalesce(sum(points), 0) from club_points_ledger l
                             where l.member_id = b.member_id)`,
    );
    expect(mismatch!.n).toBe(0);
  });

  it('adds nothing twice when loaded again', async () => {
    const before = await rows<{ members: number; entries: number; events: number }>(
      database,
      `select (select count(*) from club_members)::int as members,
              (select count(*) from club_points_ledger)::int as entries,
              (select count(*) from club_events)::int as events`,
    );
    await loadDemoClub(database.db, { seed: 5 });
    const after = await rows<{ members: number; entries: number; events: number }>(
      database,
      `select (select count(*) from club_members)::int as members,
              (select count(*) from club_points_ledger)::int as entries,
              (select count(*) from club_events)::int as events`,
    );
    expect(after).toEqual(before);
  });
});
