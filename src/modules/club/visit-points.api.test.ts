import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { runClubCycle } from './club-cycle.ts';
import { addMonths, today } from './dates.ts';
import { addVehicle, addVisit, enrol, monthsAgo, newCustomer, setUpClubX } from './club.testing.ts';

type Entry = {
  source: string;
  points: number;
  reason: string | null;
  occurredOn: string;
  expiresOn: string | null;
};

/**
 * Points are valid 24 months from the visit that earned them. An advisor typed a visit's year
 * wrong and corrects the date: the points' validity moves with the visit, and the expiry run
 * lapses them on the new day, neither earlier nor later, and still lapses the member's other
 * points on theirs.
 */
describe('a club member’s visit moved to another day: its points’ validity follows', () => {
  let world: TestWorld;
  let makeX = '';
  const advisor = () => apiAs(world, 'advisorA');
  const admin = () => apiAs(world, 'admin');
  const points = async (memberId: string) =>
    (await admin().get(`/api/club/members/${memberId}/points`)).body as {
      balance: number;
      items: Entry[];
    };
  const expiresOf = (day: string) => addMonths(day, 24);

  /** A member since 40 months ago with a car of the club's brand. */
  async function member(clubId: string, lastName: string) {
    const customerId = await newCustomer(world, 'A', lastName);
    const { id } = await enrol(world, clubId, customerId, { joinedOn: monthsAgo(40) });
    const vehicleId = await addVehicle(world.database.db, customerId, makeX);
    const visit = (date: string, totalMinor: number) =>
      addVisit(world.database.db, {
        customerId,
        vehicleId,
        dealerId: world.dealers.A.id,
        date,
        totalMinor,
      });
    return { memberId: id, visit };
  }

  // typed 20 months ago (valid 4 more months), really a month ago; an older visit's 100 points
  // lapse in a month, and must still lapse then
  let late = { memberId: '', visitId: '' };
  // typed a month ago, really 30 months ago: its points are past their validity already
  let early = { memberId: '', visitId: '' };

  beforeAll(async () => {
    world = await createTestWorld();
    const club = await setUpClubX(world);
    makeX = club.makeX;
    const first = await member(club.clubId, 'Поздний');
    await first.visit(monthsAgo(23), 2_000_00);
    late = { memberId: first.memberId, visitId: await first.visit(monthsAgo(20), 10_000_00) };
    const second = await member(club.clubId, 'Ранний');
    early = { memberId: second.memberId, visitId: await second.visit(monthsAgo(1), 10_000_00) };
    expect(await runClubCycle(world.database.db)).toMatchObject({ serviceVisits: 3, expired: 0 });
  });
  afterAll(async () => world.close());

  it('moves the points with the visit: reversed on the old day, credited on the new one', async () => {
    const moved = await advisor().patch(`/api/service/visits/${late.visitId}`, {
      visitDate: monthsAgo(1),
    });
    expect(moved.status).toBe(204);
    const after = await points(late.memberId);
    expect(after.balance).toBe(600);
    const reason = `service visit corrected: moved to ${monthsAgo(1)}`;
    expect(after.items).toContainEqual(
      expect.objectContaining({
        source: 'correction',
        points: -500,
        reason,
        occurredOn: monthsAgo(20),
        expiresOn: expiresOf(monthsAgo(20)),
      }),
    );
    expect(after.items).toContainEqual(
      expect.objectContaining({
        source: 'correction',
        points: 500,
        reason,
        occurredOn: monthsAgo(1),
        expiresOn: expiresOf(monthsAgo(1)),
      }),
    );
  });

  it('moved twice, the visit’s points stand on one day only, and the receipt counts once', async () => {
    for (const day of [monthsAgo(2), monthsAgo(1)]) {
      const moved = await advisor().patch(`/api/service/visits/${late.visitId}`, {
        visitDate: day,
      });
      expect(moved.status).toBe(204);
    }
    const byExpiry = await sql<{ expires_on: string; points: number; amount: number }>`
      select p.expires_on::text, sum(p.points)::int as points, sum(p.amount_minor)::int as amount
        from club_points_ledger p
        join club_points_ledger e on e.id = coalesce(p.corrects_entry_id, p.id)
       where e.source = 'service_visit' and e.source_id = ${late.visitId}
       group by p.expires_on
      having sum(p.points) <> 0 or sum(p.amount_minor) <> 0`.execute(world.database.db);
    expect(byExpiry.rows).toEqual([
      { expires_on: expiresOf(monthsAgo(1)), points: 500, amount: 10_000_00 },
    ]);
    expect((await points(late.memberId)).balance).toBe(600);
  });

  it('lapses the points of a visit moved into the past on the next run', async () => {
    const moved = await advisor().patch(`/api/service/visits/${early.visitId}`, {
      visitDate: monthsAgo(30),
    });
    expect(moved.status).toBe(204);
    expect((await points(early.memberId)).balance).toBe(500);
    await runClubCycle(world.database.db, today());
    const after = await points(early.memberId);
    expect(after.balance).toBe(0);
    expect(after.items.find((entry) => entry.source === 'expiry')?.points).toBe(-500);
  });

  it('keeps the moved points to their new day and lapses the member’s older points on theirs', async () => {
    const db = world.database.db;
    // in two months the older visit's 100 points are past their day; the moved ones are not
    await runClubCycle(db, addMonths(today(), 2));
    expect((await points(late.memberId)).balance).toBe(500);
    // the day the wrong date would have let them lapse: they stay
    await runClubCycle(db, addMonths(today(), 6));
    expect((await points(late.memberId)).balance).toBe(500);
    // 24 months after the real visit they lapse
    await runClubCycle(db, addMonths(monthsAgo(1), 24));
    const last = await points(late.memberId);
    expect(last.balance).toBe(0);
    expect(
      last.items.filter((entry) => entry.source === 'expiry').map((entry) => entry.points),
    ).toEqual([-500, -100]);
  });
});
