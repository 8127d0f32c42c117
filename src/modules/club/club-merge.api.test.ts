import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { enrol, monthsAgo, newCustomer, setUpClubX } from './club.testing.ts';

/**
 * Two records of one owner are merged by the data steward: the club membership and the points
 * of the record that goes move to the one that stays, and undo puts them back. Two memberships
 * of one club are not silently combined: that merge is refused and nothing moves.
 */
describe('merging customer records carries the owners club along', () => {
  let world: TestWorld;
  let clubId: string;
  const memberOf = async (customerId: string) =>
    (
      await sql<{ id: string; balance: number | null }>`
        select m.id, b.balance from club_members m
          left join club_point_balances b on b.member_id = m.id
         where m.customer_id = ${customerId}`.execute(world.database.db)
    ).rows;

  beforeAll(async () => {
    world = await createTestWorld();
    clubId = (await setUpClubX(world)).clubId;
  });
  afterAll(async () => world.close());

  it('moves the membership and its points to the survivor, and undo moves them back', async () => {
    const survivor = await newCustomer(world, 'A', 'Слияния');
    const loser = await newCustomer(world, 'A', 'Слияния');
    const member = await enrol(world, clubId, loser, { joinedOn: monthsAgo(2) });
    const granted = await apiAs(world, 'admin').post(`/api/club/members/${member.id}/points`, {
      points: 500,
      reason: 'welcome',
    });
    expect(granted.status).toBe(201);

    const steward = apiAs(world, 'stewardGroup');
    const merged = await steward.post('/api/quality/merges', {
      survivorId: survivor,
      loserId: loser,
    });
    expect(merged.status).toBe(201);
    expect(await memberOf(loser)).toEqual([]);
    expect(await memberOf(survivor)).toEqual([{ id: member.id, balance: 500 }]);
    const ledger = await sql<{ customer_id: string }>`
      select customer_id from club_points_ledger where member_id = ${member.id}`.execute(
      world.database.db,
    );
    expect(ledger.rows.map((r) => r.customer_id)).toEqual([survivor]);

    const undone = await steward.post(`/api/quality/merges/${merged.body.id}/undo`);
    expect(undone.status).toBe(200);
    expect(await memberOf(survivor)).toEqual([]);
    expect(await memberOf(loser)).toEqual([{ id: member.id, balance: 500 }]);
  });

  it('refuses to merge two members of one club, and nothing moves', async () => {
    const first = await newCustomer(world, 'A', 'Дважды');
    const second = await newCustomer(world, 'A', 'Дважды');
    await enrol(world, clubId, first);
    await enrol(world, clubId, second);
    const steward = apiAs(world, 'stewardGroup');
    const refused = await steward.post('/api/quality/merges', {
      survivorId: first,
      loserId: second,
    });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.error.fields).toContainEqual(
      expect.objectContaining({ path: 'club', code: 'club_membership_clash' }),
    );
    expect(await memberOf(second)).toHaveLength(1);
    const tombstone = await sql<{ merged_into: string | null }>`
      select merged_into from customers where id = ${second}`.execute(world.database.db);
    expect(tombstone.rows[0]!.merged_into).toBeNull();
  });
});
