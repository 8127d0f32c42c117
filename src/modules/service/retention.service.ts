import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../auth/index.ts';
import { can, customerVisible, dealerVisible } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { emailsJson, phonesJson } from '../customers/index.ts';
import { ForbiddenError } from '../../lib/errors.ts';

export const retentionSchema = z
  .object({
    asOf: z.string(),
    dealers: z.array(
      z.object({
        dealerCode: z.string(),
        soldVehicles: z
          .number()
          .describe('cars this dealer sold whose owner on asOf has had them over a year'),
        servicedInYear1: z.number(),
        lapsed: z.number().describe('serviced here in year 1, then stopped'),
        loyalty: z
          .array(
            z.object({
              year: z.number(),
              vehicles: z.number().describe('cars their owner has had at least this many years'),
              serviced: z.number().describe('of them, serviced here in that year'),
              share: z.number().nullable(),
            }),
          )
          .describe('years 1, 2 and 3 after purchase'),
      }),
    ),
  })
  .meta({ id: 'Retention' });

export const lapsedOwnerSchema = z
  .object({
    customer: z.object({ id: z.string(), displayName: z.string() }),
    vehicle: z.object({ id: z.string(), makeName: z.string(), modelName: z.string().nullable() }),
    dealerCode: z.string(),
    purchaseDate: z.string(),
    lastVisitDate: z.string().nullable(),
    serviceDueDate: z.string().nullable(),
    lifetimeValueMinor: z.number().describe('in the dealer’s currency only'),
    currency: z.string().describe('the dealer’s currency'),
    lifetimeValue: z
      .array(z.object({ currency: z.string(), amountMinor: z.number() }))
      .describe('one sum per currency, the dealer’s first; amounts are never converted'),
  })
  .meta({ id: 'LapsedOwner' });

export type Retention = z.output<typeof retentionSchema>;
export type LapsedOwner = z.output<typeof lapsedOwnerSchema>;

/**
 * Cars each dealer sold, each with its owner on `asOf`, his visits at that dealer by year since
 * he got the car, and whether he lapsed: serviced here in his first year, then no visit here in
 * the last 12 months or more than 3 months past the service due date (issue 4).
 * A resold car belongs to its new owner: his clock starts on the day his ownership began and only
 * visits since then count, so the first buyer drops out for that car. A car with no owner on
 * `asOf` (traded in, in stock) is nobody's to call and leaves the figures. One grouped pass.
 */
export function soldCars(
  actor: Actor,
  asOf: string,
  dealerCode: string | undefined,
): RawBuilder<unknown> {
  return sql`
    select p.id as purchase_id, p.vehicle_id, o.customer_id, p.dealer_id, p.purchase_date, o.since,
           o.first_buyer, p.price_minor, p.currency as price_currency,
           d.currency as dealer_currency,
           coalesce(sv.year1, 0) as year1, coalesce(sv.year2, 0) as year2,
           coalesce(sv.year3, 0) as year3, sv.last_visit, due.due_date,
           (coalesce(sv.year1, 0) > 0 and o.since <= ${asOf}::date - 365
             and (sv.last_visit < ${asOf}::date - 365
                  or due.due_date < ${asOf}::date - interval '3 months')) as lapsed
      from vehicle_purchases p
      join dealers d on d.id = p.dealer_id
      join lateral (
        -- the owner on asOf (the current one has no end date); the buyer's clock starts at
        -- the purchase, a later owner's when his ownership began
        select o.customer_id, o.customer_id = p.customer_id as first_buyer,
               case when o.customer_id = p.customer_id then p.purchase_date
                    else greatest(o.from_date, p.purchase_date) end as since
          from vehicle_ownerships o
         where o.vehicle_id = p.vehicle_id and o.role = 'owner'
           and o.from_date <= ${asOf}::date
           and (o.to_date is null or o.to_date >= ${asOf}::date)
         order by o.from_date desc
         limit 1
      ) o on true
      left join lateral (
        select count(*) filter (where s.visit_date < o.since + 365) as year1,
               count(*) filter (where s.visit_date >= o.since + 365
                                  and s.visit_date < o.since + 730) as year2,
               count(*) filter (where s.visit_date >= o.since + 730
                                  and s.visit_date < o.since + 1095) as year3,
               max(s.visit_date) as last_visit
          from service_visits s
         where s.vehicle_id = p.vehicle_id and s.dealer_id = p.dealer_id
           and s.visit_date >= o.since and s.visit_date <= ${asOf}::date
      ) sv on true
      left join vehicle_service_due due on due.vehicle_id = p.vehicle_id
     where p.purchase_date <= ${asOf}::date
       and ${dealerVisible(actor, sql.ref('p.dealer_id'))}
       and ${customerVisible(actor, sql.ref('o.customer_id'))}
       and (${dealerCode ?? null}::text is null or d.code = upper(${dealerCode ?? null}))`;
}

