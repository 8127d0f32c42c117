import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor, type Tx } from '../../auth/index.ts';
import { Prng } from '../../demo/prng.ts';
import { createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/**
 * vehicle_service_due reads per-vehicle facts kept by triggers (migration 0205). It must give
 * for every car exactly what grouping the raw history gives (the view's definition before 0205,
 * kept below as the reference), on random irregular histories and after every kind of edit.
 */

/** The due dates as 0140 computed them: grouped passes over visits and purchases on each read. */
const reference = sql`
  with settings as (select default_daily_km from service_settings where id),
  readings as (
    select s.vehicle_id, s.visit_date as read_on, s.mileage_km as km
      from service_visits s where s.mileage_km is not null
    union all
    select p.vehicle_id, p.purchase_date,
           coalesce(p.odometer_km, case when p.condition = 'new' then 0 end)
      from vehicle_purchases p where p.odometer_km is not null or p.condition = 'new'
    union all
    select v.id, v.odometer_read_at, v.odometer_km
      from vehicles v where v.odometer_km is not null and v.odometer_read_at is not null
  ),
  spans as (
    select vehicle_id, min(read_on) as first_on, max(read_on) as last_on,
           min(km) as first_km, max(km) as last_km, count(*) as reading_count
      from readings group by vehicle_id
  ),
  maintenance as (
    select distinct on (vehicle_id) vehicle_id, visit_date, mileage_km
      from service_visits where visit_type = 'maintenance'
     order by vehicle_id, visit_date desc, mileage_km desc nulls last
  ),
  last_visit as (
    select distinct on (vehicle_id) vehicle_id, dealer_id
      from service_visits order by vehicle_id, visit_date desc, id desc
  ),
  purchases as (
    select distinct on (vehicle_id) vehicle_id, purchase_date, dealer_id,
           coalesce(odometer_km, case when condition = 'new' then 0 end) as km
      from vehicle_purchases order by vehicle_id, purchase_date desc, id desc
  ),
  estimated as (
    select v.id as vehicle_id,
           coalesce(si.interval_km, sd.interval_km) as interval_km,
           coalesce(si.interval_months, sd.interval_months) as interval_months,
           case when m.vehicle_id is not null then 'maintenance'
                when pu.vehicle_id is not null then 'purchase' else 'registration' end as base_kind,
           coalesce(m.visit_date, pu.purchase_date, v.first_registration) as base_date,
           case when m.vehicle_id is not null then m.mileage_km
                when pu.vehicle_id is not null then pu.km else 0 end as base_km,
           sp.last_on, sp.last_km, sp.reading_count,
           case when sp.last_on - sp.first_on >= 30 and sp.last_km >= sp.first_km
                then round((sp.last_km - sp.first_km)::numeric / (sp.last_on - sp.first_on), 1)
                else st.default_daily_km end as daily_km,
           coalesce(lv.dealer_id, pu.dealer_id) as service_dealer_id
      from vehicles v cross join settings st
      join service_intervals sd on sd.model_id is null
      left join service_intervals si on si.model_id = v.model_id
      left join maintenance m on m.vehicle_id = v.id
      left join purchases pu on pu.vehicle_id = v.id
      left join last_visit lv on lv.vehicle_id = v.id
      left join spans sp on sp.vehicle_id = v.id
     where coalesce(m.visit_date, pu.purchase_date, v.first_registration) is not null
  ),
  targets as (
    select e.*,
           (e.base_date + make_interval(months => e.interval_months))::date as due_by_time,
           case when e.daily_km > 0 and coalesce(e.last_km, e.base_km) is not null
                then coalesce(e.last_on, e.base_date)
                     + greatest(0, ceil((coalesce(e.base_km,
                         e.last_km - round(e.daily_km * (e.last_on - e.base_date))::int)
                         + e.interval_km - coalesce(e.last_km, e.base_km)) / e.daily_km))::int
           end as due_by_km
      from estimated e
  )
  select vehicle_id, base_kind, base_date::text, base_km, last_on::text as last_reading_on,
         last_km as last_reading_km, coalesce(reading_count, 0)::int as reading_count,
         daily_km::text, due_by_km::text, due_by_time::text,
         least(due_by_km, due_by_time)::text as due_date, service_dealer_id
    from targets`;

const fromView = sql`
  select vehicle_id, base_kind, base_date::text, base_km, last_reading_on::text, last_reading_km,
         reading_count::int, daily_km::text, due_by_km::text, due_by_time::text,
         due_date::text, service_dealer_id
    from vehicle_service_due`;

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
  }

  beforeAll(async () => {
    world = await createTestWorld();
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
