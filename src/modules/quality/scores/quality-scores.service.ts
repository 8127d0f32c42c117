import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import { customerVisible, dealerSetVisible, dealerVisible } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { qualityProblems, type QualityProblem } from '../schema.ts';
import { cityPostcodes } from './addresses.ts';
import { filterDealerId, findingsWhere, type FindingsFilter } from './findings-filter.ts';
import {
  cityPostcodeRowsSql,
  freshnessSql,
  domainSuggestionSql,
  fakePhoneSql,
  genderMismatchSql,
  impossibleDomainSql,
  invalidTaxIdSql,
  normalizeCitySql,
  normalizePostcodeSql,
  phoneOffPlanSql,
  placeholderNameSql,
  postcodeFormatRowsSql,
  roleMailboxes,
} from './quality-sql.ts';

export type QualityRun = {
  id: string;
  computedAt: string;
  customers: number;
  averageScore: number;
  /** per cent verified in the 12 months before the run; null when a dealer's run predates it */
  verifiedShare: number | null;
  /** made by the server's schedule (continuous monitoring), not by a user */
  scheduled: boolean;
  problems: Record<QualityProblem, number>;
};

const cityCountries = [...new Set(cityPostcodes.map((entry) => entry.country))];

/** Problems that lower validity by 25 each, and consistency by 50 each. */
export const validityProblems = [
  'placeholder_name',
  'fake_phone',
  'invalid_phone',
  'role_email',
  'invalid_email',
  'invalid_email_domain',
  'email_domain_typo',
  'implausible_birth_date',
  'invalid_vin',
  'invalid_postcode',
  'invalid_tax_id',
] as const satisfies readonly QualityProblem[];
export const consistencyProblems = [
  'gender_mismatch',
  'city_postcode_mismatch',
  'vin_year_mismatch',
] as const satisfies readonly QualityProblem[];

/**
 * Score the customers in the actor's scope, persons and companies, set-based (a chunk of
 * thousands of customers is one INSERT ... SELECT, not thousands of round trips); the run
 * (chunked-run.ts) then adds the chunk's figures per set of dealers for the trend and the
 * before/after view: customers, score sum, problem counts and how many were verified in the
 * 12 months before the run (the trend's verified share; qualitySummary reads it live instead).
 *
 * The parts, each 0-100:
 * - completeness: share of the profile fields filled; a person's 11 (first and last name,
 *   gender, birth date, phone, e-mail, address, preferred channel and language, occupation,
 *   income band), a company's 9 (name, legal form, tax id, phone, e-mail, address, a contact
 *   person, preferred channel and language);
 * - validity: 100 less 25 for each kind of garbage found (validityProblems: placeholder name,
 *   fake phone or one off its country's numbering plan, role mailbox (persons only), malformed
 *   e-mail, a mail domain that cannot exist or a misspelt popular one, a birth date making the
 *   person younger than 16 or older than 100, a VIN of one of the customer's cars with a wrong
 *   form or check digit, a postcode of the wrong form for its country, a company's tax id
 *   failing its check digits);
 * - consistency: 100 less 50 for each contradiction (consistencyProblems: gender against the
 *   Russian patronymic or surname ending, a big city's postcode block, a VIN's model-year code
 *   against the car's model year);
 * - freshness: by the last time the data was verified with the person (customers.verified_at,
 *   recorded from the customer page, a logged contact or a trusted list import, whose rows
 *   verify their customers as of the file's data date): 100 within a year, 80 within two, 60
 *   within three, 40 after that; a record never verified goes by its last change instead, a
 *   step lower (70 / 50 / 30 / 10): a change typed in is not a confirmation. The better of the
 *   two counts, so an old verification never makes a record just corrected look staler. See
 *   freshnessSql.
 * The score weighs them 40 / 35 / 10 / 15.
 */
/**
 * The customer ids of a chunk of a run (chunked-run.ts), as an array: PostgreSQL estimates
 * `id = any(array)` by its length, where for a range of uuids it guessed anything from 1 row
 * (nested loops over the statement's CTEs: 32 s for 5,000 customers at 1.14M) to the right count.
 */
export function inChunk(id: RawBuilder<unknown>, chunk: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`${id} = any(${chunk}::uuid[])`;
}

/**
 * The scoring statement of a run: the customers of the actor's scope in `chunk` (ids, a chunk of
 * the run `runId`) upserted into customer_quality.
 */
