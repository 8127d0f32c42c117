import { sql, type Expression, type RawBuilder } from 'kysely';
import { normalizePhone, phoneDigits } from '../../lib/phone.ts';
import { hasHan, nameForms } from '../../lib/transliterate.ts';

/**
 * What the user typed into the search box, read as what it most likely is. Each kind is
 * answered from an index: e-mail prefix, phone (exact E.164 or trailing digits), vehicle
 * code (VIN, VIN tail, plate), or name words in any script.
 */
export type SearchTerm =
  | { kind: 'email'; prefix: string }
  | { kind: 'phone'; e164: string | null; digits: string }
  | { kind: 'code'; value: string }
  | { kind: 'name'; words: string[]; digitWords: string[] };

const maxWords = 6;

export function classifySearch(input: string, country: string): SearchTerm | undefined {
  const text = input.trim().slice(0, 200);
  if (!text) return undefined;
  if (text.includes('@')) return { kind: 'email', prefix: text.toLowerCase() };
  if (/^\+?[\d\s().-]+$/.test(text) && phoneDigits(text).length >= 4) {
    const digits = phoneDigits(text);
    return { kind: 'phone', e164: normalizePhone(text, country)?.e164 ?? null, digits };
  }
  // A VIN or a plate mixes letters and digits within one word (plates may be split: А123ВС 77).
  const compact = text.replace(/[\s-]/g, '').toUpperCase();
  const mixedWord = text.split(/\s+/).some((word) => /\d/.test(word) && /\p{L}/u.test(word));
  if (mixedWord && /^[\p{L}\d]{5,17}$/u.test(compact)) return { kind: 'code', value: compact };
  const words = text
    .split(/\s+/)
    .map((word) => word.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean)
    .slice(0, maxWords);
  const digitWords = words.filter((word) => /^\d{4,}$/.test(word));
  const nameWords = words.filter((word) => !/^\d+$/.test(word));
  if (!nameWords.length && !digitWords.length) return undefined;
  return { kind: 'name', words: nameWords, digitWords };
}

/** `like` pattern text with its wildcards escaped. */
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/*
 * Each matcher below selects the ids of matching customers from one index. The list query
 * joins several with `union` inside one `c.id in (...)`: an `or` between such conditions
 * would make PostgreSQL scan every customer instead.
 */

export function emailIds(prefix: string): RawBuilder<unknown> {
  return sql`select e.customer_id from customer_emails e where e.normalized like ${likePrefix(prefix)}`;
}

/**
 * Exact E.164, or the trailing digits (the last 10 at most, so a national prefix such as the
 * Russian 8 does not matter).
 */
export function phoneIds(e164: string | null, digits: string): RawBuilder<unknown> {
  const tail = digits.slice(-10);
  const reversedTail = likePrefix([...tail].reverse().join(''));
  const exact = e164
    ? sql`select p.customer_id from customer_phones p where p.e164 = ${e164} union `
    : sql``;
  return sql`${exact}select p.customer_id from customer_phones p where reverse(p.e164) like ${reversedTail}`;
}

export function taxIdIds(value: string): RawBuilder<unknown> {
  return sql`select c.id from customers c where c.tax_id = ${value}`;
}

/**
 * The forms one typed word is looked up by. Chinese characters are looked up as typed: their
 * pinyin as a prefix would be far too wide (李 as li* also finds Liu, Lin, Liang and every given
 * name starting with li: 77,000 of a million demo customers instead of 24,000) while pinyin typed
 * in Latin letters still finds 李 through the stored pinyin. Cyrillic keeps its Latin forms, so a
 * name entered in Latin letters is found by the Russian spelling.
 */
function lookupForms(word: string): string[] {
  return hasHan(word) ? [word.trim().toLowerCase()] : nameForms(word);
}

/** The prefixes one typed word is looked up by, as they go into the full-text query. */
export function searchForms(word: string): string[] {
  const forms = lookupForms(word)
    .map((form) => form.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean);
  return [...new Set(forms)];
}

/** Every word must match the start of a name word, in any of its scripts. */
export function nameMatch(
  searchVector: Expression<unknown>,
  words: string[],
): RawBuilder<boolean> | undefined {
  const clauses = words
    .map((word) => {
      const forms = searchForms(word);
      return forms.length ? `(${forms.map((form) => `${form}:*`).join(' | ')})` : '';
    })
    .filter(Boolean);
  if (!clauses.length) return undefined;
  return sql<boolean>`${searchVector} @@ to_tsquery('simple', ${clauses.join(' & ')})`;
}

export function nameIds(words: string[]): RawBuilder<unknown> | undefined {
  const condition = nameMatch(sql.ref('n.search_vector'), words);
  return condition ? sql`select n.id from customers n where ${condition}` : undefined;
}

/** `customerId in (a union b ...)` */
export function customerIn(
  customerId: Expression<unknown>,
  sources: RawBuilder<unknown>[],
): RawBuilder<boolean> {
  return sql<boolean>`${customerId} in (${sql.join(sources, sql` union `)})`;
}
