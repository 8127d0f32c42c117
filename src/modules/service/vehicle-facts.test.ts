import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor, type Tx } from '../../auth/index.ts';
import { Prng } from '../../demo/prng.ts';
import { createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/**
 * vehicle_service_due reads per-vehicle facts kept by triggers (migration 0205). It must give
 * for every car exactly what grouping the raw history gives: the view as migration 0140 defined
 * it, created here from that migration's own text, on random irregular histories and after
 * every kind of edit.
 */

/** 0140's view, read from its migration and created under another name beside the new one. */
function view0140(): string {
  const migration = fs.readFileSync(
    path.join(import.meta.dirname, 'migrations/0140_repair_orders_due_dates.sql'),
    'utf8',
  );
  const start = migration.indexOf('create view vehicle_service_due as');
  expect(start).toBeGreaterThan(0);
  return migration
    .slice(start)
    .replace('create view vehicle_service_due as', 'create view vehicle_service_due_0140 as');
}

const columns = sql`vehicle_id, base_kind, base_date::text, base_km, last_reading_on::text,
  last_reading_km, reading_count::int, daily_km::text, due_by_km::text, due_by_time::text,
  due_date::text, due_by`;

const reference = sql`select ${columns} from vehicle_service_due_0140`;

const fromView = sql`select ${columns} from vehicle_service_due`;

/** The reminder's dealer (new in 0205): the latest visit's, else the latest sale's. */
const dealerReference = sql`
  select v.id as vehicle_id,
         coalesce((select s.dealer_id from service_visits s where s.vehicle_id = v.id
                    order by s.visit_date desc, s.id desc limit 1),
                  (select p.dealer_id from vehicle_purchases p where p.vehicle_id = v.id
                    order by p.purchase_date desc, p.id desc limit 1)) as service_dealer_id
    from vehicle_service_due d join vehicles v on v.id = d.vehicle_id`;

const dealerFromView = sql`select vehicle_id, service_dealer_id from vehicle_service_due`;

const isoDay = (offsetDays: number) =>
  new Date(Date.UTC(2026, 0, 1) + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('service due dates read per-vehicle facts kept by triggers', () => {
  let world: TestWorld;
  const random = new Prng(2205);
  const vehicleIds: string[] = [];
  let customerId: string;

  const asSystem = <T>(work: (tx: Tx) => Promise<T>) =>
    withActor(world.database.db, systemActor('test'), work);

  async function rows(query: typeof reference): Promise<unknown[]> {
    const result = await sql<Record<string, unknown>>`
      select * from (${query}) q order by vehicle_id`.execute(world.database.db);
    return result.rows;
  }

  /** Facts rows against their definitions, both ways: 0 when in step. */
  async function factsDrift(): Promise<number> {
    let drift = 0;
    for (const table of ['service_vehicle_visit_facts', 'service_vehicle_purchase_facts']) {
      const result = await sql<{ n: number }>`
        select ((select count(*) from (select * from ${sql.table(table)}
                   except select * from ${sql.table(`${table}_source`)}) a)
              + (select count(*) from (select * from ${sql.table(`${table}_source`)}
                   except select * from ${sql.table(table)}) b))::int as n`.execute(
        world.database.db,
      );
      drift += result.rows[0]!.n;
    }
    return drift;
  }

  async function expectInStep() {
    expect(await factsDrift()).toBe(0);
    expect(await rows(fromView)).toEqual(await rows(reference));
    expect(await rows(dealerFromView)).toEqual(await rows(dealerReference));
  }

  beforeAll(async () => {
    world = await createTestWorld();
    await sql.raw(view0140()).execute(world.database.db);
    const dealers = [world.dealers.A.id, world.dealers.B.id];
    await asSystem(async (tx) => {
      const customer = await tx
        .insertInto('customers')
        .values({
          kind: 'person',
          first_name: 'Fleet',
          last_name: 'Owner',
          display_name: 'Fleet Owner',
          sort_key: 'owner fleet',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      customerId = customer.id;
      for (let i = 0; i < 80; i++) {
        const ownReading = random.chance(0.2);
        const vehicle = await tx
          .insertInto('vehicles')
          .values({
            customer_id: customerId,
            make_name: 'Lada',
            model_name: 'Vesta',
            first_registration: random.chance(0.5) ? isoDay(random.int(-2_000, -1_000)) : null,
            odometer_km: ownReading ? random.int(0, 90_000) : null,
            odometer_read_at: ownReading && random.chance(0.8) ? isoDay(random.int(-900, 0)) : null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        vehicleIds.push(vehicle.id);
        // none, one or two sales: new or used, with or without an odometer reading
        for (let p = random.int(0, 2); p > 0; p--) {
          await tx
            .insertInto('vehicle_purchases')
            .values({
              vehicle_id: vehicle.id,
              customer_id: customerId,
              dealer_id: random.chance(0.9) ? random.pick(dealers) : null,
              purchase_date: isoDay(random.int(-1_800, -100)),
              condition: random.chance(0.7) ? 'new' : 'used',
              odometer_km: random.chance(0.5) ? random.int(0, 60_000) : null,
              currency: 'RUB',
            })
            .execute();
        }
        // up to eight visits, mileage growing with the date, some without one, some on one day
        let day = random.int(-1_500, -400);
        let km = random.int(0, 20_000);
        for (let v = random.int(0, 8); v > 0; v--) {
          if (!random.chance(0.15)) day += random.int(1, 200);
          km += random.int(0, 12_000);
          await tx
            .insertInto('service_visits')
            .values({
              customer_id: customerId,
              vehicle_id: vehicle.id,
              dealer_id: random.pick(dealers),
              visit_date: isoDay(day),
              mileage_km: random.chance(0.8) ? km : null,
              visit_type: random.pick(['maintenance', 'maintenance', 'repair', 'tyres']),
              currency: 'RUB',
            })
            .execute();
        }
      }
    });
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  });

  it('gives every car the due date the raw history gives', async () => {
    const cars = await rows(fromView);
    // the histories cover every base and both ways of being due
    const kinds = new Set(cars.map((car) => (car as { base_kind: string }).base_kind));
    expect([...kinds].sort()).toEqual(['maintenance', 'purchase', 'registration']);
    expect(cars.length).toBeGreaterThan(50);
    await expectInStep();
  });

  it('follows visits edited, moved to another car and deleted, in one statement or many', async () => {
    const db = world.database.db;
    const visits = await db
      .selectFrom('service_visits')
      .select(['id', 'vehicle_id'])
      .orderBy('id')
      .execute();
    await asSystem(async (tx) => {
      // a maintenance visit becomes a repair: the interval runs from the one before
      await tx
        .updateTable('service_visits')
        .set({ visit_type: 'repair' })
        .where(
          'id',
          'in',
          visits.slice(0, 10).map((visit) => visit.id),
        )
        .execute();
      // a mileage corrected, a date moved
      await tx
        .updateTable('service_visits')
        .set({ mileage_km: sql`mileage_km + 500`, visit_date: sql`visit_date + 3` })
        .where(
          'id',
          'in',
          visits.slice(10, 20).map((visit) => visit.id),
        )
        .execute();
      // visits booked on the wrong car move to another
      await tx
        .updateTable('service_visits')
        .set({ vehicle_id: vehicleIds[0]!, mileage_km: null })
        .where(
          'id',
          'in',
          visits.slice(20, 25).map((visit) => visit.id),
        )
        .execute();
    });
    await expectInStep();
    await asSystem(async (tx) => {
      await tx.deleteFrom('service_visits').where('id', '=', visits[30]!.id).execute();
      await tx
        .deleteFrom('service_visits')
        .where('vehicle_id', '=', visits[40]!.vehicle_id)
        .execute();
    });
    await expectInStep();
  });

  it('follows sales added, corrected and deleted, and the car’s own odometer', async () => {
    const db = world.database.db;
    const [bare] = await db
      .selectFrom('vehicles as v')
      .select('v.id')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('vehicle_purchases as p').whereRef('p.vehicle_id', '=', 'v.id'))),
      )
      .limit(1)
      .execute();
    await asSystem(async (tx) => {
      await tx
        .insertInto('vehicle_purchases')
        .values({
          vehicle_id: bare!.id,
          customer_id: customerId,
          dealer_id: world.dealers.B.id,
          purchase_date: isoDay(-30),
          condition: 'used',
          odometer_km: 77_000,
          currency: 'RUB',
        })
        .execute();
      await tx
        .updateTable('vehicle_purchases')
        .set({ condition: 'used', odometer_km: null })
        .where('vehicle_id', 'in', vehicleIds.slice(0, 20))
        .execute();
      await tx.deleteFrom('vehicle_purchases').where('vehicle_id', '=', vehicleIds[5]!).execute();
      await tx
        .updateTable('vehicles')
        .set({ odometer_km: 123_456, odometer_read_at: isoDay(0) })
        .where('id', 'in', vehicleIds.slice(20, 25))
        .execute();
    });
    await expectInStep();
  });

  it('answers one customer’s cars by key, not by computing the whole base', async () => {
    // the customer page filters the view by customer; with facts by key the filter reaches the
    // facts tables' primary keys instead of grouping every visit
    const plan = await sql<{ 'QUERY PLAN': string }>`
      explain select * from vehicle_service_due where customer_id = ${customerId}::uuid`.execute(
      world.database.db,
    );
    const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).not.toMatch(/Aggregate/);
    expect(text).not.toContain('service_visits');
  });
});