/**
 * A lateral subquery over a row `c` of `soldCars`: what its owner brought this dealer, one sum
 * per currency (never RUB plus CNY): the purchase price if he is the buyer, and his visits
 * here since he got the car. `value` lists them, the dealer's currency first; `home_minor` is
 * the dealer's-currency sum, by which the worklist sorts.
 */
export function ownerValue(asOf: string): RawBuilder<unknown> {
  return sql`
    select coalesce(jsonb_agg(jsonb_build_object('currency', m.currency, 'amountMinor', m.amount)
                              order by m.currency <> trim(c.dealer_currency), m.currency),
                    '[]'::jsonb) as value,
           coalesce(sum(m.amount) filter (where m.currency = trim(c.dealer_currency)), 0)::bigint
             as home_minor
      from (
        select trim(x.currency) as currency, sum(x.amount)::bigint as amount
          from (
            select c.price_currency as currency, c.price_minor as amount
             where c.first_buyer and c.price_minor is not null
            union all
            select s.currency, s.total_minor
              from service_visits s
             where s.vehicle_id = c.vehicle_id and s.dealer_id = c.dealer_id
               and s.visit_date >= c.since and s.visit_date <= ${asOf}::date
          ) x
         group by trim(x.currency)
      ) m`;
}

export async function retentionByDealer(
  db: Db,
  actor: Actor,
  asOf: string,
  dealerCode?: string,
): Promise<Retention> {
  if (!can(actor, 'analytics:read') && !can(actor, 'service:write')) throw new ForbiddenError();
  const result = await sql<{
    dealer_code: string;
    sold: number;
    year1: number;
    lapsed: number;
    old1: number;
    old2: number;
    old3: number;
    kept1: number;
    kept2: number;
    kept3: number;
  }>`
    with cars as (${soldCars(actor, asOf, dealerCode)})
    select d.code as dealer_code,
           (count(*) filter (where c.since <= ${asOf}::date - 365))::int as sold,
           (count(*) filter (where c.since <= ${asOf}::date - 365 and c.year1 > 0))::int as year1,
           (count(*) filter (where c.lapsed))::int as lapsed,
           (count(*) filter (where c.since <= ${asOf}::date - 365))::int as old1,
           (count(*) filter (where c.since <= ${asOf}::date - 730))::int as old2,
           (count(*) filter (where c.since <= ${asOf}::date - 1095))::int as old3,
           (count(*) filter (where c.since <= ${asOf}::date - 365 and c.year1 > 0))::int as kept1,
           (count(*) filter (where c.since <= ${asOf}::date - 730 and c.year2 > 0))::int as kept2,
           (count(*) filter (where c.since <= ${asOf}::date - 1095 and c.year3 > 0))::int as kept3
      from cars c join dealers d on d.id = c.dealer_id
     group by d.code order by d.code`.execute(db);
  const share = (kept: number, of: number) => (of ? Math.round((kept * 1000) / of) / 1000 : null);
  return {
    asOf,
    dealers: result.rows.map((row) => ({
      dealerCode: row.dealer_code,
      soldVehicles: row.sold,
      servicedInYear1: row.year1,
      lapsed: row.lapsed,
      loyalty: [
        { year: 1, vehicles: row.old1, serviced: row.kept1, share: share(row.kept1, row.old1) },
        { year: 2, vehicles: row.old2, serviced: row.kept2, share: share(row.kept2, row.old2) },
        { year: 3, vehicles: row.old3, serviced: row.kept3, share: share(row.kept3, row.old3) },
      ],
    })),
  };
}

export type LapsedFilter = { asOf: string; dealerCode?: string | undefined };

/** A row of the worklist's order (value in the dealer's currency desc, car, purchase). */
export type LapsedKey = { homeMinor: string; vehicleId: string; purchaseId: string };

