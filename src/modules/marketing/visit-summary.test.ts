import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import type { Condition, DateWindow } from './segment.schemas.ts';
import { compileCondition } from './segment-compiler.ts';
import { segmentCountQuery } from './segments.service.ts';

/**
 * Service-visit conditions answered from marketing_visit_summary (migration 0199) must give
 * exactly the customers the grouped pass over service_visits gives, for any window and any
 * count, sum, average or last-visit test; and the summary must follow every change of the visits.
 */

/** a small deterministic generator, so a failure can be replayed */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  return { next, int, pick };
}

const isoDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('segment conditions on service visits read the per-customer visit summary', () => {
  let world: TestWorld;
  const random = generator(2026);

  /**
   * The table against its definition (the view marketing_visit_summary_source, computed from
   * the visits now), both ways: 0 when in step.
   */
  async function summaryDrift(): Promise<number> {
    const drift = await sql<{ n: number }>`
      with fresh as (select * from marketing_visit_summary_source),
           kept as (select * from marketing_visit_summary)
      select ((select count(*) from (select * from fresh except select * from kept) a)
            + (select count(*) from (select * from kept except select * from fresh) b))::int as n`.execute(
      world.database.db,
    );
    return drift.rows[0]!.n;
  }

  async function members(condition: Condition, visitSummary: boolean): Promise<string[]> {
    const rows = await world.database.db
      .selectFrom('customers as c')
      .select('c.id')
      .where(compileCondition(condition, new Date(), { visitSummary }))
      .orderBy('c.id')
      .execute();
    return rows.map((row) => row.id);
  }

  /** as the live count asks: the summary left-joined once, read under an OR or a NOT */
  async function membersJoined(condition: Condition): Promise<string[]> {
    const rows = await world.database.db
      .selectFrom('customers as c')
      .leftJoin('marketing_visit_summary as visit_summary', 'visit_summary.customer_id', 'c.id')
      .select('c.id')
      .where(compileCondition(condition, new Date(), { visitSummaryJoined: true }))
      .orderBy('c.id')
      .execute();
    return rows.map((row) => row.id);
  }

  beforeAll(async () => {
    world = await createTestWorld();
    const dealers = [world.dealers.A.id, world.dealers.B.id];
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      for (let i = 0; i < 60; i++) {
        const customer = await tx
          .insertInto('customers')
          .values({
            kind: 'person',
            first_name: 'Visit',
            last_name: `Summary${i}`,
            display_name: `Visit Summary${i}`,
            sort_key: `summary${i} visit`,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const vehicle = await tx
          .insertInto('vehicles')
          .values({ customer_id: customer.id, make_name: 'Lada', model_name: 'Vesta' })
          .returning('id')
          .executeTakeFirstOrThrow();
        // none to nine visits over five years and a few days ahead, some on the same day
        const visits = random.int(0, 9);
        const days: number[] = [];
        for (let v = 0; v < visits; v++) {
          days.push(v > 0 && random.next() < 0.15 ? days[v - 1]! : random.int(-1_900, 10));
        }
        if (days.length === 0) continue;
        await tx
          .insertInto('service_visits')
          .values(
            days.map((offset) => ({
              customer_id: customer.id,
              vehicle_id: vehicle.id,
              dealer_id: random.pick(dealers),
              visit_date: isoDay(offset),
              visit_type: 'maintenance',
              total_minor: random.next() < 0.1 ? 0 : random.int(1, 30) * 100_000,
              currency: 'RUB',
            })),
          )
          .execute();
      }
    });
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  });

  function randomWindow(): DateWindow | undefined {
    const point = () =>
      random.next() < 0.25
        ? { date: isoDay(random.int(-1_900, 0)) }
        : { ago: { amount: random.int(0, 60), unit: random.pick(['days', 'months', 'years']) } };
    const shape = random.int(0, 3);
    if (shape === 0) return undefined;
    if (shape === 1) return { from: point() } as DateWindow;
    if (shape === 2) return { to: point() } as DateWindow;
    return { from: point(), to: point() } as DateWindow;
  }

  function randomServiceCondition(): Condition {
    const condition: Record<string, unknown> = { type: 'service' };
    const when = randomWindow();
    if (when) condition.when = when;
    const range = (scale: number) => {
      const low = random.int(0, 4) * scale;
      const shape = random.int(0, 2);
      return shape === 0 ? { min: low } : shape === 1 ? { max: low } : { min: low, max: low * 3 };
    };
    const tests = random.int(0, 4);
    if (tests === 1) condition.count = range(1);
    if (tests === 2) condition.sum = range(1_000_000);
    if (tests === 3) condition.average = range(500_000);
    if (tests === 4)
      condition.lastVisit = randomWindow() ?? { to: { ago: { amount: 6, unit: 'months' } } };
    return condition as Condition;
  }

  it('answers 300 random conditions and combinations exactly as the visits do', async () => {
    let partial = 0;
    const everyone = await world.database.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const customerCount = Number(everyone.n);
    for (let round = 0; round < 300; round++) {
      let condition = randomServiceCondition();
      if (round % 3 === 1) {
        // several conditions on visits under one "and" share one pass over the summary
        condition = {
          type: 'and',
          conditions: [
            condition,
            { type: 'not', condition: randomServiceCondition() },
            randomServiceCondition(),
          ],
        };
      } else if (round % 3 === 2) {
        condition = {
          type: 'or',
          conditions: [condition, { type: 'not', condition: randomServiceCondition() }],
        };
      }
      const fromSummary = await members(condition, true);
      const fromVisits = await members(condition, false);
      expect(fromSummary, JSON.stringify(condition)).toEqual(fromVisits);
      expect(await membersJoined(condition), JSON.stringify(condition)).toEqual(fromVisits);
      if (fromSummary.length > 0 && fromSummary.length < customerCount) partial++;
    }
    // the random conditions split the customers, not only all-or-none
    expect(partial).toBeGreaterThan(100);
  });

  it('reads the joined summary row under an OR and a NOT, also for customers without one', async () => {
    const db = world.database.db;
    const threeVisits: Condition = { type: 'service', count: { min: 3 } };
    const atMostOne: Condition = { type: 'service', count: { max: 1 } };
    const recent: Condition = {
      type: 'service',
      when: { from: { ago: { amount: 18, unit: 'months' } } },
    };
    const someNames: Condition = {
      type: 'field',
      field: 'last_name',
      op: 'in',
      values: Array.from({ length: 20 }, (_, i) => `Summary${i}`),
    };
    const lada: Condition = { type: 'vehicle', makes: ['Lada'] };
    const trees: Condition[] = [
      { type: 'or', conditions: [threeVisits, someNames] },
      { type: 'not', condition: { type: 'or', conditions: [threeVisits, someNames] } },
      { type: 'or', conditions: [atMostOne, someNames] },
      { type: 'not', condition: recent },
      { type: 'not', condition: atMostOne },
      {
        type: 'and',
        conditions: [
          lada,
          { type: 'or', conditions: [threeVisits, { type: 'not', condition: recent }] },
        ],
      },
      // an AND under an OR: its two visit tests share the joined row
      {
        type: 'or',
        conditions: [
          someNames,
          { type: 'and', conditions: [recent, { type: 'not', condition: threeVisits }] },
        ],
      },
    ];
    const withoutSummary = (
      await db
        .selectFrom('customers as c')
        .leftJoin('marketing_visit_summary as s', 's.customer_id', 'c.id')
        .select('c.id')
        .where('s.customer_id', 'is', null)
        .execute()
    ).map((row) => row.id);
    expect(withoutSummary.length).toBeGreaterThan(0);
    let tookInWithout = 0;
    for (const tree of trees) {
      const fromVisits = await members(tree, false);
      const joined = await membersJoined(tree);
      expect(joined, JSON.stringify(tree)).toEqual(fromVisits);
      const counted = await segmentCountQuery(
        db,
        { level: 'group' },
        tree,
      ).query.executeTakeFirstOrThrow();
      expect(Number(counted.n), JSON.stringify(tree)).toBe(fromVisits.length);
      if (joined.some((id) => withoutSummary.includes(id))) tookInWithout++;
    }
    // the customers without visits are in some answers (a NOT, "at most one"), not only left out
    expect(tookInWithout).toBeGreaterThan(2);

    // the joined row is read only below an OR or a NOT; the top AND keeps its semi-join
    const compiled = (tree: Condition) =>
      segmentCountQuery(db, { level: 'group' }, tree).query.compile().sql;
    expect(compiled(trees[0]!)).toContain('"visit_summary"."visit_count"');
    expect(compiled(trees[0]!)).not.toContain('from marketing_visit_summary r');
    const topAnd: Condition = {
      type: 'and',
      conditions: [lada, threeVisits, { type: 'not', condition: recent }],
    };
    expect(compiled(topAnd)).not.toContain('"visit_summary"."visit_count"');
    // only a count that reads the joined row asks for parallel workers
    expect(trees.every((tree) => segmentCountQuery(db, { level: 'group' }, tree).parallel)).toBe(
      true,
    );
    expect(segmentCountQuery(db, { level: 'group' }, topAnd).parallel).toBe(false);
    expect(segmentCountQuery(db, { level: 'group' }, someNames).parallel).toBe(false);
  });

  it('compiles plain visit conditions to the summary and filtered ones to the visits', () => {
    const compiled = (condition: Condition) =>
      world.database.db
        .selectFrom('customers as c')
        .select('c.id')
        .where(compileCondition(condition))
        .compile().sql;
    const dormant: Condition = {
      type: 'and',
      conditions: [
        { type: 'service', when: { from: { ago: { amount: 2, unit: 'years' } } } },
        {
          type: 'not',
          condition: { type: 'service', when: { from: { ago: { amount: 6, unit: 'months' } } } },
        },
        {
          type: 'service',
          when: { from: { ago: { amount: 2, unit: 'years' } } },
          average: { min: 1_500_000 },
        },
      ],
    };
    expect(compiled(dormant).match(/from marketing_visit_summary r/g)).toHaveLength(1);
    expect(compiled(dormant)).not.toContain('service_visits');
    const byDealer: Condition = {
      type: 'service',
      dealerIds: [world.dealers.A.id],
      count: { min: 2 },
    };
    expect(compiled(byDealer)).toContain('from service_visits r');
    expect(compiled(byDealer)).not.toContain('marketing_visit_summary');
  });

  it('follows new, edited, moved and deleted visits', async () => {
    expect(await summaryDrift()).toBe(0);
    const db = world.database.db;
    const [first, second] = await db
      .selectFrom('marketing_visit_summary')
      .select('customer_id')
      .orderBy('visit_count', 'desc')
      .limit(2)
      .execute();
    const firstId = first!.customer_id;
    const secondId = second!.customer_id;
    await withActor(db, systemActor('test'), async (tx) => {
      // a receipt corrected and a date moved: the running totals after it change
      const visit = await tx
        .selectFrom('service_visits')
        .select('id')
        .where('customer_id', '=', firstId)
        .orderBy('visit_date')
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('service_visits')
        .set({ total_minor: 4_242_000 })
        .where('id', '=', visit.id)
        .execute();
      await tx
        .updateTable('service_visits')
        .set({ visit_date: isoDay(-1) })
        .where('id', '=', visit.id)
        .execute();
    });
    expect(await summaryDrift()).toBe(0);

    // a duplicate merged away: the second customer's visits move to the first
    await withActor(db, systemActor('test'), (tx) =>
      tx
        .updateTable('service_visits')
        .set({ customer_id: firstId })
        .where('customer_id', '=', secondId)
        .execute(),
    );
    expect(await summaryDrift()).toBe(0);
    const gone = await db
      .selectFrom('marketing_visit_summary')
      .select('customer_id')
      .where('customer_id', '=', secondId)
      .execute();
    expect(gone).toHaveLength(0);

    // an edit that does not touch date, amount or customer leaves the summary as it was
    await withActor(db, systemActor('test'), (tx) =>
      tx
        .updateTable('service_visits')
        .set({ description: 'wipers' })
        .where('customer_id', '=', firstId)
        .execute(),
    );
    expect(await summaryDrift()).toBe(0);

    // visits deleted one by one, then all: the row goes with the last one
    await withActor(db, systemActor('test'), async (tx) => {
      const one = await tx
        .selectFrom('service_visits')
        .select('id')
        .where('customer_id', '=', firstId)
        .executeTakeFirstOrThrow();
      await tx.deleteFrom('service_visits').where('id', '=', one.id).execute();
    });
    expect(await summaryDrift()).toBe(0);
    await withActor(db, systemActor('test'), (tx) =>
      tx.deleteFrom('service_visits').where('customer_id', '=', firstId).execute(),
    );
    expect(await summaryDrift()).toBe(0);
    const none = await db
      .selectFrom('marketing_visit_summary')
      .select('customer_id')
      .where('customer_id', '=', firstId)
      .execute();
    expect(none).toHaveLength(0);
  });
});
