import { sql, type RawBuilder } from 'kysely';
import { clubMemberCondition } from '../club/index.ts';
import { churnRiskCondition } from '../analytics/index.ts';
import type {
  CampaignResponse,
  Condition,
  DatePoint,
  DateWindow,
  LeafCondition,
  NumberRange,
} from './segment.schemas.ts';

/**
 * Compiles a segment's condition tree into one SQL boolean expression about the customer row
 * `c`. Every value from the tree is a bound parameter; the only SQL text chosen here comes
 * from fixed maps keyed by the tree's enums (column names, interval units), never from input.
 *
 * Conditions over a customer's records (visits, purchases, orders, leads, activities) become
 * `c.id in (select customer_id ... group by customer_id having ...)`: PostgreSQL runs these as
 * one hashed pass over the records instead of a subquery per customer, which is what keeps a
 * count over millions of customers within a second. A test that zero records satisfy (e.g.
 * "at most 2 visits") is compiled the other way round, `c.id not in (... having not test)`,
 * so that customers without any record are counted too.
 *
 * This compiler reads other modules' tables on purpose (like auth/scope.ts): a segment is a
 * query over the whole customer base, and splitting it per module would cost the one query.
 */

type Bool = RawBuilder<boolean>;

const customerId = sql.ref('c.id');

const unitInterval: Record<string, RawBuilder<unknown>> = {
  days: sql`interval '1 day'`,
  weeks: sql`interval '1 week'`,
  months: sql`interval '1 month'`,
  years: sql`interval '1 year'`,
};

/** The point as a date (for date columns) or a timestamp (for timestamptz columns). */
function pointSql(point: DatePoint, kind: 'date' | 'timestamp'): RawBuilder<unknown> {
  if ('date' in point) {
    return kind === 'date' ? sql`${point.date}::date` : sql`${point.date}::date::timestamptz`;
  }
  const relative = 'ago' in point ? point.ago : point.ahead;
  const sign = 'ago' in point ? sql`-` : sql`+`;
  const base = kind === 'date' ? sql`current_date` : sql`now()`;
  const value = sql`${base} ${sign} (${relative.amount}::int * ${unitInterval[relative.unit]!})`;
  return kind === 'date' ? sql`(${value})::date` : value;
}

/** from and to are both inclusive */
function windowSql(column: RawBuilder<unknown>, window: DateWindow, kind: 'date' | 'timestamp') {
  const parts: Bool[] = [];
  if (window.from) parts.push(sql<boolean>`${column} >= ${pointSql(window.from, kind)}`);
  if (window.to) parts.push(sql<boolean>`${column} <= ${pointSql(window.to, kind)}`);
  return and(parts);
}

function rangeSql(value: RawBuilder<unknown>, range: NumberRange): Bool {
  const parts: Bool[] = [];
  if (range.min !== undefined) parts.push(sql<boolean>`${value} >= ${range.min}`);
  if (range.max !== undefined) parts.push(sql<boolean>`${value} <= ${range.max}`);
  return and(parts);
}

