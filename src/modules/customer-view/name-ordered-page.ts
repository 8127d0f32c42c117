import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Schema } from '../../db/schema.ts';
import {
  classifySearch,
  nameOrderedMatches,
  nameRanges,
  type NameRange,
} from '../customers/index.ts';

type Customers = SelectQueryBuilder<Schema & { c: Schema['customers'] }, 'c', object>;

/**
 * The name ranges of a search that can be listed in name order straight from
 * customer_name_words: one name word (no second word, no digits) and a name sort. Other
 * searches are narrower as a rule and take the full-text index.
 */
export async function walkableNameSearch(
  db: Db,
  search: string | undefined,
  sort: string | undefined,
  country: string,
): Promise<NameRange[] | undefined> {
  if (!search?.trim() || (sort && sort !== 'name' && sort !== '-name')) return undefined;
  const term = classifySearch(search, country);
  if (term?.kind !== 'name' || term.words.length !== 1 || term.digitWords.length) return undefined;
  return nameRanges(db, term.words[0]!);
}

/**
 * A page of a name search and its count, both walking the matches in name order: the count
 * stops after `countLimit + 1` visible matches, the page after offset + limit. The scope and
 * the other filters are in `customers` (filteredCustomers without the search), so a customer
 * outside the actor's scope is neither counted nor shown.
 */
export async function nameOrderedPage(
  db: Db,
  customers: Customers,
  ranges: NameRange[],
  page: { sort?: string; limit: number; offset: number },
  countLimit: number,
): Promise<{ ids: string[]; total: number; exact: boolean }> {
  const direction = page.sort === '-name' ? 'desc' : 'asc';
  const walk = sql<{
    sort_key: string;
    customer_id: string;
  }>`(${nameOrderedMatches(ranges, direction)})`;
  const matches = customers
    .innerJoin(walk.as('m'), (join) => join.onRef('m.customer_id', '=', 'c.id'))
    .orderBy('m.sort_key', direction)
    .orderBy('m.customer_id', direction);
  const counted = matches.select(sql<number>`1`.as('one')).limit(countLimit + 1);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${counted}) t`.execute(
    db,
  );
  const n = rows[0]?.n ?? 0;
  const ids = await matches.select('c.id').limit(page.limit).offset(page.offset).execute();
  return {
    ids: ids.map((row) => row.id),
    total: Math.min(n, countLimit),
    exact: n <= countLimit,
  };
}
