import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/** The backfill of migration 0269, run again on cars added without a brand. */
function backfillStatement(): string {
  const migration = readFileSync(
    new URL('./migrations/0269_test_drive_vehicle_brand.sql', import.meta.url),
    'utf8',
  );
  return migration.slice(migration.indexOf('update test_drive_vehicles'));
}

/**
 * Demo cars from before cars carried a brand get one from what they tell: the brand in the
 * model text, a catalogue model, the VIN's registered vehicle, or the dealer's only brand;
 * always a brand the dealer sells, and none when nothing tells it (the old judgement stays).
 * World: dealer A sells Xcar, B Xcar and Ycar, C Ycar.
 */
describe('migration 0269 gives the demo fleet its brands', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    world = await createTestWorld();
    const db = world.database.db;
    const brands = await db.selectFrom('brands').select(['id', 'code']).execute();
    const brand = (code: string) => brands.find((b) => b.code === code)!.id;
    const make = await db
      .insertInto('catalog_makes')
      .values({ name: 'Xcar', brand_id: brand('X') })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('catalog_models').values({ make_id: make.id, name: 'Tugella' }).execute();
    await db
      .insertInto('vehicles')
      .values({ vin: 'XW8AN2NE3JH000033', make_id: make.id, make_name: 'Xcar' })
      .execute();
    const cars = {
      namedBrand: ['B', 'Ycar Y3', 'XW8AN2NE3JH000031'],
      catalogueModel: ['B', 'Tugella', 'XW8AN2NE3JH000032'],
      registeredVin: ['B', 'Demo', 'XW8AN2NE3JH000033'],
      soleBrand: ['A', 'Demo', 'XW8AN2NE3JH000034'],
      unknown: ['B', 'Demo', 'XW8AN2NE3JH000035'],
      brandNotSold: ['C', 'Xcar X5', 'XW8AN2NE3JH000036'],
    } as const;
    for (const [name, [dealer, model, vin]] of Object.entries(cars)) {
      const row = await db
        .insertInto('test_drive_vehicles')
        .values({ dealer_id: world.dealers[dealer].id, model, vin })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids[name] = row.id;
    }
    await world.database.pool.query(backfillStatement());
  });
  afterAll(async () => world?.close());

  it('takes each car’s brand from the first clue that tells it, among the dealer’s brands', async () => {
    const rows = await world.database.db
      .selectFrom('test_drive_vehicles as v')
      .leftJoin('brands as b', 'b.id', 'v.brand_id')
      .select(['v.id', 'b.code'])
      .execute();
    const brandOf = (name: string) => rows.find((row) => row.id === ids[name])?.code ?? null;
    expect(brandOf('namedBrand')).toBe('Y');
    expect(brandOf('catalogueModel')).toBe('X');
    expect(brandOf('registeredVin')).toBe('X');
    expect(brandOf('soleBrand')).toBe('X');
    expect(brandOf('unknown')).toBeNull();
    // C sells no Xcar: the name cannot make it one, its only brand does
    expect(brandOf('brandNotSold')).toBe('Y');
  });
});