function and(parts: Bool[]): Bool {
  if (parts.length === 0) return sql<boolean>`true`;
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

function or(parts: Bool[]): Bool {
  if (parts.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

const lowered = (values: readonly string[]) => values.map((value) => value.toLowerCase());

/** a case-insensitive match of a text column against a list */
function inList(column: RawBuilder<unknown>, values: readonly string[]): Bool {
  return sql<boolean>`lower(${column}) = any(${lowered(values)}::text[])`;
}

/** LIKE pattern with the user's % and _ taken literally */
function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

const customerColumns: Record<string, RawBuilder<unknown>> = {
  first_name: sql.ref('c.first_name'),
  last_name: sql.ref('c.last_name'),
  display_name: sql.ref('c.display_name'),
  occupation: sql.ref('c.occupation'),
  employer: sql.ref('c.employer'),
  company_name: sql.ref('c.company_name'),
  source: sql.ref('c.source'),
  timezone: sql.ref('c.timezone'),
  kind: sql.ref('c.kind'),
  gender: sql.ref('c.gender'),
  education: sql.ref('c.education'),
  income_band: sql.ref('c.income_band'),
  marital_status: sql.ref('c.marital_status'),
  preferred_language: sql.ref('c.preferred_language'),
  preferred_channel: sql.ref('c.preferred_channel'),
  children_count: sql.ref('c.children_count'),
  age: sql`date_part('year', age(current_date, c.birth_date))`,
  birth_date: sql.ref('c.birth_date'),
  created_at: sql.ref('c.created_at'),
  verified_at: sql.ref('c.verified_at'),
  categories: sql.ref('c.categories'),
  interests: sql.ref('c.interests'),
  personal_values: sql.ref('c.personal_values'),
};

function column(name: string): RawBuilder<unknown> {
  const found = customerColumns[name];
  // the schema's enums and this map are kept in step; an unknown name is a programming error
  if (!found) throw new Error(`segment compiler: no column for ${name}`);
  return found;
}

/**
 * Membership in the set of customers whose records (rows of `from`, filtered by `where`)
 * pass the aggregate `test`. `zeroPasses` says whether a customer with no such record passes.
 */
function recordSet(
  from: RawBuilder<unknown>,
  where: Bool[],
  test: Bool,
  zeroPasses: boolean,
): Bool {
  if (zeroPasses) {
    return sql<boolean>`${customerId} not in (select r.customer_id from ${from} where ${and(where)}
      group by r.customer_id having not (${test}))`;
  }
  return sql<boolean>`${customerId} in (select r.customer_id from ${from} where ${and(where)}
    group by r.customer_id having ${test})`;
}

type Aggregates = {
  count?: NumberRange | undefined;
  sum?: NumberRange | undefined;
  average?: NumberRange | undefined;
};

/**
 * The HAVING test for count / sum / average (and the last visit's date); with none given, "at
 * least one record". With `filter`, every aggregate counts only the rows it selects (used when
 * several conditions on one table share one grouped pass).
 */
function aggregateTest(
  spec: Aggregates,
  amount: RawBuilder<unknown> | null,
  lastVisit: DateWindow | undefined,
  filter: Bool | null,
): { test: Bool; zeroPasses: boolean } {
  const only = filter ? sql` filter (where ${filter})` : sql``;
  const tests: Bool[] = [];
  if (lastVisit) tests.push(windowSql(sql`max(r.visit_date)${only}`, lastVisit, 'date'));
  if (spec.count) tests.push(rangeSql(sql`count(*)${only}`, spec.count));
  if (amount && spec.sum) tests.push(rangeSql(sql`coalesce(sum(${amount})${only}, 0)`, spec.sum));
  if (amount && spec.average) tests.push(rangeSql(sql`avg(${amount})${only}`, spec.average));
  // Only a pure count test whose lower bound is 0 can be met by having no record at all.
  const zeroPasses = !lastVisit && !spec.sum && !spec.average && !!spec.count && !spec.count.min;
  if (!zeroPasses) tests.push(sql<boolean>`count(*)${only} >= 1`);
  return { test: and(tests), zeroPasses };
}

/**
 * A condition over one of the customer's record tables, before it becomes SQL. `rowTest` is
 * set for a table with one row per customer (the visit summary): the test is then a plain
 * condition on that row, with no grouping.
 */
type RecordQuery = {
  table: string;
  from: RawBuilder<unknown>;
  where: Bool[];
  spec: Aggregates;
  amount: RawBuilder<unknown> | null;
  lastVisit?: DateWindow | undefined;
  rowTest?: { test: Bool; zeroPasses: boolean };
  /** the row is the query's joined visit summary (CompileOptions.visitSummaryJoined), not `r` */
  rowJoined?: boolean;
};

/** The query's test: a HAVING over its rows (filtered when merged), or its summary row test. */
function testOf(query: RecordQuery, filter: Bool | null): { test: Bool; zeroPasses: boolean } {
  return query.rowTest ?? aggregateTest(query.spec, query.amount, query.lastVisit, filter);
}

/**
 * The customer's row of a one-row-per-customer table passes `test`. Written as a correlated
 * `exists`, not `c.id in (...)`: at the top of an AND PostgreSQL plans both as the same
 * semi-join, but under an OR or a NOT an `in` can only become a hashed subplan over the whole
 * table, while an `exists` lets the planner choose between that and a primary-key probe per
 * customer that reaches it. Where a selective condition (a make, a list) leaves a fraction of
 * the customers, the probes are far cheaper than hashing half a million summary rows.
 */
function rowExists(from: RawBuilder<unknown>, test: Bool): Bool {
  return sql<boolean>`exists (select 1 from ${from} where r.customer_id = ${customerId} and ${test})`;
}

/**
 * The customer's joined summary row (`visit_summary`, CompileOptions.visitSummaryJoined) is
 * there and passes `test`: the same answer as rowExists, read from the row the query's left join
 * brought, so no subplan per customer. A customer without a row has nulls there: false.
 */
function joinedRowPasses(test: Bool): Bool {
  return sql<boolean>`coalesce(${sql.ref(`${joinedSummary}.customer_id`)} is not null and ${test}, false)`;
}

function recordSetOf(query: RecordQuery): Bool {
  const { test, zeroPasses } = testOf(query, null);
  if (query.rowJoined) {
    return zeroPasses
      ? sql<boolean>`not ${joinedRowPasses(sql<boolean>`not (${test})`)}`
      : joinedRowPasses(test);
  }
  if (query.rowTest) {
    return zeroPasses
      ? sql<boolean>`not ${rowExists(query.from, sql<boolean>`not (${test})`)}`
      : rowExists(query.from, test);
  }
  return recordSet(query.from, query.where, test, zeroPasses);
}

/**
 * A service condition on all of a customer's visits, answered from marketing_visit_summary
 * (migration 0199): the window's ends are found in the sorted visit dates by binary search, and
 * count, sum, average and last date are read off the arrays. Same results as the grouped pass
 * over service_visits (the compiler test compares both), without reading the visits.
 */
function visitSummaryTest(
  row: string,
  when: DateWindow | undefined,
  spec: Aggregates,
  lastVisit: DateWindow | undefined,
): { test: Bool; zeroPasses: boolean } {
  const dates = sql.ref(`${row}.visit_dates`);
  const totals = sql.ref(`${row}.running_totals`);
  // visits before the window: the dates up to the day before its start
  const before = when?.from
    ? sql`width_bucket(${pointSql(when.from, 'date')} - 1, ${dates})`
    : sql`0`;
  const upToEnd = when?.to
    ? sql`width_bucket(${pointSql(when.to, 'date')}, ${dates})`
    : sql.ref(`${row}.visit_count`);
  const count = sql`(${upToEnd} - ${before})`;
  const sum = sql`(${totals}[${upToEnd} + 1] - ${totals}[${before} + 1])`;
  const tests: Bool[] = [];
  if (lastVisit) tests.push(windowSql(sql`${dates}[${upToEnd}]`, lastVisit, 'date'));
  if (spec.count) tests.push(rangeSql(count, spec.count));
  if (spec.sum) tests.push(rangeSql(sum, spec.sum));
  if (spec.average) tests.push(rangeSql(sql`${sum}::numeric / nullif(${count}, 0)`, spec.average));
  const zeroPasses = !lastVisit && !spec.sum && !spec.average && !!spec.count && !spec.count.min;
  if (!zeroPasses) tests.push(sql<boolean>`${count} >= 1`);
  // an average or last date over no visit is null, which a customer with none does not pass
  return { test: sql<boolean>`coalesce(${and(tests)}, false)`, zeroPasses };
}

function recordQuery(condition: LeafCondition, context: Context): RecordQuery | null {
  switch (condition.type) {
    case 'purchase': {
      const where: Bool[] = [...dealerFilter('r.dealer_id', condition.dealerIds)];
      if (condition.when) where.push(windowSql(sql`r.purchase_date`, condition.when, 'date'));
      if (condition.condition) where.push(sql<boolean>`r.condition = ${condition.condition}`);
      if (condition.makes) {
        where.push(
          sql<boolean>`r.vehicle_id in (select v.id from vehicles v where ${inList(sql`v.make_name`, condition.makes)})`,
        );
      }
      return {
        table: 'vehicle_purchases',
        from: sql`vehicle_purchases r`,
        where,
        spec: condition,
        amount: sql`r.price_minor - r.discount_minor`,
      };
    }
    case 'order': {
      const where: Bool[] = [...dealerFilter('r.dealer_id', condition.dealerIds)];
      if (condition.when) where.push(windowSql(sql`r.created_at`, condition.when, 'timestamp'));
      if (condition.statuses) {
        where.push(sql<boolean>`r.status = any(${condition.statuses}::text[])`);
      }
      if (condition.models) where.push(inList(sql`r.model_name`, condition.models));
      return {
        table: 'orders',
        from: sql`orders r`,
        where,
        spec: condition,
        amount: sql`r.final_price_minor`,
      };
    }
    case 'service': {
      if (
        !condition.dealerIds &&
        !condition.visitTypes &&
        !condition.paidBy &&
        context.visitSummary
      ) {
        const rowJoined = context.visitSummaryJoined && context.nested;
        if (rowJoined) context.joinedSummaryRead.read = true;
        return {
          table: 'marketing_visit_summary',
          from: sql`marketing_visit_summary r`,
          where: [],
          spec: condition,
          amount: null,
          rowTest: visitSummaryTest(
            rowJoined ? joinedSummary : 'r',
            condition.when,
            condition,
            condition.lastVisit,
          ),
          rowJoined,
        };
      }
      const where: Bool[] = [...dealerFilter('r.dealer_id', condition.dealerIds)];
      if (condition.when) where.push(windowSql(sql`r.visit_date`, condition.when, 'date'));
      if (condition.visitTypes) {
        where.push(sql<boolean>`r.visit_type = any(${condition.visitTypes}::text[])`);
      }
      if (condition.paidBy) where.push(sql<boolean>`r.paid_by = any(${condition.paidBy}::text[])`);
      return {
        table: 'service_visits',
        from: sql`service_visits r`,
        where,
        spec: condition,
        amount: sql`r.total_minor`,
        lastVisit: condition.lastVisit,
      };
    }
    case 'lead': {
      const where: Bool[] = [...dealerFilter('r.dealer_id', condition.dealerIds)];
      if (condition.when) where.push(windowSql(sql`r.created_at`, condition.when, 'timestamp'));
      if (condition.stages) where.push(sql<boolean>`r.stage = any(${condition.stages}::text[])`);
      if (condition.sources) where.push(inList(sql`r.source_key`, condition.sources));
      if (condition.models) {
        where.push(
          sql<boolean>`r.id in (select lv.lead_id from lead_vehicles lv where ${inList(sql`lv.model`, condition.models)})`,
        );
      }
      return {
        table: 'leads',
        from: sql`leads r`,
        where,
        spec: { count: condition.count },
        amount: null,
      };
    }
    case 'activity': {
      const where: Bool[] = [];
      if (condition.when) where.push(windowSql(sql`r.occurred_at`, condition.when, 'timestamp'));
      if (condition.channels) {
        where.push(sql<boolean>`r.channel = any(${condition.channels}::text[])`);
      }
      if (condition.directions) {
        where.push(sql<boolean>`r.direction = any(${condition.directions}::text[])`);
      }
      if (condition.outcomes) where.push(inList(sql`r.outcome`, condition.outcomes));
      return {
        table: 'activities',
        from: sql`activities r`,
        where,
        spec: { count: condition.count },
        amount: null,
      };
    }
    case 'campaign':
      return campaignResponseQuery(condition);
    default:
      return null;
  }
}

/**
 * Where each campaign response is kept and when it happened: a campaign's recipients (one row
 * per campaign and person, `queued` when something was written for him) and an event's
 * registrations (one row per event and person; walk-ins are attended rows too).
 */
type ResponseSource = { table: string; at: RawBuilder<unknown>; happened: Bool };

/** a response stamped on the recipient row: it happened when its time is set */
function recipientStamp(column: string): ResponseSource {
  const at = sql.ref(`r.${column}`);
  return {
    table: 'marketing_campaign_recipients',
    at,
    happened: sql<boolean>`${at} is not null`,
  };
}

const campaignResponseSource: Record<CampaignResponse, ResponseSource> = {
  received: {
    table: 'marketing_campaign_recipients',
    at: sql`r.created_at`,
    happened: sql<boolean>`r.status = 'queued'`,
  },
  opened: recipientStamp('opened_at'),
  clicked: recipientStamp('clicked_at'),
  unsubscribed: recipientStamp('unsubscribed_at'),
  // his first own answer (replies.service.ts); auto-replies and STOPs do not stamp it
  replied: recipientStamp('replied_at'),
  registered: {
    table: 'marketing_event_registrations',
    at: sql`r.registered_at`,
    happened: sql<boolean>`r.status in ('registered', 'waitlisted')`,
  },
  attended: {
    table: 'marketing_event_registrations',
    at: sql`r.attended_at`,
    happened: sql<boolean>`r.attended_at is not null`,
  },
};

/** A campaign response as a record condition: its rows are one per campaign and person. */
function campaignResponseQuery(
  condition: Extract<LeafCondition, { type: 'campaign' }>,
): RecordQuery {
  const source = campaignResponseSource[condition.response];
  const where: Bool[] = [source.happened];
  if (condition.campaignIds) {
    where.push(sql<boolean>`r.campaign_id = any(${condition.campaignIds}::uuid[])`);
  }
  if (condition.channels) {
    where.push(
      sql<boolean>`r.campaign_id in (select m.id from marketing_campaigns m
        where m.channel = any(${condition.channels}::text[]))`,
    );
  }
  if (condition.when) where.push(windowSql(source.at, condition.when, 'timestamp'));
  return {
    table: source.table,
    from: sql`${sql.table(source.table)} r`,
    where,
    spec: { count: condition.count },
    amount: null,
  };
}

function dealerFilter(columnRef: string, dealerIds: readonly string[] | undefined): Bool[] {
  return dealerIds ? [sql<boolean>`${sql.ref(columnRef)} = any(${[...dealerIds]}::uuid[])`] : [];
}

/**
 * The month and day of each anniversary's date as month * 100 + day (month_day, migration
 * 0284): immutable, so the birthday can be read from an index on it instead of formatting every
 * customer's date (to_char casts a date to timestamptz, per row).
 */
const monthDayOf: Record<string, RawBuilder<unknown>> = {
  birthday: sql`month_day(c.birth_date)`,
  vehicle_purchase: sql`month_day(p.purchase_date)`,
  first_registration: sql`month_day(v.first_registration)`,
};

/** The month-days of the next `days` days counted from `today`, e.g. ['12-30', '12-31', '01-01']. */
export function nextMonthDays(today: Date, days: number): string[] {
  const result = new Set<string>();
  for (let i = 0; i <= days; i++) {
    const day = new Date(
      Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + i),
    );
    result.add(day.toISOString().slice(5, 10));
  }
  return [...result];
}

/** 'MM-DD' as month_day() gives it: '03-12' is 312. Both sort alike, so windows keep their ends. */
function monthDayNumber(monthDay: string): number {
  return Number(monthDay.slice(0, 2)) * 100 + Number(monthDay.slice(3, 5));
}

function anniversary(
  condition: Extract<LeafCondition, { type: 'anniversary' }>,
  today: Date,
): Bool {
  const monthDay = monthDayOf[condition.of]!;
  let match: Bool;
  if (condition.nextDays !== undefined) {
    // the listed days, not a range: 29 February is in the list only in a leap year
    const days = nextMonthDays(today, condition.nextDays).map(monthDayNumber);
    match = sql<boolean>`${monthDay} = any(${days}::smallint[])`;
  } else {
    const from = monthDayNumber(condition.from!);
    const to = monthDayNumber(condition.to!);
    // a window across the new year (12-20 .. 01-10) is two ranges
    match =
      from <= to
        ? sql<boolean>`${monthDay} between ${from}::smallint and ${to}::smallint`
        : sql<boolean>`(${monthDay} >= ${from}::smallint or ${monthDay} <= ${to}::smallint)`;
  }
  const dateColumn =
    condition.of === 'birthday'
      ? sql`c.birth_date`
      : condition.of === 'vehicle_purchase'
        ? sql`p.purchase_date`
        : sql`v.first_registration`;
  const years = condition.years
    ? rangeSql(
        sql`(date_part('year', current_date) - date_part('year', ${dateColumn}))`,
        condition.years,
      )
    : sql<boolean>`true`;
  if (condition.of === 'birthday') return and([match, years]);
  if (condition.of === 'vehicle_purchase') {
    return sql<boolean>`${customerId} in (select p.customer_id from vehicle_purchases p
      where ${match} and ${years})`;
  }
  return sql<boolean>`${customerId} in (select v.customer_id from vehicles v
    where v.customer_id is not null and ${match} and ${years})`;
}

function leaf(condition: LeafCondition, context: Context): Bool {
  switch (condition.type) {
    case 'field': {
      const col = column(condition.field);
      const [first] = condition.values;
      switch (condition.op) {
        case 'eq':
          return sql<boolean>`lower(${col}) = ${first!.toLowerCase()}`;
        case 'neq':
          return sql<boolean>`coalesce(lower(${col}), '') <> ${first!.toLowerCase()}`;
        case 'in':
          return inList(col, condition.values);
        case 'not_in':
          return sql<boolean>`not coalesce(${inList(col, condition.values)}, false)`;
        case 'contains':
          return or(
            condition.values.map((value) => sql<boolean>`${col} ilike ${`%${likeEscape(value)}%`}`),
          );
        case 'starts_with':
          return or(
            condition.values.map((value) => sql<boolean>`${col} ilike ${`${likeEscape(value)}%`}`),
          );
        case 'is_empty':
          return sql<boolean>`coalesce(${col}, '') = ''`;
        case 'is_not_empty':
          return sql<boolean>`coalesce(${col}, '') <> ''`;
      }
      break;
    }
    case 'number':
      return sql<boolean>`coalesce(${rangeSql(column(condition.field), condition.range)}, false)`;
    case 'date':
      return sql<boolean>`coalesce(${windowSql(
        column(condition.field),
        condition.window,
        condition.field === 'birth_date' ? 'date' : 'timestamp',
      )}, false)`;
    case 'tag': {
      const col = column(condition.set);
      const tags = condition.set === 'categories' ? condition.values : lowered(condition.values);
      const arr = sql`${tags}::text[]`;
      // free tags are matched without regard to case
      const tagged =
        condition.set === 'categories'
          ? col
          : sql`(select array_agg(lower(t)) from unnest(${col}) t)`;
      if (condition.op === 'any') return sql<boolean>`coalesce(${tagged} && ${arr}, false)`;
      if (condition.op === 'all') return sql<boolean>`coalesce(${tagged} @> ${arr}, false)`;
      return sql<boolean>`not coalesce(${tagged} && ${arr}, false)`;
    }
    case 'lifecycle':
      return sql<boolean>`c.lifecycle_stage = any(${condition.stages}::text[])`;
    case 'consent': {
      // the current consents (migration 0172, kept by trigger from the consent records): one
      // row per customer, channel and purpose
      if (condition.granted && context.consentAsJoin) {
        return sql<boolean>`${customerId} in (select distinct r.customer_id from marketing_consent_state r
          where r.channel = ${condition.channel} and r.purpose = ${condition.purpose} and r.granted)`;
      }
      const test = sql<boolean>`r.channel = ${condition.channel} and r.purpose = ${condition.purpose} and r.granted`;
      // `offset 0` keeps PostgreSQL from pulling the exists up into a join (consentProbe)
      const granted = context.consentProbe
        ? sql<boolean>`exists (select 1 from marketing_consent_state r
            where r.customer_id = ${customerId} and ${test} offset 0)`
        : rowExists(sql`marketing_consent_state r`, test);
      return condition.granted ? granted : sql<boolean>`not ${granted}`;
    }
    case 'contact': {
      const table =
        condition.channel === 'email'
          ? sql`customer_emails`
          : condition.channel === 'phone'
            ? sql`customer_phones`
            : sql`customer_addresses`;
      const exists = sql<boolean>`exists (select 1 from ${table} x where x.customer_id = ${customerId})`;
      return condition.present ? exists : sql<boolean>`not ${exists}`;
    }
    case 'address': {
      const match =
        condition.part === 'postcode_prefix'
          ? or(
              condition.values.map(
                (value) => sql<boolean>`a.postcode like ${`${likeEscape(value)}%`}`,
              ),
            )
          : condition.part === 'city'
            ? inList(sql`a.city`, condition.values)
            : condition.part === 'region'
              ? inList(sql`a.region`, condition.values)
              : inList(sql`a.country`, condition.values);
      return sql<boolean>`${customerId} in (select a.customer_id from customer_addresses a where ${match})`;
    }
    case 'dealer': {
      const relations = condition.relations
        ? sql<boolean>`l.relations && ${condition.relations}::text[]`
        : sql<boolean>`true`;
      return sql<boolean>`${customerId} in (select l.customer_id from customer_dealers l
        where l.dealer_id = any(${condition.dealerIds}::uuid[]) and ${relations})`;
    }
    case 'vehicle': {
      const where: Bool[] = [sql<boolean>`v.customer_id is not null`];
      if (condition.makes) where.push(inList(sql`v.make_name`, condition.makes));
      if (condition.models) where.push(inList(sql`v.model_name`, condition.models));
      if (condition.series) where.push(inList(sql`v.series`, condition.series));
      if (condition.ageYears) where.push(vehicleAgeYears(sql`current_date`, condition.ageYears));
      if (condition.mileageKm) where.push(rangeSql(sql`v.odometer_km`, condition.mileageKm));
      if (condition.modelYear) where.push(rangeSql(sql`v.model_year`, condition.modelYear));
      return sql<boolean>`${customerId} in (select v.customer_id from vehicles v where ${and(where)})`;
    }
    case 'purchase':
    case 'order':
    case 'service':
    case 'lead':
    case 'activity':
    case 'campaign':
      return recordSetOf(recordQuery(condition, context)!);
    case 'anniversary':
      return anniversary(condition, context.today);
    case 'list':
      return sql<boolean>`${customerId} in (select m.customer_id from marketing_list_members m
        where m.list_id = ${condition.listId})`;
    case 'club':
      return clubMemberCondition(customerId, {
        clubId: condition.clubId,
        tiers: condition.tiers,
        tags: condition.tags,
        dormant: condition.dormant,
        minBalance: condition.minBalance,
        asOf: context.today.toISOString().slice(0, 10),
      });
    case 'churn':
      return churnRiskCondition(customerId, condition);
  }
}

/**
 * "The car is N to M years old": whole years since first registration, else since the model
 * year. Written as a range of one date rather than age() of every car, so that no function runs
 * per row: age(today, r) >= n years exactly when r <= today - n years (both clamp a 29 February
 * to the 28th), and age <= m years when r > today - (m + 1) years. A car known only by its model
 * year y is dated 1 January y: then "y <= this year - n" is "1 Jan y <= today - n years" and
 * "y >= this year - m" is "1 Jan y > today - (m + 1) years", whatever today's date, so one
 * coalesce serves both and an index on it (migration 0241, with the make) reads exactly the cars
 * in range. The expression must stay as written here for that index to match it.
 */
export function vehicleAgeYears(today: RawBuilder<unknown>, range: NumberRange): Bool {
  const ageDate = sql`coalesce(v.first_registration, make_date(v.model_year, 1, 1))`;
  const parts: Bool[] = [];
  if (range.min !== undefined) {
    parts.push(sql<boolean>`${ageDate} <= (${today} - make_interval(years => ${range.min}))::date`);
  }
  if (range.max !== undefined) {
    parts.push(
      sql<boolean>`${ageDate} > (${today} - make_interval(years => ${range.max + 1}))::date`,
    );
  }
  return and(parts);
}

/** and(and(a, b), c) is and(a, b, c): more siblings can share a pass over one table. */
function flattenAnd(conditions: Condition[]): Condition[] {
  return conditions.flatMap((child) =>
    child.type === 'and' ? flattenAnd(child.conditions) : [child],
  );
}

/**
 * Conditions of an AND on the same record table ("a visit in 2 years", "no visit in 6
 * months", "average receipt over X") become one grouped pass over that table with a HAVING
 * per condition, each aggregate filtered to its own rows. That needs at least one positive
 * condition that requires a record, so that every matching customer has a group.
 */
function mergeRecordConditions(conditions: Condition[], context: Context): Bool[] {
  type Part = { query: RecordQuery; negated: boolean; index: number };
  const parts: Part[] = [];
  conditions.forEach((child, index) => {
    const negated = child.type === 'not';
    const target = negated ? child.condition : child;
    if (target.type === 'and' || target.type === 'or' || target.type === 'not') return;
    const query = recordQuery(target, context);
    if (query) parts.push({ query, negated, index });
  });
  const merged = new Set<number>();
  const result: Bool[] = [];
  for (const table of new Set(parts.map((part) => part.query.table))) {
    const group = parts.filter((part) => part.query.table === table);
    const anchors = group.filter((part) => !part.negated && !testOf(part.query, null).zeroPasses);
    if (group.length < 2 || anchors.length === 0) continue;
    const tests = group.map((part) => {
      const { test } = testOf(part.query, and(part.query.where));
      const held = sql<boolean>`coalesce(${test}, false)`;
      return part.negated ? sql<boolean>`not ${held}` : held;
    });
    const from = group[0]!.query.from;
    if (group[0]!.query.rowJoined) {
      result.push(joinedRowPasses(and(tests)));
    } else if (group[0]!.query.rowTest) {
      // one row per customer: the tests are plain conditions on it
      result.push(rowExists(from, and(tests)));
    } else {
      const where = or(group.map((part) => and(part.query.where)));
      result.push(
        sql<boolean>`${customerId} in (select r.customer_id from ${from} where ${where}
          group by r.customer_id having ${and(tests)})`,
      );
    }
    for (const part of group) merged.add(part.index);
  }
  conditions.forEach((child, index) => {
    if (!merged.has(index)) result.push(compile(child, context));
  });
  return result;
}

export type CompileOptions = {
  /**
   * Answer service conditions without dealer, type or payer filters from the visit summary
   * (default). Off, they read service_visits, which the compiler test compares against.
   */
  visitSummary?: boolean;
  /**
   * Join granted consents at the top of the tree as a whole set, never one index probe per
   * customer: for a count over the whole group. There PostgreSQL multiplies the selectivities of
   * the other conditions as if independent and expects far fewer customers to reach the consent
   * test than do (72,000 where 222,000 come in the owners segment of bench/segment-count.ts),
   * so it probes the consent index per customer (~0.5 s). `select distinct` keeps the subquery
   * from being pulled up into a join it could probe; its ids come sorted and unique from the
   * consent index, so it is merged with the pass over the customers or hashed. A consent is
   * rarely the selective condition of a segment (half the base has granted e-mail). Under an
   * OR or a NOT, and for a dealer's scope (a few customers, probes are right), it stays `exists`.
   */
  consentAsJoin?: boolean;
  /**
   * The query left-joins marketing_visit_summary as `visit_summary` on `visit_summary.customer_id
   * = c.id` (one row per customer at most, so no customer is counted twice): a service condition
   * under an OR or a NOT then tests that row instead of a correlated `exists`. The `exists` keeps
   * the customer scan serial (a correlated subplan is parallel-restricted) and, hashed, is one
   * hash per parallel process; a join can be a Parallel Hash Join, one hash shared by all. At the
   * top of an AND the `exists` stays: PostgreSQL makes it a semi-join, and the unread left join
   * is removed.
   */
  visitSummaryJoined?: boolean;
  /**
   * Test a consent with one index probe per customer, never a join: for a campaign send's page,
   * 500 customers after a keyset id. Pulled up into a join, the consent index was read from its
   * first customer on every page (a merge join cannot start at the page's id), so each page
   * cost more than the one before (PGlite at 100,000: 41 ms of a 120 ms page half-way).
   */
  consentProbe?: boolean;
};

/** the alias under which a query joins the visit summary for visitSummaryJoined */
const joinedSummary = 'visit_summary';

type Context = {
  today: Date;
  visitSummary: boolean;
  consentAsJoin: boolean;
  consentProbe: boolean;
  visitSummaryJoined: boolean;
  /** under an OR or a NOT: no semi-join is possible there */
  nested: boolean;
  /** set when a condition reads the joined summary row (shared by the nested contexts) */
  joinedSummaryRead: { read: boolean };
};

/** The tree as one SQL condition on the customer row `c`. */
export function compileCondition(
  condition: Condition,
  today: Date = new Date(),
  options: CompileOptions = {},
): Bool {
  return compileSegment(condition, today, options).condition;
}

/**
 * compileCondition, and whether the condition reads the joined visit summary row (with
 * visitSummaryJoined: a visit condition under an OR or a NOT).
 */
export function compileSegment(
  condition: Condition,
  today: Date = new Date(),
  options: CompileOptions = {},
): { condition: Bool; readsJoinedSummary: boolean } {
  const joinedSummaryRead = { read: false };
  const compiled = compile(condition, {
    today,
    visitSummary: options.visitSummary ?? true,
    consentAsJoin: options.consentAsJoin ?? false,
    consentProbe: options.consentProbe ?? false,
    visitSummaryJoined: options.visitSummaryJoined ?? false,
    nested: false,
    joinedSummaryRead,
  });
  return { condition: compiled, readsJoinedSummary: joinedSummaryRead.read };
}

function compile(condition: Condition, context: Context): Bool {
  // a join is only possible for a condition of the top AND
  const nested = { ...context, consentAsJoin: false, nested: true };
  switch (condition.type) {
    case 'and':
      return and(mergeRecordConditions(flattenAnd(condition.conditions), context));
    case 'or':
      return or(condition.conditions.map((child) => compile(child, nested)));
    case 'not':
      // a condition on a missing value is false, so "not" of it is true: coalesce first
      return sql<boolean>`not coalesce(${compile(condition.condition, nested)}, false)`;
    default:
      return leaf(condition, context);
  }
}