export function qualityScoringSql(actor: Actor, runId: string, chunk: readonly string[]) {
  const visible = customerVisible(actor, sql.ref('c.id'));
  // each finding a boolean column of `found`; `parts` makes the tags and the counts of them
  const findings: [QualityProblem, RawBuilder<unknown>][] = [
    [
      'placeholder_name',
      sql`${placeholderNameSql(sql.ref('t.first_name'))} or ${placeholderNameSql(sql.ref('t.last_name'))} or ${placeholderNameSql(sql.ref('t.company_name'))}`,
    ],
    ['missing_name', sql`t.kind = 'person' and t.first_name is null`],
    ['fake_phone', sql`coalesce(p.fake, false)`],
    ['invalid_phone', sql`coalesce(p.invalid, false)`],
    ['role_email', sql`t.kind = 'person' and coalesce(e.role, false)`],
    ['invalid_email', sql`coalesce(e.invalid, false)`],
    ['invalid_email_domain', sql`coalesce(e.impossible_domain, false)`],
    ['email_domain_typo', sql`coalesce(e.domain_typo, false)`],
    ['no_contact', sql`p.customer_id is null and e.customer_id is null`],
    [
      'implausible_birth_date',
      sql`t.birth_date > current_date - interval '16 years' or t.birth_date < current_date - interval '100 years'`,
    ],
    [
      'gender_mismatch',
      sql`${genderMismatchSql(sql.ref('t.gender'), sql.ref('t.middle_name'), sql.ref('t.last_name'))}`,
    ],
    ['invalid_vin', sql`coalesce(v.invalid, false)`],
    ['vin_year_mismatch', sql`coalesce(v.year_mismatch, false)`],
    ['invalid_postcode', sql`coalesce(a.invalid_postcode, false)`],
    ['city_postcode_mismatch', sql`coalesce(a.city_mismatch, false)`],
    [
      'invalid_tax_id',
      sql`t.kind = 'company' and ${invalidTaxIdSql(sql.ref('t.tax_id'), sql`coalesce(a.country, cd.country)`)}`,
    ],
    // neither verified nor changed for three years (greatest() passes over a null verified_at)
    ['stale', sql`greatest(t.verified_at, t.updated_at) < now() - interval '3 years'`],
  ];
  return sql`
    with target as (
      select c.id, c.kind, c.first_name, c.middle_name, c.last_name, c.gender, c.birth_date,
             c.company_name, c.legal_form, c.tax_id,
             c.preferred_channel, c.preferred_language, c.occupation, c.income_band, c.updated_at,
             c.verified_at
        from customers c
       where c.merged_into is null and ${inChunk(sql.ref('c.id'), chunk)} and ${visible}
    ),
    phones as (
      select p.customer_id, bool_or(${fakePhoneSql(sql.ref('p.e164'))}) as fake,
             bool_or(${phoneOffPlanSql(sql.ref('p.e164'))}) as invalid
        from customer_phones p join target t on t.id = p.customer_id
       group by p.customer_id
    ),
    email_rows as materialized (
      select e.customer_id, e.normalized, split_part(e.normalized, '@', 2) as domain
        from customer_emails e join target t on t.id = e.customer_id
    ),
    -- each distinct domain judged once per run (a thousand or so at a million customers): the
    -- chunk judges and keeps those no earlier chunk of the run met, and reads the others
    judged as (
      insert into quality_run_domains (run_id, domain, impossible, suggestion)
      select ${runId}::uuid, d.domain, ${impossibleDomainSql(sql.ref('d.domain'))},
             ${domainSuggestionSql(sql.ref('d.domain'))}
        from (select distinct domain from email_rows) d
       where not exists (select 1 from quality_run_domains k
                          where k.run_id = ${runId}::uuid and k.domain = d.domain)
      returning domain, impossible, suggestion
    ),
    domains as materialized (
      select domain, impossible, suggestion from judged
      union all
      select k.domain, k.impossible, k.suggestion from quality_run_domains k
       where k.run_id = ${runId}::uuid and k.domain in (select domain from email_rows)
    ),
    emails as (
      select r.customer_id,
             bool_or(split_part(r.normalized, '@', 1) = any(${roleMailboxes}::text[])) as role,
             bool_or(r.normalized !~ '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:].]+$') as invalid,
             bool_or(d.impossible) as impossible_domain,
             bool_or(d.suggestion is not null) as domain_typo
        from email_rows r join domains d on d.domain = r.domain
       group by r.customer_id
    ),
    -- each distinct city name of the chunk normalised once (normalising every address's city
    -- cost 8 s of a whole-base run) and matched to its postcode block
    city_blocks as (
      select n.country, n.city, k.low, k.high
        from (select distinct a.country, a.city from customer_addresses a
                join target t on t.id = a.customer_id
               where a.city is not null and a.country in (${sql.join(cityCountries)})) n
        join ${cityPostcodeRowsSql()} as k(country, city, low, high)
          on k.country = n.country and k.city = ${normalizeCitySql(sql.ref('n.city'))}
    ),
    addresses as (
      select x.customer_id, bool_or(x.invalid_postcode) as invalid_postcode,
             bool_or(x.city_mismatch) as city_mismatch,
             (array_agg(x.country order by x.is_primary desc, x.created_at))[1] as country
        from (
          select a.customer_id, a.country, a.is_primary, a.created_at,
                 coalesce(${normalizePostcodeSql(sql.ref('a.postcode'))} !~ f.pattern, false) as invalid_postcode,
                 coalesce(${normalizePostcodeSql(sql.ref('a.postcode'))} ~ '^[0-9]{6}$'
                          and left(${normalizePostcodeSql(sql.ref('a.postcode'))}, 3)::int
                              not between k.low and k.high, false) as city_mismatch
            from customer_addresses a
            join target t on t.id = a.customer_id
            left join ${postcodeFormatRowsSql()} as f(country, pattern) on f.country = a.country
            left join city_blocks k on k.country = a.country and k.city = a.city
          offset 0) x
       group by x.customer_id
    ),
    vins as (
      select x.customer_id, bool_or(x.problem = 'invalid_vin') as invalid,
             bool_or(x.problem = 'vin_year_mismatch') as year_mismatch
        from (
          select v.customer_id, quality_vin_problem(v.vin, v.model_year) as problem
            -- lateral (offset 0 keeps it one): the chunk's cars by vehicles_customer_idx; as a join
            -- the planner hashed all the million cars for every chunk (2.3 s of 3.6 s at 1.14M)
            from target t cross join lateral (
              select v.customer_id, v.vin, v.model_year from vehicles v
               where v.customer_id = t.id and v.vin is not null offset 0) v
          offset 0) x
       group by x.customer_id
    ),
    -- a company's country for its tax id: its address's, else its dealers'
    company_dealers as (
      select cd.customer_id, min(d.country) as country
        from customer_dealers cd
        join target t on t.id = cd.customer_id and t.kind = 'company' and t.tax_id is not null
        join dealers d on d.id = cd.dealer_id
       group by cd.customer_id
    ),
    contacts as (
      select distinct cc.company_id from company_contacts cc
        join target t on t.id = cc.company_id and t.kind = 'company'
    ),
    found as (
      select t.id,
             ${sql.join(
               findings.map(
                 ([code, condition]) => sql`coalesce(${condition}, false) as ${sql.ref(code)}`,
               ),
             )},
             case when t.kind = 'company' then round(100.0 * (
               1 + (t.legal_form is not null)::int + (t.tax_id is not null)::int
               + (p.customer_id is not null)::int + (e.customer_id is not null)::int
               + (a.customer_id is not null)::int + (k.company_id is not null)::int
               + (t.preferred_channel is not null)::int + (t.preferred_language is not null)::int) / 9)
             else round(100.0 * (
               (t.first_name is not null)::int + (t.last_name is not null)::int
               + (t.gender is not null and t.gender <> 'unknown')::int + (t.birth_date is not null)::int
               + (p.customer_id is not null)::int + (e.customer_id is not null)::int
               + (a.customer_id is not null)::int + (t.preferred_channel is not null)::int
               + (t.preferred_language is not null)::int + (t.occupation is not null)::int
               + (t.income_band is not null)::int) / 11) end as completeness,
             ${freshnessSql(sql.ref('t.verified_at'), sql.ref('t.updated_at'))} as freshness
        from target t
        left join phones p on p.customer_id = t.id
        left join emails e on e.customer_id = t.id
        left join addresses a on a.customer_id = t.id
        left join vins v on v.customer_id = t.id
        left join company_dealers cd on cd.customer_id = t.id
        left join contacts k on k.company_id = t.id
    ),
    parts as (
      select id, completeness, freshness,
             array_remove(array[${sql.join(
               qualityProblems.map(
                 (code) => sql`case when ${sql.ref(code)} then ${code}::text end`,
               ),
             )}]::text[], null) as problems,
             greatest(0, 100 - 25 * (${sql.join(
               validityProblems.map((code) => sql`${sql.ref(code)}::int`),
               sql` + `,
             )})) as validity,
             greatest(0, 100 - 50 * (${sql.join(
               consistencyProblems.map((code) => sql`${sql.ref(code)}::int`),
               sql` + `,
             )})) as consistency
        from found
    )
    insert into customer_quality as q
      (customer_id, score, completeness, validity, consistency, freshness, problems, computed_at)
    select id, round(0.40 * completeness + 0.35 * validity + 0.10 * consistency + 0.15 * freshness),
           completeness, validity, consistency, freshness, problems, now()
      from parts
    on conflict (customer_id) do update
      set score = excluded.score, completeness = excluded.completeness,
          validity = excluded.validity, consistency = excluded.consistency,
          freshness = excluded.freshness, problems = excluded.problems,
          computed_at = excluded.computed_at`;
}

