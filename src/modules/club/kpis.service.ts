import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import { clubVisible, memberVisible } from './club-scope.ts';
import { addMonths, today } from './dates.ts';
import { isDormant } from './dormancy.ts';

/** The club KPIs of seed 002, set by the importer for every dealer's club. */
export const clubTargets = { dormantShareMax: 0.2, repurchaseRateMin: 0.2 } as const;
export const repurchaseYears = 5;

export type ClubKpiRow = {
  clubId: string;
  clubCode: string;
  /** null: the whole club (within the actor's scope) */
  dealerCode: string | null;
  members: number;
  dormant: number;
  dormantShare: number | null;
  repurchasers: number;
  repurchaseRate: number | null;
};

/** The purchase `p` is of the club `c`'s brand (a group-wide club takes every brand). */
function ofClubBrand(purchase: string, club: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${club}.brand_id`)} is null or exists (
    select 1 from vehicles bv join catalog_makes bk on bk.id = bv.make_id
     where bv.id = ${sql.ref(`${purchase}.vehicle_id`)} and bk.brand_id = ${sql.ref(`${club}.brand_id`)}))`;
}

/** The first day after which a purchase counts towards the repurchase rate on `asOf`. */
export function repurchaseWindowStart(asOf: string): string {
  return addMonths(asOf, -12 * repurchaseYears);
}

/**
 * The purchase `p2` of the member's was preceded by another of the club's brand no more than
 * five years before it (ties on the day in id order): a repurchase, whatever day it is judged on.
 */
function followsPurchaseWithin5Years(customer: RawBuilder<unknown>, clubAlias: string) {
  return sql<boolean>`exists (
         select 1 from vehicle_purchases p1
          where p1.customer_id = ${customer}
            and (p1.purchase_date < p2.purchase_date
                 or (p1.purchase_date = p2.purchase_date and p1.id < p2.id))
            and p1.purchase_date >= (p2.purchase_date - make_interval(years => ${repurchaseYears}))::date
            and ${ofClubBrand('p1', clubAlias)})`;
}

/**
 * Seed 002's "repurchase within five years": the member bought a car of the club's brand in the
 * five years up to `asOf`, and had bought one of the brand no more than five years before it.
 */
export function repurchasedWithin5Years(memberAlias: string, clubAlias: string, asOf: string) {
  const customer = sql.ref(`${memberAlias}.customer_id`);
  return sql<boolean>`exists (
    select 1 from vehicle_purchases p2
     where p2.customer_id = ${customer}
       and p2.purchase_date > ${repurchaseWindowStart(asOf)}::date and p2.purchase_date <= ${asOf}::date
       and ${ofClubBrand('p2', clubAlias)}
       and ${followsPurchaseWithin5Years(customer, clubAlias)})`;
}

/**
 * The days of the member's repurchases of the club's brand (as repurchasedWithin5Years counts
 * them) as a date array, for analytics to keep: the member repurchased within five years of
 * `asOf` when one of these days lies in (repurchaseWindowStart(asOf), asOf].
 */
export function repurchaseDays(memberAlias: string, clubAlias: string): RawBuilder<string[]> {
  const customer = sql.ref(`${memberAlias}.customer_id`);
  return sql<string[]>`array(
    select p2.purchase_date from vehicle_purchases p2
     where p2.customer_id = ${customer}
       and ${ofClubBrand('p2', clubAlias)}
       and ${followsPurchaseWithin5Years(customer, clubAlias)}
     order by p2.purchase_date)`;
}

/**
 * repurchasedWithin5Years over days kept from repurchaseDays: one of them lies in the five years
 * up to `asOf`.
 */
export function repurchasedWithin5YearsOn(days: RawBuilder<unknown>, asOf: string) {
  return sql<boolean>`exists (select 1 from unnest(${days}) as r(day)
    where r.day > ${repurchaseWindowStart(asOf)}::date and r.day <= ${asOf}::date)`;
}

/**
 * How clubKpis judges each active member `m` of club `c` on `asOf`: by default live from the
 * club's data. Analytics judges by its kept per-member rows (analytics_club_member_activity,
 * joined by `join`), with these rules over the kept columns.
 */
export type ClubKpiTests = (asOf: string) => {
  /**
   * The members' table as `m` (default club_members): kept rows with the columns the query
   * selects, groups and scopes by (club_id, customer_id, home_dealer_id, status, joined_on).
   */
  from?: RawBuilder<unknown>;
  /** SQL joined after the members, clubs and dealers (e.g. a left join of kept rows) */
  join?: RawBuilder<unknown>;
  dormant: RawBuilder<boolean>;
  repurchased: RawBuilder<boolean>;
  /** SQL on `m` limiting the members judged (e.g. those changed since the kept rows' refresh) */
  members?: RawBuilder<boolean>;
};

