import { sql, type RawBuilder } from 'kysely';
import { customerVisible, type Actor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  inNameRange,
  nameRangeRows,
  nameRanges,
  type NameRange,
  type SearchTerm,
} from '../customers/index.ts';
import { dealerCopyScope, walkedRowCondition, type OtherFilters } from './walked-rows.ts';

/**
 * The name ranges of a search term that can be listed in name order straight from
 * customer_name_words: one name word (no second word, no digits). Other searches are narrower
 * as a rule and take the full-text index.
 */
export async function walkableNameRanges(
  db: Db,
  term: SearchTerm,
): Promise<NameRange[] | undefined> {
  if (term.kind !== 'name' || term.words.length !== 1 || term.digitWords.length) return undefined;
  return nameRanges(db, term.words[0]!);
}

/**
 * A page of a name search and its count, both reading the matches range by range in name
 * order: the count reads at most `countLimit + 1` visible matches of each range, the page
 * each range's first offset + limit. The scope and the other filters are in `customers`
 * (filteredCustomers without the search) and are applied inside each walk, so a customer
 * outside the actor's scope is neither counted nor shown; a one-dealer scope also walks only
 * its dealer's rows.
 */
export async function nameOrderedPage(
  db: Db,
  actor: Actor,
  customers: OtherFilters,
  ranges: NameRange[],
  page: { sort?: string; limit: number; offset: number },
  countLimit: number,
): Promise<{ ids: string[]; total: number; exact: boolean }> {
  if (!ranges.length) return { ids: [], total: 0, exact: true };
  const direction = page.sort === '-name' ? 'desc' : 'asc';
  const rangeRows = nameRangeRows(ranges);
  const inRange = walkedWords(db, actor, customers);
  // Counted: the distinct customers of each range's first countLimit + 1 rows. A customer
  // can be in several ranges (his Cyrillic and Latin spelling), so the ranges' sizes do not
  // add up; but a customer is in a range once, so a range cut short alone holds countLimit + 1
  // customers and the answer is "more than countLimit" either way, and otherwise every match
  // was read and the distinct count is exact. Each walk is a bounded index-only range, and the
  // distinct a hash of at most (countLimit + 1) x ranges ids: no probe per counted row, which
  // telling a customer's earlier ranges apart needed (5,000 buffers for a common surname).
  const checkedOnce =
    customers === 'none' ? await countOnceChecked(db, actor, rangeRows, countLimit) : undefined;
  const n = checkedOnce ?? (await countChecked(db, inRange, rangeRows, countLimit));
  // Shown: the first offset + limit of every range, then the page of their merge. A customer
  // in two ranges (the Cyrillic and Latin spelling of one surname) is in both walks, and kept
  // once: skipping him in the later range instead would make that walk read the whole range.
  const walked = inRange
    .where(inNameRange())
    .select(['w.sort_key', 'w.customer_id'])
    .orderBy('w.sort_key', direction)
    .orderBy('w.customer_id', direction)
    .limit(page.offset + page.limit);
  const order = direction === 'asc' ? sql`asc` : sql`desc`;
  const found = await sql<{ customer_id: string }>`
    select distinct on (match.sort_key, match.customer_id) match.customer_id
      from ${rangeRows} cross join lateral (${walked}) match
     order by match.sort_key ${order}, match.customer_id ${order}
     limit ${page.limit} offset ${page.offset}`.execute(db);
  return {
    ids: found.rows.map((row) => row.customer_id),
    total: Math.min(n, countLimit),
    exact: n <= countLimit,
  };
}

/** The count of nameOrderedPage, with the scope checked on every row walked. */
async function countChecked(
  db: Db,
  inRange: ReturnType<typeof walkedWords>,
  rangeRows: RawBuilder<unknown>,
  countLimit: number,
): Promise<number> {
  const counted = inRange
    .where(inNameRange())
    .select('w.customer_id')
    .limit(countLimit + 1);
  const { rows } = await sql<{ n: number }>`
    select count(distinct match.customer_id)::int as n
      from ${rangeRows} cross join lateral (${counted}) match`.execute(db);
  return rows[0]?.n ?? 0;
}

/**
 * The same count for a one-dealer scope without other filters, with the scope checked once
 * per distinct customer instead of once per row walked: a Russian surname's customers are in
 * two ranges each (Смирнов and smirnov), so this halves the checks, which were most of a
 * consultant's count (bench/RESULTS.md). Each range is walked in the dealer copy, which holds
 * the scope's rows only; when every customer walked passes the check, the rows walked are
 * the rows the checked walk would have read and the count is the same. If any does not (the
 * copy would be wrong), undefined: the caller counts with the check on every row, so a
 * customer outside the scope is never counted. Undefined for other scopes too.
 */
async function countOnceChecked(
  db: Db,
  actor: Actor,
  rangeRows: RawBuilder<unknown>,
  countLimit: number,
): Promise<number | undefined> {
  const dealerScope = dealerCopyScope(actor);
  if (!dealerScope) return undefined;
  const { rows } = await sql<{ n: number; walked: number }>`
    with walked as (
      select distinct match.customer_id
        from ${rangeRows}
       cross join lateral (
         select w.customer_id from customer_dealer_name_words w
          where ${dealerScope} and ${inNameRange()}
          limit ${countLimit + 1}) match
    ),
    checked as (
      select ${customerVisible(actor, sql.ref('walked.customer_id'))} as visible from walked
    )
    -- visible is read once: a second filter on it would check every customer again
    select count(*) filter (where visible)::int as n, count(*)::int as walked
      from checked`.execute(db);
  const answer = rows[0];
  return answer && answer.n === answer.walked ? answer.n : undefined;
}

/**
 * The name words in the actor's scope, and of customers passing the other filters if any
 * (walked-rows.ts): for a one-dealer scope his dealer's copy, for wider scopes the plain table.
 */
function walkedWords(db: Db, actor: Actor, customers: OtherFilters) {
  const dealerScope = dealerCopyScope(actor);
  // The same columns under the same alias; the type of the plain table is kept on purpose so
  // both walks are one builder type (the dealer copy only adds the two columns used here).
  const table = dealerScope
    ? ('customer_dealer_name_words as w' as 'customer_name_words as w')
    : 'customer_name_words as w';
  return db.selectFrom(table).where(walkedRowCondition(actor, customers, dealerScope));
}
