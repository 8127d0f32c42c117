import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { refreshAnalyticsAggregates } from '../analytics/aggregates/refresh.ts';
import {
  addPurchase,
  addVehicle,
  enrol,
  monthsAgo,
  newCustomer,
  setUpClubX,
} from '../club/club.testing.ts';

type Line = { lineNo: number; kind: string; quantity: number; amountMinor: number };

/**
 * A club member's repair order was typed wrong: 2 hours of labour instead of 3, a part he did
 * not get, a part missing. The advisor corrects the lines; the total, the club points the visit
 * earned, the history and the segment summary follow. Later the visit's date is corrected and a
 * visit entered twice is cancelled: the points come back off the ledger as corrections and the
 * dashboards' days are recounted. Dealer B's advisor cannot touch the order.
 */
describe('an advisor corrects a repair order’s lines, date and a duplicate visit', () => {
  let world: TestWorld;
  let customerId: string;
  let memberId: string;
  let vehicleId: string;
  let visitId: string;
  const visitDay = monthsAgo(1);
  const movedDay = monthsAgo(2);

  const admin = () => apiAs(world, 'admin');
  const advisor = () => apiAs(world, 'advisorA');
  const balance = async (member = memberId) =>
    (await admin().get(`/api/club/members/${member}/points`)).body.balance as number;
  const visit = async (id = visitId) => (await advisor().get(`/api/service/visits/${id}`)).body;
  const serviceDay = async (day: string) => {
    const row = await sql<{ visits: number | null }>`
      select sum(visits)::int as visits from analytics_service_daily where day = ${day}`.execute(
      world.database.db,
    );
    return row.rows[0]?.visits ?? 0;
  };
  const summaryOf = async (customer: string) =>
    world.database.db
      .selectFrom('marketing_visit_summary')
      .select(['visit_dates', 'running_totals', 'visit_count'])
      .where('customer_id', '=', customer)
      .executeTakeFirst();
  const runClub = async () => expect((await admin().post('/api/club/runs')).status).toBe(200);

  beforeAll(async () => {
    world = await createTestWorld();
    const club = await setUpClubX(world);
    customerId = await newCustomer(world, 'A', 'Строкин');
    memberId = (await enrol(world, club.clubId, customerId, { joinedOn: monthsAgo(3) })).id;
    vehicleId = await addVehicle(world.database.db, customerId, club.makeX);
    await addPurchase(world.database.db, {
      customerId,
      vehicleId,
      dealerId: world.dealers.A.id,
      date: monthsAgo(3),
      priceMinor: 1_000_000_00,
    });
    // 2 h at 2,000.00 and a part at 6,000.00: 10,000.00 RUB, 500 points at 5 per 100
    const recorded = await advisor().post('/api/service/visits', {
      vehicleId,
      visitDate: visitDay,
      visitType: 'repair',
      lines: [
        {
          kind: 'labour',
          code: 'L-100',
          description: 'Brake discs',
          quantity: 2,
          unitPriceMinor: 2_000_00,
        },
        {
          kind: 'part',
          code: 'P-7',
          description: 'Wiper blade',
          quantity: 1,
          unitPriceMinor: 6_000_00,
        },
      ],
    });
    expect(recorded.status).toBe(201);
    visitId = recorded.body.id;
    await runClub();
    await refreshAnalyticsAggregates(world.database.db, { full: true });
  });
  afterAll(async () => world.close());

  it('changes, removes and adds lines: total, history and club points follow', async () => {
    const before = await balance();
    const corrected = await advisor().patch(`/api/service/visits/${visitId}`, {
      lines: [
        {
          lineNo: 1,
          kind: 'labour',
          code: 'L-100',
          description: 'Brake discs',
          quantity: 3,
          unitPriceMinor: 2_000_00,
        },
        {
          kind: 'part',
          code: 'P-9',
          description: 'Brake pads',
          quantity: 1,
          unitPriceMinor: 1_500_00,
        },
      ],
    });
    expect(corrected.status).toBe(204);
    const after = await visit();
    expect(after).toMatchObject({
      totalMinor: 7_500_00,
      labourMinor: 6_000_00,
      partsMinor: 1_500_00,
    });
    expect(
      after.lines.map((line: Line) => [line.lineNo, line.kind, line.quantity, line.amountMinor]),
    ).toEqual([
      [1, 'labour', 3, 6_000_00],
      [3, 'part', 1, 1_500_00],
    ]);

    const history = await world.database.db
      .selectFrom('audit_log')
      .select(['table_name', 'action', 'actor_user_id', 'old_values', 'new_values'])
      .where('table_name', 'in', ['service_visit_lines', 'service_visits'])
      .where('action', 'in', ['update', 'delete'])
      .where('customer_id', '=', customerId)
      .execute();
    const actor = world.users.advisorA!.id;
    expect(history).toContainEqual(
      expect.objectContaining({
        table_name: 'service_visit_lines',
        action: 'update',
        actor_user_id: actor,
        // the audit keeps the changed columns: line 1's hours and amount
        old_values: { quantity: 2, amount_minor: 4_000_00 },
        new_values: { quantity: 3, amount_minor: 6_000_00 },
      }),
    );
    expect(history).toContainEqual(
      expect.objectContaining({
        table_name: 'service_visit_lines',
        action: 'delete',
        old_values: expect.objectContaining({ line_no: 2, code: 'P-7' }),
      }),
    );
    expect(history).toContainEqual(
      expect.objectContaining({
        table_name: 'service_visits',
        action: 'update',
        actor_user_id: actor,
        old_values: expect.objectContaining({ total_minor: 10_000_00 }),
        new_values: expect.objectContaining({ total_minor: 7_500_00 }),
      }),
    );

    // 500 points were earned on 10,000.00; 7,500.00 earn 375: a correction of -125, not a delete
    expect(await balance()).toBe(before - 125);
    const ledger = (await admin().get(`/api/club/members/${memberId}/points`)).body.items;
    const earned = ledger.find(
      (entry: { source: string; sourceId: string }) => entry.sourceId === visitId,
    );
    expect(earned).toMatchObject({ source: 'service_visit', points: 500 });
    expect(ledger).toContainEqual(
      expect.objectContaining({
        source: 'correction',
        points: -125,
        amountMinor: -2_500_00,
        correctsEntryId: earned.id,
        reason: 'service visit corrected',
      }),
    );
    // a repeated run credits nothing twice
    await runClub();
    expect(await balance()).toBe(before - 125);
    // the segments' receipts follow the total (marketing's summary, kept by trigger)
    expect((await summaryOf(customerId))?.running_totals.map(Number)).toEqual([0, 7_500_00]);
  });

  it('names the bad field and writes nothing on a 400', async () => {
    const before = { visit: await visit(), balance: await balance() };
    const line = { kind: 'part', description: 'Oil filter', quantity: 1, unitPriceMinor: 500_00 };
    const negative = await advisor().patch(`/api/service/visits/${visitId}`, {
      visitDate: movedDay,
      lines: [line, line, { ...line, unitPriceMinor: -1 }],
    });
    expect(negative.status).toBe(400);
    expect(negative.body.error.fields[0]).toMatchObject({ path: 'lines.2.unitPriceMinor' });
    const unknown = await advisor().patch(`/api/service/visits/${visitId}`, {
      visitDate: movedDay,
      lines: [line, { ...line, lineNo: 2 }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual([
      expect.objectContaining({ path: 'lines.1.lineNo', code: 'unknown_line' }),
    ]);
    const twice = await advisor().patch(`/api/service/visits/${visitId}`, {
      lines: [
        { ...line, lineNo: 1 },
        { ...line, lineNo: 1 },
      ],
    });
    expect(twice.body.error.fields).toEqual([
      expect.objectContaining({ path: 'lines.1.lineNo', code: 'duplicate' }),
    ]);
    const mismatch = await advisor().patch(`/api/service/visits/${visitId}`, {
      lines: [line],
      totalMinor: 1,
    });
    expect(mismatch.body.error.fields).toEqual([
      expect.objectContaining({ path: 'totalMinor', code: 'total_mismatch' }),
    ]);
    const totalOnly = await advisor().patch(`/api/service/visits/${visitId}`, { totalMinor: 1 });
    expect(totalOnly.body.error.fields).toEqual([
      expect.objectContaining({ path: 'totalMinor', code: 'has_lines' }),
    ]);
    expect(await visit()).toEqual(before.visit);
    expect(await balance()).toBe(before.balance);
  });

  it('dealer B’s advisor gets 404 and a sales consultant 403; nothing changes', async () => {
    const before = await visit();
    const lines = [{ kind: 'part', description: 'Nothing', quantity: 1, unitPriceMinor: 1 }];
    expect(
      (await apiAs(world, 'advisorB').patch(`/api/service/visits/${visitId}`, { lines })).status,
    ).toBe(404);
    expect(
      (await apiAs(world, 'consultantA1').patch(`/api/service/visits/${visitId}`, { lines }))
        .status,
    ).toBe(403);
    expect(await visit()).toEqual(before);
  });

  it('moves the visit’s date: the dashboards recount the day it left and the day it went to', async () => {
    expect(await serviceDay(visitDay)).toBe(1);
    expect(await serviceDay(movedDay)).toBe(0);
    const moved = await advisor().patch(`/api/service/visits/${visitId}`, { visitDate: movedDay });
    expect(moved.status).toBe(204);
    await refreshAnalyticsAggregates(world.database.db, { overlapMs: 0 });
    expect(await serviceDay(visitDay)).toBe(0);
    expect(await serviceDay(movedDay)).toBe(1);
    const dates = (await summaryOf(customerId))?.visit_dates ?? [];
    expect(dates.map((day) => new Date(day).toISOString().slice(0, 10))).toEqual([movedDay]);
    // a second pass finds nothing left to recount and keeps the figures
    await refreshAnalyticsAggregates(world.database.db, { overlapMs: 0 });
    expect(await serviceDay(visitDay)).toBe(0);
    expect(await serviceDay(movedDay)).toBe(1);
  });

  it('moves the visit before he joined the club: the points it earned go back', async () => {
    const before = await balance();
    const early = await advisor().patch(`/api/service/visits/${visitId}`, {
      visitDate: monthsAgo(4),
    });
    expect(early.status).toBe(204);
    expect(await balance()).toBe(before - 375);
    const back = await advisor().patch(`/api/service/visits/${visitId}`, { visitDate: movedDay });
    expect(back.status).toBe(204);
    expect(await balance()).toBe(before);
  });

  it('cancels a duplicate visit: its points are taken back and its day recounted', async () => {
    const duplicate = await advisor().post('/api/service/visits', {
      vehicleId,
      visitDate: visitDay,
      visitType: 'repair',
      lines: [
        { kind: 'labour', description: 'Brake discs', quantity: 2, unitPriceMinor: 2_000_00 },
      ],
    });
    expect(duplicate.status).toBe(201);
    await runClub();
    const withDuplicate = await balance();
    await refreshAnalyticsAggregates(world.database.db, { overlapMs: 0 });
    expect(await serviceDay(visitDay)).toBe(1);

    const cancelled = await advisor().post(`/api/service/visits/${duplicate.body.id}/cancel`, {
      reason: 'entered twice',
    });
    expect(cancelled.status).toBe(204);
    // 4,000.00 RUB earned 200 points
    expect(await balance()).toBe(withDuplicate - 200);
    const ledger = (await admin().get(`/api/club/members/${memberId}/points`)).body.items;
    expect(ledger[0]).toMatchObject({
      source: 'correction',
      points: -200,
      reason: 'service visit cancelled: entered twice',
    });
    await runClub();
    expect(await balance()).toBe(withDuplicate - 200);
    await refreshAnalyticsAggregates(world.database.db, { overlapMs: 0 });
    expect(await serviceDay(visitDay)).toBe(0);
    expect(await serviceDay(movedDay)).toBe(1);
    expect((await summaryOf(customerId))?.visit_count).toBe(1);
    // the tiers' spend (receipts of credited visits and their corrections) is the one visit left
    const spend = await sql<{ spend: string }>`
      select sum(amount_minor) as spend from club_points_ledger
       where member_id = ${memberId} and source in ('service_visit', 'correction')`.execute(
      world.database.db,
    );
    expect(Number(spend.rows[0]!.spend)).toBe(7_500_00);
  });

  it('a cancelled visit whose points were spent takes back what is left, never below zero', async () => {
    const club = await world.database.db.selectFrom('clubs').select('id').executeTakeFirstOrThrow();
    const spender = await newCustomer(world, 'A', 'Тратов');
    const member = (await enrol(world, club.id, spender, { joinedOn: monthsAgo(3) })).id;
    const car = await addVehicle(
      world.database.db,
      spender,
      (
        await sql<{ id: string }>`
      select id from catalog_makes where name = 'Xcar'`.execute(world.database.db)
      ).rows[0]!.id,
    );
    const recorded = await advisor().post('/api/service/visits', {
      vehicleId: car,
      visitDate: visitDay,
      visitType: 'maintenance',
      lines: [{ kind: 'labour', description: 'Service', quantity: 1, unitPriceMinor: 10_000_00 }],
    });
    await runClub();
    expect(await balance(member)).toBe(500);
    const spent = await admin().post(`/api/club/members/${member}/redemptions`, {
      points: 400,
      reason: 'car wash voucher',
    });
    expect(spent.status).toBe(201);
    const cancelled = await advisor().post(`/api/service/visits/${recorded.body.id}/cancel`, {
      reason: 'wrong customer',
    });
    expect(cancelled.status).toBe(204);
    expect(await balance(member)).toBe(0);
    const ledger = (await admin().get(`/api/club/members/${member}/points`)).body.items;
    expect(ledger[0]).toMatchObject({
      source: 'correction',
      points: -100,
      reason: 'service visit cancelled: wrong customer (400 points already spent stay)',
    });
  });
});
