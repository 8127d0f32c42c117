import { sql, type ExpressionBuilder, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { customerVisible, singleDealerScopeLinks } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { Schema } from '../../db/schema.ts';
import {
  classifySearch,
  consentGranted,
  customerIn,
  emailIds,
  nameIds,
  nameMatch,
  phoneIds,
  taxIdIds,
  type ContactChannel,
  type CustomerCategory,
  type CustomerKind,
  type Gender,
  type Language,
  type LifecycleStage,
} from '../customers/index.ts';
import { findDealerByCode } from '../org/index.ts';
import { vehicleCodeIds } from '../vehicles/index.ts';
import { emailOrderedPage, walkableLocalPart } from './email-ordered-page.ts';
import { nameOrderedPage, walkableNameRanges } from './name-ordered-page.ts';
import type { OtherFilters } from './walked-rows.ts';

export const customerSorts = [
  'name',
  '-name',
  'created',
  '-created',
  'updated',
  '-updated',
] as const;
export type CustomerSort = (typeof customerSorts)[number];

export type CustomerListQuery = {
  search?: string;
  kind?: CustomerKind;
  stage?: LifecycleStage;
  dealerCode?: string;
  assigned?: 'me' | 'nobody';
  category?: CustomerCategory;
  interest?: string;
  gender?: Gender;
  language?: Language;
  consent?: ContactChannel;
  sort?: CustomerSort;
  limit: number;
  offset: number;
};

export type CustomerListItem = {
  id: string;
  kind: CustomerKind;
  displayName: string;
  lifecycleStage: LifecycleStage;
  phone: string | null;
  email: string | null;
  city: string | null;
  dealerCodes: string[];
  assignedTo: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
};

type Customers = SelectQueryBuilder<Schema & { c: Schema['customers'] }, 'c', object>;
type CustomerExpressions = ExpressionBuilder<Schema & { c: Schema['customers'] }, 'c'>;

/** The search box: one condition over the customer row, answered from indexes. */
function searchCondition(
  eb: CustomerExpressions,
  text: string,
  country: string,
): RawBuilder<boolean> | undefined {
  const term = classifySearch(text, country);
  if (!term) return undefined;
  const id = eb.ref('c.id');
  switch (term.kind) {
    case 'email':
      return customerIn(id, [emailIds(term.prefix)]);
    case 'phone': {
      // six to eight digits are as often the tail of a VIN (its serial number) as of a phone
      const vinTail =
        term.digits.length >= 6 && term.digits.length <= 8 ? [vehicleCodeIds(term.digits)] : [];
      return customerIn(id, [phoneIds(term.e164, term.digits), taxIdIds(term.digits), ...vinTail]);
    }
    case 'code': {
      const byName = nameIds([term.value]);
      return customerIn(id, [vehicleCodeIds(term.value), ...(byName ? [byName] : [])]);
    }
    case 'name': {
      const parts: RawBuilder<boolean>[] = [];
      const byName = nameMatch(eb.ref('c.search_vector'), term.words);
      if (byName) parts.push(byName);
      for (const digits of term.digitWords) parts.push(customerIn(id, [phoneIds(null, digits)]));
      return parts.length ? sql<boolean>`(${sql.join(parts, sql` and `)})` : undefined;
    }
  }
}

/**
 * The filtered customer set, already limited to the actor's scope. Used by the list, its
 * count and the CSV export, so all three always agree.
 */
export async function filteredCustomers(
  db: Db,
  actor: Actor,
  query: Omit<CustomerListQuery, 'limit' | 'offset' | 'sort'>,
  country: string,
): Promise<Customers | undefined> {
  let customers: Customers = db
    .selectFrom('customers as c')
    .where((eb) => customerVisible(actor, eb.ref('c.id')))
    .where('c.merged_into', 'is', null);
  if (query.search) {
    const condition = (eb: CustomerExpressions) =>
      searchCondition(eb, query.search!, country) ?? sql<boolean>`true`;
    customers = customers.where(condition);
  }
  if (query.kind) customers = customers.where('c.kind', '=', query.kind);
  if (query.stage) customers = customers.where('c.lifecycle_stage', '=', query.stage);
  if (query.gender) customers = customers.where('c.gender', '=', query.gender);
  if (query.language) customers = customers.where('c.preferred_language', '=', query.language);
  if (query.category)
    customers = customers.where(sql<boolean>`c.categories @> array[${query.category}]::text[]`);
  if (query.interest)
    customers = customers.where(
      sql<boolean>`c.interests @> array[${query.interest.toLowerCase()}]::text[]`,
    );
  if (query.consent)
    customers = customers.where((eb) => consentGranted(eb.ref('c.id'), query.consent!));
  if (query.dealerCode || query.assigned) {
    let dealerId: string | undefined;
    if (query.dealerCode) {
      const dealer = await findDealerByCode(db, query.dealerCode);
      if (!dealer) return undefined;
      dealerId = dealer.id;
    }
    const assigned =
      query.assigned === 'me'
        ? sql`and l.assigned_user_id = ${actor.userId}`
        : query.assigned === 'nobody'
          ? sql`and l.assigned_user_id is null`
          : sql``;
    const dealer = dealerId ? sql`and l.dealer_id = ${dealerId}` : sql``;
    customers = customers.where(
      sql<boolean>`exists (select 1 from customer_dealers l where l.customer_id = c.id ${dealer} ${assigned})`,
    );
  }
  return customers;
}

const orderings: Record<CustomerSort, [column: string, direction: 'asc' | 'desc']> = {
  name: ['sort_key', 'asc'],
  '-name': ['sort_key', 'desc'],
  created: ['created_at', 'asc'],
  '-created': ['created_at', 'desc'],
  updated: ['updated_at', 'asc'],
  '-updated': ['updated_at', 'desc'],
};

/**
 * How the page is ordered. When the matches are few or come from a search, the column is
 * wrapped in an expression so that PostgreSQL finds the matches first (search index, scope)
 * and sorts them, instead of walking the sort index and filtering: that walk is fast only when
 * matches are dense and spread over the sort order, and otherwise reads most of the table.
 */
function pageOrder(sort: CustomerSort, filterFirst: boolean) {
  const [column, direction] = orderings[sort];
  const key = sql.ref(`c.${column}`);
  const expression = !filterFirst
    ? key
    : column === 'sort_key'
      ? sql`(${key} || '')`
      : sql`(${key} + interval '0 seconds')`;
  return { expression, direction };
}

/**
 * Counts are exact up to this many matches. Beyond it the total is PostgreSQL's estimate
 * (`totalExact: false`): counting a million rows on every page would cost more than the
 * page itself, and nobody pages through ten thousand customers.
 */
export const exactCountLimit = 10_000;

/**
 * A search is counted only up to a lower limit, and beyond it the answer says "more than
 * 1,000" (`totalCapped: true`, total 1,000) rather than a number: whoever types "王" or "Ivan"
 * needs to know that there are too many to look through, not the exact 23,000, and counting
 * them read 10,000 rows of the table on every keystroke (a third of a broad search's cost at 1M).
 */
export const searchExactCountLimit = 1_000;

type Filters = Omit<CustomerListQuery, 'limit' | 'offset' | 'sort'>;

function filtersGiven(query: Filters): boolean {
  return Object.values(query).some((value) => value !== undefined && value !== '');
}

type Count = { total: number; exact: boolean; capped: boolean };

async function countMatches(
  db: Db,
  customers: Customers,
  countable: RawBuilder<unknown> | undefined,
  limit: number,
  beyondLimit: 'estimate' | 'cap',
): Promise<Count> {
  // Unfiltered, a one-dealer scope is counted on its own index range (scope.ts says why).
  const capped = countable
    ? sql`${countable} limit ${limit + 1}`
    : customers.select(sql<number>`1`.as('one')).limit(limit + 1);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${capped}) t`.execute(
    db,
  );
  const n = rows[0]?.n ?? 0;
  if (n <= limit) return { total: n, exact: true, capped: false };
  if (beyondLimit === 'cap') return { total: limit, exact: false, capped: true };
  const estimate = (await plannerEstimate(db, customers)) ?? n;
  return { total: Math.max(estimate, limit + 1), exact: false, capped: false };
}

/** The number of rows PostgreSQL expects the query to give (its plan, nothing executed). */
async function plannerEstimate(db: Db, customers: Customers): Promise<number | undefined> {
  const compiled = customers.select(sql<number>`1`.as('one')).compile();
  const plan = await db.executeQuery<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>({
    ...compiled,
    sql: `explain (format json) ${compiled.sql}`,
  });
  const rows = plan.rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'];
  return rows === undefined ? undefined : Math.round(rows);
}

/**
 * The whole base in the group's scope, unfiltered: the page everyone with that scope opens
 * first. Its estimate is the table's own row count (kept by ANALYZE, off by a few per cent),
 * so when it is far above the exact limit the list says "≈ N" without counting 10,001 rows
 * first, which cost more than the page itself (20 ms of CPU at 1.14M customers).
 */
async function countWholeBase(db: Db, customers: Customers): Promise<Count> {
  const estimate = await plannerEstimate(db, customers);
  if (estimate !== undefined && estimate > 2 * exactCountLimit) {
    return { total: estimate, exact: false, capped: false };
  }
  return countMatches(db, customers, undefined, exactCountLimit, 'estimate');
}

export function listColumns(customers: Customers, actor: Actor) {
  return customers.select([
    'c.id',
    'c.kind',
    'c.display_name',
    'c.lifecycle_stage',
    'c.created_at',
    'c.updated_at',
    sql<string | null>`(select p.e164 from customer_phones p where p.customer_id = c.id
                         order by p.is_primary desc, p.created_at limit 1)`.as('phone'),
    sql<string | null>`(select e.address from customer_emails e where e.customer_id = c.id
                         order by e.is_primary desc, e.created_at limit 1)`.as('email'),
    sql<string | null>`(select a.city from customer_addresses a where a.customer_id = c.id
                         order by a.is_primary desc, a.created_at limit 1)`.as('city'),
    sql<string[]>`array(select d.code from customer_dealers l join dealers d on d.id = l.dealer_id
                         where l.customer_id = c.id order by l.first_at)`.as('dealer_codes'),
    // the consultant who works the customer at one of the actor's dealers
    sql<{
      id: string;
      name: string;
    } | null>`(select jsonb_build_object('id', u.id, 'name', u.display_name)
        from customer_dealers l join users u on u.id = l.assigned_user_id
        where l.customer_id = c.id
          ${actor.scope.level === 'group' ? sql`` : sql`and l.dealer_id = any(${[...actor.scope.dealerIds]}::uuid[])`}
        order by l.last_at desc limit 1)`.as('assigned_to'),
  ]);
}

export type CustomerListPage = {
  items: CustomerListItem[];
  total: number;
  totalExact: boolean;
  totalCapped: boolean;
};

export async function listCustomers(
  db: Db,
  actor: Actor,
  query: CustomerListQuery,
  country: string,
): Promise<CustomerListPage> {
  const { limit: _limit, offset: _offset, sort: _sort, ...filters } = query;
  const walk = await nameOrderedWalk(db, actor, query, country);
  if (walk) {
    const others = { ...filters, search: undefined };
    const customers = filtersGiven(others)
      ? await filteredCustomers(db, actor, others, country)
      : 'none';
    if (!customers) return { items: [], total: 0, totalExact: true, totalCapped: false };
    const found = await walk(customers);
    const items = await pageItems(db, actor, found.ids);
    return { items, total: found.total, totalExact: found.exact, totalCapped: !found.exact };
  }
  const customers = await filteredCustomers(db, actor, query, country);
  if (!customers) return { items: [], total: 0, totalExact: true, totalCapped: false };
  const countable = filtersGiven(filters) ? undefined : singleDealerScopeLinks(actor.scope);
  const searching = Boolean(query.search?.trim());
  const count = searching
    ? await countMatches(db, customers, countable, searchExactCountLimit, 'cap')
    : actor.scope.level === 'group' && !filtersGiven(filters)
      ? await countWholeBase(db, customers)
      : await countMatches(db, customers, countable, exactCountLimit, 'estimate');
  // A search always finds its matches first and sorts them: a name search's matches cluster
  // in name order (Wang sorts near the end), so walking the sort index and testing each row
  // read most of the table for them (3.4 s for 王 at 1M customers).
  const order = pageOrder(query.sort ?? 'name', count.exact || searching);
  // First the ids of the page, then their columns: the per-row subqueries (phone, e-mail,
  // dealers ...) then run for the page only, not for every match the sort has to look at.
  const page = await customers
    .select('c.id')
    .orderBy(order.expression, order.direction)
    .orderBy('c.id', order.direction)
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  const items = await pageItems(
    db,
    actor,
    page.map((row) => row.id),
  );
  return { items, total: count.total, totalExact: count.exact, totalCapped: count.capped };
}

type WalkedPage = (
  customers: OtherFilters,
) => Promise<{ ids: string[]; total: number; exact: boolean }>;

/**
 * A search sorted by name whose matches are walked in name order from a derived table, the
 * other filters applied on each row walked: a one-word name search (name-ordered-page.ts) or a
 * bare e-mail local part (email-ordered-page.ts). Undefined for other searches and sorts.
 */
async function nameOrderedWalk(
  db: Db,
  actor: Actor,
  query: CustomerListQuery,
  country: string,
): Promise<WalkedPage | undefined> {
  if (query.sort && query.sort !== 'name' && query.sort !== '-name') return undefined;
  const term = query.search === undefined ? undefined : classifySearch(query.search, country);
  if (!term) return undefined;
  const localPart = walkableLocalPart(term);
  if (localPart !== undefined) {
    return (customers) =>
      emailOrderedPage(db, actor, customers, localPart, query, searchExactCountLimit);
  }
  const ranges = await walkableNameRanges(db, term);
  if (!ranges) return undefined;
  return (customers) => nameOrderedPage(db, actor, customers, ranges, query, searchExactCountLimit);
}

/** The list columns of the page's customers, in the page's order. */
async function pageItems(db: Db, actor: Actor, ids: string[]): Promise<CustomerListItem[]> {
  const details = ids.length
    ? await listColumns(db.selectFrom('customers as c').where('c.id', 'in', ids), actor).execute()
    : [];
  const byId = new Map(details.map((row) => [row.id, row]));
  const rows = ids.map((id) => byId.get(id)!).filter(Boolean);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    displayName: row.display_name,
    lifecycleStage: row.lifecycle_stage,
    phone: row.phone,
    email: row.email,
    city: row.city,
    dealerCodes: row.dealer_codes,
    assignedTo: row.assigned_to,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }));
}