/** jsonb of how many rows carry each problem. */
export function problemCountsSql() {
  return sql`jsonb_build_object(${sql.join(
    qualityProblems.map(
      (code) => sql`${code}::text, count(*) filter (where ${code} = any(q.problems))`,
    ),
  )})`;
}

export type QualityGroupBy = 'dealer' | 'source' | 'month';

export type QualityGroup = {
  key: string;
  customers: number;
  averageScore: number;
  completeness: number;
  validity: number;
  consistency: number;
  freshness: number;
  /** per cent of the customers whose data was verified with them in the last 12 months */
  verifiedShare: number;
  problems: Record<QualityProblem, number>;
};

type GroupRow = {
  key: string | null;
  customers: number;
  score: string;
  completeness: string;
  validity: string;
  consistency: string;
  freshness: string;
  verified: number;
  problems: Record<QualityProblem, number>;
};

const round1 = (value: string | number) => Math.round(Number(value) * 10) / 10;

function toGroup(row: GroupRow): QualityGroup {
  return {
    key: row.key ?? '',
    customers: row.customers,
    averageScore: round1(row.score),
    completeness: round1(row.completeness),
    validity: round1(row.validity),
    consistency: round1(row.consistency),
    freshness: round1(row.freshness),
    verifiedShare: row.customers > 0 ? round1((100 * row.verified) / row.customers) : 0,
    problems: row.problems,
  };
}

