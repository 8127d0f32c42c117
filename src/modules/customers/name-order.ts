import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { searchForms } from './search-terms.ts';

/**
 * One index range of customer_name_words (migration 0204): the customers with this lexeme,
 * in name order. A prefix search is the union of a few such ranges.
 */
export type NameRange = { rootLen: number; word: string };

/**
 * More ranges than this are not merged (one letter of the alphabet, say): the search then
 * takes the full-text index and sorts, as before. A common surname needs one to a few
 * (Иванов: its Cyrillic and Latin spellings, Ivanova, Ivanovich ...).
 */
export const maxNameRanges = 24;

/**
 * The ranges whose union holds exactly the customers with a name word starting with one of
 * the typed word's forms, or undefined when they cannot be used: the full-text parser reads a
 * form as more than one lexeme (the range would not be what the full-text query matches), or
 * there are too many ranges to merge.
 *
 * Per prefix P and per root length r < length(P), the distinct words of the range
 * [P, P + U+10FFFF) are found one index probe each (a loose index scan), so a prefix of a
 * hundred words costs a hundred probes, not the rows of those words.
 */
export async function nameRanges(db: Db | Tx, typed: string): Promise<NameRange[] | undefined> {
  const forms = searchForms(typed);
  if (!forms.length) return undefined;
  const { rows } = await sql<{ usable: boolean; ranges: NameRange[] }>`
    with recursive forms as (
      select tsvector_to_array(to_tsvector('simple', f.form)) as lexemes
        from unnest(${forms}::text[]) f(form)
    ),
    prefixes as (
      select distinct lexemes[1] collate "C" as prefix from forms where cardinality(lexemes) = 1
    ),
    ranges as (
      select p.prefix, r.root_len::smallint as root_len,
             (select w.word from customer_name_words w
               where w.root_len = r.root_len and w.word >= p.prefix
                 and w.word < p.prefix || chr(1114111)
               order by w.word limit 1) as word
        from prefixes p cross join generate_series(0, length(p.prefix) - 1) r(root_len)
      union all
      select a.prefix, a.root_len,
             (select w.word from customer_name_words w
               where w.root_len = a.root_len and w.word > a.word
                 and w.word < a.prefix || chr(1114111)
               order by w.word limit 1)
        from ranges a where a.word is not null
    )
    select coalesce((select bool_and(cardinality(lexemes) = 1) from forms), false) as usable,
           coalesce((select json_agg(json_build_object('rootLen', root_len, 'word', word))
                       from (select distinct root_len, word from ranges where word is not null
                              limit ${maxNameRanges + 1}) found), '[]'::json) as ranges`.execute(
    db,
  );
  const answer = rows[0];
  if (!answer?.usable || answer.ranges.length > maxNameRanges) return undefined;
  return answer.ranges;
}

/**
 * The customers of the ranges as (sort_key, customer_id), each once, in name order: a merge of
 * index scans that stops when the page is full (customers with two matching words, such as
 * the Cyrillic and Latin spelling of one surname, sit next to each other and are kept once).
 */
export function nameOrderedMatches(
  ranges: NameRange[],
  direction: 'asc' | 'desc',
): RawBuilder<{ sort_key: string; customer_id: string }> {
  const order = direction === 'asc' ? sql`asc` : sql`desc`;
  if (!ranges.length) {
    return sql`select null::text as sort_key, null::uuid as customer_id where false`;
  }
  const arms = ranges.map(
    (range) => sql`(select w.sort_key, w.customer_id from customer_name_words w
                     where w.root_len = ${range.rootLen} and w.word = ${range.word})`,
  );
  return sql`select distinct m.sort_key, m.customer_id
               from (${sql.join(arms, sql` union all `)}) m
              order by m.sort_key ${order}, m.customer_id ${order}`;
}