/** The club's own tests, live from its data (analytics judges its changed members by them). */
export const liveClubKpiTests: ClubKpiTests = (asOf) => ({
  dormant: isDormant('m', asOf),
  repurchased: repurchasedWithin5Years('m', 'c', asOf),
});

/**
 * Dormant share and 5-year repurchase rate of active members, per club and per home dealer,
 * over the members the actor may see. One set-based pass (grouping sets).
 */
export async function clubKpis(
  db: Db,
  actor: Actor,
  query: { clubId?: string | undefined; asOf?: string | undefined },
  tests: ClubKpiTests = liveClubKpiTests,
): Promise<{ asOf: string; items: ClubKpiRow[] }> {
  if (!can(actor, 'club:read')) throw new ForbiddenError();
  const asOf = query.asOf ?? today();
  const clubFilter = query.clubId ? sql`and c.id = ${query.clubId}` : sql``;
  const { from, join, dormant, repurchased, members } = tests(asOf);
  const result = await sql<{
    club_id: string;
    club_code: string;
    dealer_code: string | null;
    members: string;
    dormant: string;
    repurchasers: string;
  }>`
    select c.id as club_id, c.code as club_code, d.code as dealer_code,
           count(*) as members,
           count(*) filter (where ${dormant}) as dormant,
           count(*) filter (where ${repurchased}) as repurchasers
      from ${from ?? sql`club_members m`}
      join clubs c on c.id = m.club_id
      join dealers d on d.id = m.home_dealer_id
      ${join ?? sql``}
     where m.status = 'active' and m.joined_on <= ${asOf}::date
       and ${clubVisible(actor, 'c')} and ${memberVisible(actor, 'm')} ${clubFilter}
       and ${members ?? sql`true`}
     group by grouping sets ((c.id, c.code), (c.id, c.code, d.code))
     order by c.code, d.code nulls first`.execute(db);
  return {
    asOf,
    items: result.rows.map((row) => {
      const members = Number(row.members);
      const dormant = Number(row.dormant);
      const repurchasers = Number(row.repurchasers);
      return {
        clubId: row.club_id,
        clubCode: row.club_code,
        dealerCode: row.dealer_code,
        members,
        dormant,
        dormantShare: members ? dormant / members : null,
        repurchasers,
        repurchaseRate: members ? repurchasers / members : null,
      };
    }),
  };
}

export type ClubMemberFilter = {
  /** one club; absent: any club */
  clubId?: string;
  /** tier codes, any of them */
  tiers?: readonly string[];
  /** segment tags (`hobby:golf`), all of them */
  tags?: readonly string[];
  /** true: dormant members only; false: awake members only */
  dormant?: boolean;
  /** at least this many points available */
  minBalance?: number;
  /** the day dormancy is judged on (default today) */
  asOf?: string;
};

/**
 * For other modules (the marketing segment compiler): a parameterised SQL condition that the
 * customer is an active club member matching the filter. Every value is bound as a parameter;
 * nothing is spliced into the SQL text. The caller applies its own data scope to customers.
 *
 *   db.selectFrom('customers as c').where((eb) =>
 *     clubMemberCondition(eb.ref('c.id'), { tiers: ['premium'], dormant: true }))
 */
export function clubMemberCondition(
  customerId: Expression<unknown>,
  filter: ClubMemberFilter = {},
): RawBuilder<boolean> {
  const parts = [sql`cm.customer_id = ${customerId}`, sql`cm.status = 'active'`];
  if (filter.clubId) parts.push(sql`cm.club_id = ${filter.clubId}`);
  if (filter.tiers?.length)
    parts.push(sql`exists (select 1 from club_tiers ct where ct.id = cm.tier_id
                             and ct.code = any(${[...filter.tiers]}::text[]))`);
  if (filter.tags?.length) parts.push(sql`cm.tags @> ${[...filter.tags]}::text[]`);
  if (filter.dormant !== undefined) {
    const dormant = isDormant('cm', filter.asOf ?? today());
    parts.push(filter.dormant ? dormant : sql`not ${dormant}`);
  }
  if (filter.minBalance !== undefined)
    parts.push(sql`exists (select 1 from club_point_balances cb where cb.member_id = cm.id
                             and cb.balance >= ${filter.minBalance})`);
  return sql<boolean>`exists (select 1 from club_members cm where ${sql.join(parts, sql` and `)})`;
}
