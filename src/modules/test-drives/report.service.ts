import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, customerVisible, dealerVisible } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { fieldError, ForbiddenError } from '../../lib/errors.ts';
import { addDays } from '../../lib/zoned-time.ts';
import { leadBrandVisible } from '../leads/index.ts';
import { purchaseDates } from '../vehicles/index.ts';
import { resolveDealer } from './fleet.service.ts';

export type ConversionRow = {
  dealerCode: string;
  testDrivers: number;
  buyers: number;
  share: number;
};
export type ConversionReport = ConversionRow & {
  from: string;
  to: string;
  byDealer: ConversionRow[];
};

const buyingWindowDays = 30;

const share = (buyers: number, drivers: number) =>
  drivers ? Math.round((buyers / drivers) * 1000) / 1000 : 0;

/**
 * Of the customers who came to a test drive between `from` and `to` (the dealer's local
 * dates), how many bought a car within 30 days of their first drive there (seed 003 P5: a
 * test drive usually means a purchase within a month).
 */
export async function testDriveConversion(
  db: Db,
  actor: Actor,
  query: { dealerCode?: string; from: string; to: string },
): Promise<ConversionReport> {
  if (!can(actor, 'analytics:read')) throw new ForbiddenError('You may not read analytics');
  if (query.to < query.from) throw fieldError('to', 'must not be before from');
  if (addDays(query.from, 366) < query.to) throw fieldError('to', 'at most one year');
  const dealerId = query.dealerCode ? await resolveDealer(db, actor, query.dealerCode) : null;
  const localDay = sql<string>`(b.starts_at at time zone d.timezone)::date`;
  const drivers = await db
    .selectFrom('test_drive_bookings as b')
    .innerJoin('dealers as d', 'd.id', 'b.dealer_id')
    .select(['d.code', 'b.customer_id', sql<string>`min(${localDay})::text`.as('first_day')])
    .where('b.status', '=', 'came')
    // a day's margin on each side of the UTC range covers every dealer's time zone
    .where('b.starts_at', '>=', sql<Date>`${query.from}::date - 1`)
    .where('b.starts_at', '<', sql<Date>`${query.to}::date + 2`)
    .where(localDay, '>=', query.from)
    .where(localDay, '<=', query.to)
    .where((eb) => dealerVisible(actor, eb.ref('b.dealer_id')))
    .where((eb) => customerVisible(actor, eb.ref('b.customer_id')))
    // a brand-level reader counts no drive serving another brand's lead
    .where((eb) => leadBrandVisible(actor, eb.ref('b.lead_id')))
    .$if(dealerId !== null, (qb) => qb.where('b.dealer_id', '=', dealerId!))
    .groupBy(['d.code', 'b.customer_id'])
    .execute();
  const customers = [...new Set(drivers.map((row) => row.customer_id))];
  const purchases = await purchaseDates(
    db,
    customers,
    query.from,
    addDays(query.to, buyingWindowDays),
  );
  const purchasesOf = new Map<string, string[]>();
  for (const purchase of purchases) {
    purchasesOf.set(purchase.customerId, [
      ...(purchasesOf.get(purchase.customerId) ?? []),
      purchase.date,
    ]);
  }
  const bought = (customerId: string, firstDay: string) =>
    (purchasesOf.get(customerId) ?? []).some(
      (date) => date >= firstDay && date <= addDays(firstDay, buyingWindowDays),
    );
  const perDealer = new Map<string, { drivers: number; buyers: number }>();
  const overall = new Map<string, boolean>();
  for (const row of drivers) {
    const didBuy = bought(row.customer_id, row.first_day);
    const counts = perDealer.get(row.code) ?? { drivers: 0, buyers: 0 };
    counts.drivers += 1;
    if (didBuy) counts.buyers += 1;
    perDealer.set(row.code, counts);
    overall.set(row.customer_id, (overall.get(row.customer_id) ?? false) || didBuy);
  }
  const buyers = [...overall.values()].filter(Boolean).length;
  return {
    from: query.from,
    to: query.to,
    dealerCode: query.dealerCode ?? '',
    testDrivers: overall.size,
    buyers,
    share: share(buyers, overall.size),
    byDealer: [...perDealer.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([dealerCode, counts]) => ({
        dealerCode,
        testDrivers: counts.drivers,
        buyers: counts.buyers,
        share: share(counts.buyers, counts.drivers),
      })),
  };
}