export type LapsedRow = {
  purchase_id: string;
  customer_id: string;
  display_name: string;
  vehicle_id: string;
  make_name: string;
  model_name: string | null;
  dealer_code: string;
  purchase_date: string;
  last_visit: string | null;
  due_date: string | null;
  value: { currency: string; amountMinor: number | string }[];
  home_minor: number | string;
  dealer_currency: string;
  /** only when asked for (an export by someone who may take customers out of the CRM) */
  phones: { e164: string }[] | null;
  emails: { address: string }[] | null;
};

/**
 * The worklist's rows in its order, the one query behind the screen and the export: a page by
 * `offset`, or a batch after a key (keyset, so an export of a big list reads it batch by batch
 * without re-counting skipped rows). The purchase breaks ties: a car sold twice by one dealer is
 * two rows.
 */
export async function lapsedOwnerRows(
  db: Db,
  actor: Actor,
  filter: LapsedFilter,
  page: { limit: number; offset?: number; after?: LapsedKey; contacts?: boolean },
): Promise<LapsedRow[]> {
  if (!can(actor, 'customers:read')) throw new ForbiddenError();
  const after = page.after;
  const result = await sql<LapsedRow>`
    with cars as (${soldCars(actor, filter.asOf, filter.dealerCode)})
    select c.purchase_id, c.customer_id, cu.display_name, c.vehicle_id, v.make_name,
           v.model_name, d.code as dealer_code, c.purchase_date, c.last_visit, c.due_date,
           val.value, val.home_minor, c.dealer_currency,
           ${page.contacts ? phonesJson(sql.ref('c.customer_id')) : sql`null`} as phones,
           ${page.contacts ? emailsJson(sql.ref('c.customer_id')) : sql`null`} as emails
      from cars c
      join customers cu on cu.id = c.customer_id
      join vehicles v on v.id = c.vehicle_id
      join dealers d on d.id = c.dealer_id
      cross join lateral (${ownerValue(filter.asOf)}) val
     where c.lapsed
       ${
         after
           ? sql`and (val.home_minor < ${after.homeMinor}::bigint
                      or (val.home_minor = ${after.homeMinor}::bigint
                          and (c.vehicle_id, c.purchase_id)
                              > (${after.vehicleId}::uuid, ${after.purchaseId}::uuid)))`
           : sql``
       }
     order by val.home_minor desc, c.vehicle_id, c.purchase_id
     limit ${page.limit} offset ${page.offset ?? 0}`.execute(db);
  return result.rows;
}

/** Where the batch after this row starts. */
export function lapsedKey(row: LapsedRow): LapsedKey {
  return {
    homeMinor: String(row.home_minor),
    vehicleId: row.vehicle_id,
    purchaseId: row.purchase_id,
  };
}

export function lapsedOwnerItem(row: LapsedRow): LapsedOwner {
  return {
    customer: { id: row.customer_id, displayName: row.display_name },
    vehicle: { id: row.vehicle_id, makeName: row.make_name, modelName: row.model_name },
    dealerCode: row.dealer_code,
    purchaseDate: row.purchase_date,
    lastVisitDate: row.last_visit,
    serviceDueDate: row.due_date,
    lifetimeValueMinor: Number(row.home_minor),
    currency: row.dealer_currency.trim(),
    lifetimeValue: row.value.map((line) => ({
      currency: line.currency,
      amountMinor: Number(line.amountMinor),
    })),
  };
}

/** The call centre's worklist: lapsed owners, the most valuable (in the dealer's currency) first. */
export async function lapsedOwners(
  db: Db,
  actor: Actor,
  query: LapsedFilter & { limit: number; offset: number },
): Promise<{ items: LapsedOwner[]; total: number }> {
  const rows = await lapsedOwnerRows(db, actor, query, query);
  return { total: await lapsedTotal(db, actor, query), items: rows.map(lapsedOwnerItem) };
}

/** The worklist's rows counted, so the pager knows the last page (and an empty page has one). */
export async function lapsedTotal(db: Db, actor: Actor, filter: LapsedFilter): Promise<number> {
  const count = await sql<{ total: number }>`
    with cars as (${soldCars(actor, filter.asOf, filter.dealerCode)})
    select count(*)::int as total from cars c where c.lapsed`.execute(db);
  return count.rows[0]?.total ?? 0;
}
