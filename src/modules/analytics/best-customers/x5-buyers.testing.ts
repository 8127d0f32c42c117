import { sql } from 'kysely';
import { systemActor, withActor } from '../../../auth/index.ts';
import type { TestWorld } from '../../../testing/test-world.ts';

/**
 * 400 people, a quarter of them with the X5 buyer's profile: born 1988, high income, golf and
 * skiing, an Audi from 2015. Half of those bought an X5 in the year to June 2025 and a third of
 * the rest in the year after; only a few of the others did. People with g % 3 = 1 are dealer
 * B's, the rest dealer A's.
 */
export const isProfile = (g: number) => g % 4 === 0;
export const trainBuyer = (g: number) => (isProfile(g) ? g % 8 === 0 : g % 37 === 1);
export const holdoutBuyer = (g: number) =>
  isProfile(g) ? g % 8 === 4 && g % 3 !== 0 : g % 41 === 2;
export const dealerOf = (g: number): 'A' | 'B' => (g % 3 === 1 ? 'B' : 'A');
// every car here was inserted with its owner
const ownedCars = (rows: { id: string; customer_id: string | null }[]) =>
  rows.map((row) => ({ id: row.id, customer_id: row.customer_id ?? '' }));

/** The people above, their cars and the X5 purchases; their ids with each one's g. */
export async function seedX5Buyers(world: TestWorld): Promise<Map<string, number>> {
  const people = new Map<string, number>();
  const db = world.database.db;
  await withActor(db, systemActor('test'), async (tx) => {
    const created = await sql<{ id: string; g: number }>`
      insert into customers (kind, last_name, display_name, sort_key, birth_date, income_band,
                             interests, gender)
      select 'person', 'Bc' || g, 'Bc' || g, 'bc' || lpad(g::text, 4, '0'),
             case when g % 4 = 0 then date '1988-03-01'
                  when g % 2 = 1 then date '1965-05-01' else date '1999-05-01' end,
             case when g % 4 = 0 then 'high'
                  else (array['low', 'middle', 'lower_middle'])[g % 3 + 1] end,
             case when g % 4 = 0 then array['golf', 'ski']
                  when g % 5 = 0 then array['fishing'] else '{}'::text[] end,
             case when g % 2 = 0 then 'male' else 'female' end
        from generate_series(1, 400) g
      returning id, substring(sort_key from 3)::int as g`.execute(tx);
    for (const row of created.rows) people.set(row.id, row.g);
    const rows = created.rows;
    await tx
      .insertInto('customer_dealers')
      .values(
        rows.map((row) => ({
          customer_id: row.id,
          dealer_id: world.dealers[dealerOf(row.g)].id,
        })),
      )
      .execute();
    const oldCars = await tx
      .insertInto('vehicles')
      .values(
        rows.map((row) => ({
          customer_id: row.id,
          make_name: isProfile(row.g) ? 'Audi' : 'Lada',
          model_year: isProfile(row.g) ? 2015 : 2022,
        })),
      )
      .returning(['id', 'customer_id'])
      .execute()
      .then(ownedCars);
    await tx
      .insertInto('vehicle_ownerships')
      .values(
        oldCars.map((car) => ({
          vehicle_id: car.id,
          customer_id: car.customer_id,
          from_date: isProfile(people.get(car.customer_id) ?? 0) ? '2015-04-01' : '2022-03-01',
        })),
      )
      .execute();
    const buyers = rows
      .filter((row) => trainBuyer(row.g) || holdoutBuyer(row.g))
      .map((row) => ({ ...row, date: trainBuyer(row.g) ? '2024-10-15' : '2025-10-15' }));
    const newCars = await tx
      .insertInto('vehicles')
      .values(
        buyers.map((buyer) => ({
          customer_id: buyer.id,
          make_name: 'Bmw',
          series: 'X5',
          model_year: 2025,
        })),
      )
      .returning(['id', 'customer_id'])
      .execute()
      .then(ownedCars);
    const dateOf = new Map(buyers.map((buyer) => [buyer.id, buyer]));
    await tx
      .insertInto('vehicle_ownerships')
      .values(
        newCars.map((car) => ({
          vehicle_id: car.id,
          customer_id: car.customer_id,
          from_date: dateOf.get(car.customer_id)?.date ?? '',
        })),
      )
      .execute();
    await tx
      .insertInto('vehicle_purchases')
      .values(
        newCars.map((car) => {
          const buyer = dateOf.get(car.customer_id);
          return {
            vehicle_id: car.id,
            customer_id: car.customer_id,
            dealer_id: world.dealers[dealerOf(buyer?.g ?? 0)].id,
            purchase_date: buyer?.date ?? '',
            currency: 'RUB',
          };
        }),
      )
      .execute();
  });
  return people;
}
