import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import { customerVisible } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { hasHan, nameForms } from '../../../lib/transliterate.ts';
import type { PersonRecord } from '../matching/index.ts';

/** Candidates read per check at most: blocking keeps it small, this keeps it bounded. */
export const MAX_CANDIDATES = 50;

/**
 * Namesakes of the surname + birth-year block kept before the scope is probed, nearest birth
 * date first. A common surname's year holds hundreds (837 张 born 1987 in the 1.15M bench base):
 * probing the scope of each cost more than the rest of the check, and cut by id the person with
 * a typo in the given name and the same date was often not among them.
 */
export const YEAR_BLOCK_LIMIT = 2 * MAX_CANDIDATES;

export type CaptureCandidate = { id: string; display_name: string };

/** Any of the forms of a name part, each as the words of its full-text query. */
function anyOf(forms: string[]): RawBuilder<unknown> {
  return sql.join(
    forms.map((form) => sql`plainto_tsquery('simple', ${form})`),
    sql` || `,
  );
}

/**
 * A namesake whose birth date the engine would grade "different" from the new person's (more
 * than a year and more than two digits apart, not a day/month swap: `dateLevel` of
 * comparisons.ts) is a relative by the household rule and never reported, so the name block
 * need not read him, nor probe his scope, nor take one of the 50 places with him. For the
 * commonest name that leaves the namesakes without a date and those born near the date.
 */
function notBornApart(birthDate: string | undefined): RawBuilder<unknown> {
  const digits = birthDate?.replace(/\D/g, '') ?? '';
  if (!/^\d{8}$/.test(digits)) return sql`true`;
  const [year, month, day] = [digits.slice(0, 4), digits.slice(4, 6), digits.slice(6, 8)].map(
    Number,
  );
  const their = sql`to_char(c.birth_date, 'YYYYMMDD')`;
  // the engine's rough day count (31-day months, 372-day years)
  const days = sql`(extract(year from c.birth_date) * 372 + extract(month from c.birth_date) * 31
    + extract(day from c.birth_date))`;
  const differing = sql.join(
    [...digits].map((digit, k) => sql`(substr(${their}, ${k + 1}, 1) <> ${digit})::int`),
    sql` + `,
  );
  return sql`(c.birth_date is null
    or abs(${days} - ${year! * 372 + month! * 31 + day!}) <= 366
    or (extract(year from c.birth_date) = ${year} and extract(month from c.birth_date) = ${day}
        and extract(day from c.birth_date) = ${month})
    or ${differing} <= 2)`;
}

