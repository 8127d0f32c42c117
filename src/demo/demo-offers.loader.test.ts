import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser, findUserById } from '../auth/index.ts';
import type { AppDatabase } from '../db/database.ts';
import { listOffers } from '../modules/marketing/index.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { loadDemoOffers } from './demo-offers.loader.ts';
import { loadDemoOrg } from './demo-org.loader.ts';

async function actorOf(database: AppDatabase, email: string) {
  const row = await database.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return actorForUser(database.db, (await findUserById(database.db, row.id))!);
}

describe('the demo offers', () => {
  let database: AppDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadDemoOrg(database.db);
  }, 120_000);
  afterAll(async () => database?.close());

  it('gives one offer of each owner level, in three languages, once however often loaded', async () => {
    expect(await loadDemoOffers(database.db, { today: new Date('2026-12-06T10:00:00Z') })).toBe(3);
    expect(await loadDemoOffers(database.db)).toBe(0);
    const offers = await database.db
      .selectFrom('marketing_offers')
      .select(['owner_level', 'texts', 'valid_from', 'valid_to'])
      .orderBy('owner_level')
      .execute();
    expect(offers.map((offer) => offer.owner_level)).toEqual(['brand', 'dealer', 'group']);
    for (const offer of offers) {
      const texts = (
        typeof offer.texts === 'string' ? JSON.parse(offer.texts) : offer.texts
      ) as Record<string, { title: string }>;
      expect(Object.keys(texts).sort()).toEqual(['en', 'ru', 'zh']);
    }
  });

  it("shows a dealer's offer to that dealer's manager, and not to another dealer's", async () => {
    const own = await actorOf(database, 'msk01.manager@demo.autocrm');
    const mine = await listOffers(database.db, own);
    expect(mine.map((offer) => offer.ownerLevel).sort()).toContain('dealer');
    const other = await database.db
      .selectFrom('users as u')
      .innerJoin('dealers as d', 'd.id', 'u.dealer_id')
      .select('u.email')
      .where('u.role', '=', 'dealer_manager')
      .where('d.code', '!=', 'MSK01')
      .orderBy('u.email')
      .executeTakeFirstOrThrow();
    const theirs = await listOffers(database.db, await actorOf(database, other.email));
    expect(theirs.map((offer) => offer.ownerLevel)).not.toContain('dealer');
  });
});
