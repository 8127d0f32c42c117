import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { apiAs, type TestWorld } from '../../testing/test-world.ts';
import { addMonths, today } from './dates.ts';

/** Test helpers: a club for brand X, a make of brand X, customers with cars and history. */
export async function setUpClubX(world: TestWorld, rules: Record<string, unknown> = {}) {
  const club = await apiAs(world, 'admin').post('/api/club/clubs', {
    code: 'XCLUB',
    name: 'Xcar Owners Club',
    brandCode: 'X',
    currency: 'RUB',
    earnFrom: '2015-01-01',
    ...rules,
  });
  if (club.status !== 201) throw new Error(`club: ${club.text}`);
  const db = world.database.db;
  const make = await sql<{ id: string }>`
    insert into catalog_makes (name, brand_id)
    select 'Xcar', id from brands where code = 'X' returning id`.execute(db);
  const other = await sql<{ id: string }>`
    insert into catalog_makes (name, brand_id)
    select 'Ycar', id from brands where code = 'Y' returning id`.execute(db);
  return { clubId: club.body.id as string, makeX: make.rows[0]!.id, makeY: other.rows[0]!.id };
}

/** A customer of the dealer (created through the API by its manager). */
export async function newCustomer(
  world: TestWorld,
  dealer: 'A' | 'B' | 'C',
  lastName: string,
): Promise<string> {
  const user = dealer === 'A' ? 'managerA' : dealer === 'B' ? 'managerB' : 'managerC';
  const created = await apiAs(world, user).post('/api/customers', {
    kind: 'person',
    lastName,
    dealerCode: dealer,
  });
  if (created.status !== 201) throw new Error(`customer: ${created.text}`);
  return created.body.id as string;
}

export async function enrol(
  world: TestWorld,
  clubId: string,
  customerId: string,
  body: Record<string, unknown> = {},
): Promise<{ id: string; memberNumber: string }> {
  const member = await apiAs(world, 'admin').post(`/api/club/clubs/${clubId}/members`, {
    customerId,
    ...body,
  });
  if (member.status !== 201) throw new Error(`enrol: ${member.text}`);
  return member.body;
}

export async function addVehicle(db: Db, customerId: string, makeId: string): Promise<string> {
  const row = await sql<{ id: string }>`
    insert into vehicles (customer_id, make_id, make_name, model_name)
    values (${customerId}, ${makeId}, 'Xcar', 'X5') returning id`.execute(db);
  return row.rows[0]!.id;
}

export async function addPurchase(
  db: Db,
  input: {
    customerId: string;
    vehicleId: string;
    dealerId: string;
    date: string;
    priceMinor: number;
  },
): Promise<string> {
  const row = await sql<{ id: string }>`
    insert into vehicle_purchases (vehicle_id, customer_id, dealer_id, purchase_date, price_minor,
                                   currency)
    values (${input.vehicleId}, ${input.customerId}, ${input.dealerId}, ${input.date},
            ${input.priceMinor}, 'RUB') returning id`.execute(db);
  return row.rows[0]!.id;
}

export async function addVisit(
  db: Db,
  input: {
    customerId: string;
    vehicleId: string;
    dealerId: string;
    date: string;
    totalMinor: number;
    paidBy?: 'customer' | 'warranty';
  },
): Promise<string> {
  const row = await sql<{ id: string }>`
    insert into service_visits (customer_id, vehicle_id, dealer_id, visit_date, visit_type,
                                paid_by, total_minor, currency)
    values (${input.customerId}, ${input.vehicleId}, ${input.dealerId}, ${input.date},
            'maintenance', ${input.paidBy ?? 'customer'}, ${input.totalMinor}, 'RUB')
    returning id`.execute(db);
  return row.rows[0]!.id;
}

/** A date `months` months before today. */
export function monthsAgo(months: number): string {
  return addMonths(today(), -months);
}