/** A month and day some year has (29 February included). */
function isMonthDay(month: number, day: number): boolean {
  const date = new Date(Date.UTC(2000, month - 1, day));
  return month >= 1 && month <= 12 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The date keys of 0270's index (`customer_word_dates`) under which every namesake that
 * `notBornApart` keeps is found, for a real date: an unknown date (' -'), the year before, the
 * same and the next (' y1980'; within 366 of the engine's days, the day/month swap, or two
 * digits differing in month and day only), and a month-day at most one digit from the new
 * person's (' d0515'; a year that differs uses up at least one of the two digits). Undefined
 * when the date is not one (the block then reads every namesake, as `notBornApart` does not
 * narrow it).
 */
export function keptDateKeys(birthDate: string | undefined): string[] | undefined {
  const digits = birthDate?.replace(/\D/g, '') ?? '';
  if (!/^\d{8}$/.test(digits)) return undefined;
  const [year, month, day] = [digits.slice(0, 4), digits.slice(4, 6), digits.slice(6, 8)].map(
    Number,
  );
  // a real month and day, and a year the index keys by its number
  if (year! < 1 || !isMonthDay(month!, day!)) return undefined;
  const monthDay = digits.slice(4);
  const monthDays = new Set([monthDay]);
  for (let k = 0; k < 4; k++) {
    for (let digit = 0; digit <= 9; digit++) {
      const other = monthDay.slice(0, k) + digit + monthDay.slice(k + 1);
      // only a real month-day can be a key (each key costs the index a look-up)
      if (isMonthDay(Number(other.slice(0, 2)), Number(other.slice(2)))) monthDays.add(other);
    }
  }
  return [
    ' -',
    ...[year! - 1, year!, year! + 1].map((y) => ` y${y}`),
    ...[...monthDays].map((md) => ` d${md}`),
  ];
}

/**
 * Days either side of the new person's birth date that the year block reads first, then next,
 * before the whole year: about a sixth and a half of a year.
 */
export const NEAR_DAYS = [31, 91] as const;

/**
 * The year block's first read, for a real date: the year key (' y1991') and the month-day keys
 * (' d0520') of 0270's index for every day within `days` of the date in the same year, and
 * that range of dates. Undefined when the date is not a real one.
 */
export function nearDateKeys(
  birthDate: string | undefined,
  days: number,
): { year: string; monthDays: string[]; from: string; to: string } | undefined {
  const digits = birthDate?.replace(/\D/g, '') ?? '';
  if (!/^\d{8}$/.test(digits)) return undefined;
  const [year, month, day] = [digits.slice(0, 4), digits.slice(4, 6), digits.slice(6, 8)].map(
    Number,
  );
  // four-digit years only (Date reads 0-99 as 19xx); any other reads the whole year
  if (year! < 1000 || !isMonthDay(month!, day!)) return undefined;
  const iso = (date: Date) => date.toISOString().slice(0, 10);
  const born = Date.UTC(year!, month! - 1, day!);
  const dayMs = 24 * 60 * 60 * 1000;
  const monthDays: string[] = [];
  const dates: string[] = [];
  for (let k = -days; k <= days; k++) {
    const date = new Date(born + k * dayMs);
    if (date.getUTCFullYear() !== year) continue;
    dates.push(iso(date));
    monthDays.push(` d${iso(date).slice(5).replace('-', '')}`);
  }
  return { year: ` y${year}`, monthDays, from: dates[0]!, to: dates[dates.length - 1]! };
}

/**
 * Days between a candidate's birth date and the new person's, the pre-rank of candidates within
 * a block (an unknown date last); 0 for all when the new person has no real date.
 */
function dateDistance(birthDate: string | undefined): RawBuilder<number> {
  const digits = birthDate?.replace(/\D/g, '') ?? '';
  const [year, month, day] = [digits.slice(0, 4), digits.slice(4, 6), digits.slice(6, 8)].map(
    Number,
  );
  if (!/^\d{8}$/.test(digits) || year! < 1 || !isMonthDay(month!, day!)) return sql<number>`0`;
  const date = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`;
  return sql<number>`coalesce(abs(c.birth_date - ${date}::date), 1000000)`;
}

/**
 * The persons in the actor's scope that the check compares a new person with, strongest block
 * first: a shared phone or mailbox, then a surname form and the birth year, then a surname and
 * a given-name form (both through the full-text index). A common name finds hundreds; the limit
 * must cut those, not a phone match.
 */
export function candidatesQuery(actor: Actor, person: PersonRecord): RawBuilder<CaptureCandidate> {
  // Each block reads the candidate's row once and filters it there; joining the union back to
  // customers afterwards visited every namesake twice (806 rows for a common name at 1.14M).
  const candidate = sql`c.kind = 'person' and c.merged_into is null`;
  // the pre-rank within a block: the given name's forms shared (0) or not (1), then the days
  // between the birth dates
  const distance = dateDistance(person.birthDate);
  const surname = person.lastName ? nameForms(person.lastName, true) : [];
  const given = person.firstName ? nameForms(person.firstName, false) : [];
  const otherName = given.length ? sql`(not c.search_vector @@ (${anyOf(given)}))::int` : sql`0`;
  const blocks = [
    sql`select c.id, 1 as rank, 0 as other_name, ${distance} as distance, c.display_name
          from customer_phones p1
          join customer_phones p2 on p2.e164 = p1.e164 and p2.customer_id <> p1.customer_id
          join customers c on c.id = p2.customer_id
         where p1.customer_id = ${person.id} and ${candidate}`,
    sql`select c.id, 1 as rank, 0 as other_name, ${distance} as distance, c.display_name
          from customer_emails e1
          join customer_emails e2 on e2.normalized = e1.normalized and e2.customer_id <> e1.customer_id
          join customers c on c.id = e2.customer_id
         where e1.customer_id = ${person.id} and ${candidate}`,
  ];
  const year = person.birthDate ? Number(person.birthDate.slice(0, 4)) : undefined;
  // every word of a name part's forms joined to each of the given 0270 date keys
  const wordKeys = (forms: string[], keys: string[]) =>
    sql`array(select w || k from unnest(tsvector_to_array(to_tsvector('simple', ${forms.join(' ')}))) w,
                                 unnest(${keys}::text[]) k)`;
  const wordDates = sql`customer_word_dates(c.search_vector, c.birth_date)`;
  if (surname.length && year) {
    // The word-and-year index (0208) narrows a common surname to its year at once (its keys:
    // every word of the surname's forms); the block's own condition is checked on those rows.
    // `offset 0` keeps the planner from adding the full-text index, whose bitmap of every
    // namesake cost more than the rest of the check. Only the YEAR_BLOCK_LIMIT first by the
    // pre-rank go on to the scope probe (a given-name typo keeps the date).
    const keys = sql`customer_word_years(to_tsvector('simple', ${surname.join(' ')}), make_date(${year}, 1, 1))`;
    const inYear = sql`c.search_vector @@ (${anyOf(surname)}) and c.birth_date >= make_date(${year}, 1, 1)
         and c.birth_date < make_date(${year + 1}, 1, 1)`;
    const wholeYear = (gate: RawBuilder<unknown>) => sql`select c.id, c.display_name,
               ${otherName} as other_name, ${distance} as distance from (
        select c.id, c.display_name, c.search_vector, c.birth_date from customers c
         where ${gate} and c.birth_date is not null and c.id <> ${person.id} and ${candidate}
           and customer_word_years(c.search_vector, c.birth_date) && ${keys} offset 0) c
       where ${inYear}
       order by other_name, distance, c.id limit ${YEAR_BLOCK_LIMIT}`;
    // Only a surname written in Han characters: a few of them are shared by most Chinese persons
    // (the crowded years of the bench base are all 张, 王, 李, 刘, 陈 ...), while the month-day
    // keys of a range cost an uncrowded year 3-4 ms more than reading it whole (MSK01, cap7).
    const [inner, outer] = hasHan(person.lastName ?? '')
      ? NEAR_DAYS.map((days) => nearDateKeys(person.birthDate, days))
      : [];
    if (inner && outer) {
      // A common surname's year holds 600-900 namesakes in the bench base (张, 王, 李 ...), one
      // heap page each, read cold at every check. The namesakes born within 31 days are read
      // first, through 0270's word-and-date index (the surname's words with the year and with
      // each month-day of the range): when they are YEAR_BLOCK_LIMIT or more, the first by the
      // pre-rank among them include every one that the whole year would give with another given
      // name (those farther away come after them), and the namesakes sharing a given-name form
      // come from the name block below, ranked with this block. Fewer: the same within 91 days,
      // then the whole year, as before. Each wider read is gated by a one-time filter on the
      // count of the narrower, so it is not run when that one is enough.
      const near = (keys: typeof inner, gate: RawBuilder<unknown>) => sql`
          select c.id, c.display_name, ${otherName} as other_name, ${distance} as distance from (
            select c.id, c.display_name, c.search_vector, c.birth_date from customers c
             where ${gate} and ${wordDates} && ${wordKeys(surname, [keys.year])}
               and ${wordDates} && ${wordKeys(surname, keys.monthDays)}
               and c.id <> ${person.id} and ${candidate} offset 0) c
           where ${inYear} and c.birth_date between ${keys.from}::date and ${keys.to}::date`;
      // the wider range only when the narrower one suggests a crowded year (a sixth of it holds
      // a third of the limit): a year of a few dozen is read whole at once, without its keys
      const crowded = sql`(select count(*) from near_inner) * 3 >= ${YEAR_BLOCK_LIMIT}`;
      const enough = (cte: string) =>
        sql`(select count(*) from ${sql.table(cte)}) >= ${YEAR_BLOCK_LIMIT}`;
      const first = (cte: string, gate: RawBuilder<unknown>) => sql`
          select n.id, 2 as rank, n.other_name, n.distance, n.display_name from (
            select * from ${sql.table(cte)} where ${gate}
             order by other_name, distance, id limit ${YEAR_BLOCK_LIMIT}) n`;
      blocks.push(sql`(with near_inner as materialized (${near(inner, sql`true`)}),
             near_outer as materialized (${near(outer, sql`not ${enough('near_inner')} and ${crowded}`)})
        ${first('near_inner', enough('near_inner'))}
        union all
        ${first('near_outer', sql`not ${enough('near_inner')} and ${enough('near_outer')}`)}
        union all
        select y.id, 2 as rank, y.other_name, y.distance, y.display_name
          from (${wholeYear(sql`not ${enough('near_inner')} and not ${enough('near_outer')}`)}) y)`);
    } else {
      blocks.push(sql`select y.id, 2 as rank, y.other_name, y.distance, y.display_name
          from (${wholeYear(sql`true`)}) y`);
    }
  }
  if (surname.length && given.length) {
    const namesakes = sql`c.search_vector @@ ((${anyOf(surname)}) && (${anyOf(given)}))
         and c.id <> ${person.id} and ${candidate} and ${notBornApart(person.birthDate)}`;
    // A namesake born the same year is also one of the surname + year block's, sharing a
    // given-name form: he ranks with that block (which reads only the nearest dates of a
    // crowded year, leaving him to this one).
    const rank = year
      ? sql`case when c.birth_date >= make_date(${year}, 1, 1)
                  and c.birth_date < make_date(${year + 1}, 1, 1) then 2 else 3 end`
      : sql`3`;
    const dates = keptDateKeys(person.birthDate);
    if (dates) {
      // The word-and-date index (0270) reads only the namesakes whose date can be kept: the
      // full-text index gave all of them, and most were dropped after a heap visit each (524 of
      // the 566 of the commonest name). `offset 0`: the full-text index must not be added.
      blocks.push(sql`select c.id, ${rank} as rank, 0 as other_name, ${distance} as distance,
               c.display_name from (
          select c.id, c.display_name, c.search_vector, c.birth_date, c.kind, c.merged_into
            from customers c
           where ${wordDates} && ${wordKeys(surname, dates)}
             and ${wordDates} && ${wordKeys(given, dates)} offset 0) c
         where ${namesakes}`);
    } else {
      blocks.push(
        sql`select c.id, ${rank} as rank, 0 as other_name, ${distance} as distance,
                   c.display_name
              from customers c where ${namesakes}`,
      );
    }
  }
  // The scope is checked on the candidates in block order, by the pre-rank within a block,
  // until the limit is reached, not on every namesake first: `offset 0` keeps PostgreSQL from
  // pushing the check into the blocks.
  return sql<CaptureCandidate>`
    select g.id, g.display_name from (
      select x.id, x.display_name, min(x.rank) as rank, min(x.other_name) as other_name,
             min(x.distance) as distance
        from (${sql.join(blocks, sql` union all `)}) x
       group by x.id, x.display_name
       order by rank, other_name, distance, x.id offset 0) g
     where ${customerVisible(actor, sql.ref('g.id'))}
     order by g.rank, g.other_name, g.distance, g.id
     limit ${MAX_CANDIDATES}`;
}

/** The candidates on their own (the check reads them with their records, `namedRecordsIn`). */
export async function captureCandidates(
  db: Db,
  actor: Actor,
  person: PersonRecord,
): Promise<CaptureCandidate[]> {
  return (await candidatesQuery(actor, person).execute(db)).rows;
}