/**
 * The scores of the customers the actor may see, overall and per dealer, lead source or
 * month the record was created, with the share of them verified in the last 12 months.
 * Dealer rows name only the actor's dealers.
 */
export async function qualitySummary(
  db: Db,
  actor: Actor,
  groupBy: QualityGroupBy,
): Promise<{ total: QualityGroup; groups: QualityGroup[] }> {
  const measures = sql`count(*)::int as customers, coalesce(avg(q.score), 0) as score,
    coalesce(avg(q.completeness), 0) as completeness, coalesce(avg(q.validity), 0) as validity,
    coalesce(avg(q.consistency), 0) as consistency, coalesce(avg(q.freshness), 0) as freshness,
    -- read from the record as it is now, not from the run: a verification counts at once
    count(*) filter (where c.verified_at > now() - interval '12 months')::int as verified,
    ${problemCountsSql()} as problems`;
  const visible = customerVisible(actor, sql.ref('c.id'));
  const total = await sql<GroupRow>`
    select 'all' as key, ${measures}
      from customer_quality q join customers c on c.id = q.customer_id
     where ${visible}`.execute(db);
  const groups =
    groupBy === 'dealer'
      ? await sql<GroupRow>`
          select d.name as key, ${measures}
            from customer_quality q
            join customers c on c.id = q.customer_id
            join customer_dealers cd on cd.customer_id = q.customer_id
            join dealers d on d.id = cd.dealer_id
           where ${dealerVisible(actor, sql.ref('cd.dealer_id'))} and ${visible}
           group by d.name order by d.name`.execute(db)
      : await sql<GroupRow>`
          select ${groupBy === 'source' ? sql`coalesce(c.source, '')` : sql`to_char(c.created_at, 'YYYY-MM')`} as key,
                 ${measures}
            from customer_quality q join customers c on c.id = q.customer_id
           where ${visible}
           group by 1 order by 1`.execute(db);
  return { total: toGroup(total.rows[0]!), groups: groups.rows.map(toGroup) };
}

/** A correction to offer: today the popular domain a misspelt e-mail address meant. */
export type QualitySuggestion = { problem: 'email_domain_typo'; value: string; suggestion: string };

export type QualityFinding = {
  customerId: string;
  displayName: string;
  score: number;
  problems: QualityProblem[];
  suggestions: QualitySuggestion[];
  computedAt: string;
};

