import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { searchForms } from './search-terms.ts';

/**
 * One index range of customer_name_words (migration 0206): the customers with this lexeme,
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
 * The ranges as rows `name_range(root_len, word)`, to be joined laterally: PostgreSQL
 * 15 does not merge ordered index scans under a UNION ALL (it appends and sorts them all,
 * 46,000 rows for Петров), so each range is walked on its own with a limit and the few
 * walked rows are merged.
 */
export function nameRangeRows(ranges: NameRange[]): RawBuilder<unknown> {
  return sql`unnest(${ranges.map((range) => range.rootLen)}::smallint[],
                    ${ranges.map((range) => range.word)}::text[]) as name_range(root_len, word)`;
}

/** The name word row `w` lies in `name_range`. */
export function inNameRange(): RawBuilder<boolean> {
  return sql<boolean>`w.root_len = name_range.root_len and w.word = name_range.word`;
}