/** The worst records first, optionally only those with one problem: the cleaning worklist. */
export async function qualityFindings(
  db: Db,
  actor: Actor,
  filter: FindingsFilter & { limit: number; offset: number },
): Promise<{ items: QualityFinding[]; total: number }> {
  const where = findingsWhere(actor, filter, await filterDealerId(db, actor, filter.dealerCode));
  const rows = await sql<{
    customer_id: string;
    display_name: string;
    score: number;
    problems: QualityProblem[];
    suggestions: { value: string; suggestion: string }[];
    computed_at: Date;
  }>`select q.customer_id, c.display_name, q.score, q.problems, q.computed_at,
            -- worked out for the page's records only, from their addresses as they are now
            case when 'email_domain_typo' = any(q.problems) then (
              select coalesce(jsonb_agg(jsonb_build_object(
                       'value', e.address,
                       'suggestion', split_part(e.address, '@', 1) || '@' || s.domain)
                       order by e.address), '[]'::jsonb)
                from customer_emails e
                cross join lateral (
                  select ${domainSuggestionSql(sql`split_part(e.normalized, '@', 2)`)} as domain) s
               where e.customer_id = q.customer_id and s.domain is not null)
            else '[]'::jsonb end as suggestions
       from customer_quality q join customers c on c.id = q.customer_id
       ${where}
      order by q.score, q.customer_id
      limit ${filter.limit} offset ${filter.offset}`.execute(db);
  const count = await sql<{ total: number }>`
    select count(*)::int as total from customer_quality q join customers c on c.id = q.customer_id ${where}`.execute(
    db,
  );
  return {
    items: rows.rows.map((row) => ({
      customerId: row.customer_id,
      displayName: row.display_name,
      score: row.score,
      problems: row.problems,
      suggestions: row.suggestions.map((item) => ({
        problem: 'email_domain_typo' as const,
        value: item.value,
        suggestion: item.suggestion,
      })),
      computedAt: row.computed_at.toISOString(),
    })),
    total: count.rows[0]!.total,
  };
}

/**
 * Which runs of the trend to read: one run by id, or the latest `limit` runs, only those from
 * the day `since` on if given. The daily schedule keeps every run, so a year is 365 points.
 */
export type QualityTrendWindow = { runId?: string; since?: string; limit?: number };

/** runs shown when the caller names no window: three weeks of daily runs */
export const defaultTrendRuns = 24;

/**
 * Runs over time, as the actor's dealers saw them (latest first): the monitoring trend, and
 * with two runs around a cleaning, its before and after.
 */
export async function qualityTrend(
  db: Db,
  actor: Actor,
  window: QualityTrendWindow = {},
): Promise<QualityRun[]> {
  const { runId, since, limit = defaultTrendRuns } = window;
  const rows = await sql<{
    id: string;
    computed_at: Date;
    scheduled: boolean;
    customers: number;
    score_sum: string;
    problem_counts: Record<string, number>[];
    verified: number;
    /** customers of the dealers whose row holds the verified count */
    verified_of: number;
  }>`
    select r.id, r.computed_at, r.scheduled, sum(rd.customers)::int as customers, sum(rd.score_sum) as score_sum,
           array_agg(rd.problem_counts) as problem_counts,
           coalesce(sum(rd.verified), 0)::int as verified,
           coalesce(sum(rd.customers) filter (where rd.verified is not null), 0)::int as verified_of
      from quality_runs r
      join quality_run_dealer_sets rd on rd.run_id = r.id
     -- each customer is in one row (that of his set of dealers): the sum counts him once;
     -- a run still scoring (or given up) has the figures of some chunks only
     where r.status = 'complete' and ${dealerSetVisible(actor, sql.ref('rd.dealer_ids'))} ${runId ? sql`and r.id = ${runId}` : sql``}
       ${since ? sql`and r.computed_at >= ${since}::date` : sql``}
     group by r.id, r.computed_at, r.scheduled
     order by r.computed_at desc
     limit ${limit}`.execute(db);
  return rows.rows.map((row) => {
    const problems = Object.fromEntries(qualityProblems.map((code) => [code, 0])) as Record<
      QualityProblem,
      number
    >;
    for (const counts of row.problem_counts)
      for (const code of qualityProblems) problems[code] += Number(counts[code] ?? 0);
    return {
      id: row.id,
      computedAt: row.computed_at.toISOString(),
      customers: row.customers,
      averageScore: row.customers > 0 ? round1(Number(row.score_sum) / row.customers) : 0,
      verifiedShare: row.verified_of > 0 ? round1((100 * row.verified) / row.verified_of) : null,
      scheduled: row.scheduled,
      problems,
    };
  });
}
