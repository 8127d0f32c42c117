import { sql, type RawBuilder } from 'kysely';
import { cityNameSteps, cityPostcodes, normalizeCity, postcodeFormats } from './addresses.ts';
import {
  gmailOtherTldPattern,
  impossibleDomainPattern,
  placeholderDomains,
  popularMailDomains,
  realLookalikeDomains,
} from './email-domains.ts';
import { phonePlans } from './phone-plans.ts';

/**
 * The garbage people type into required fields, in our users' three languages: placeholder
 * names, and the local parts of shared role mailboxes that reach no one in particular.
 */
export const placeholderNames = [
  'test',
  'тест',
  'testtest',
  'нет',
  'no',
  'none',
  'неизвестно',
  'не указано',
  'unknown',
  'n/a',
  'na',
  'null',
  'asdf',
  'qwerty',
  'йцукен',
  'фыва',
  'xxx',
  'ххх',
  'клиент',
  'client',
  'customer',
  '无',
  '无名',
  '未知',
  '测试',
  '客户',
];

export const roleMailboxes = [
  'info',
  'admin',
  'office',
  'sales',
  'support',
  'contact',
  'hello',
  'mail',
  'noreply',
  'no-reply',
  'test',
  'marketing',
  'hr',
  'reception',
  'secretary',
  'service',
];

/**
 * A name that is garbage: a placeholder word, one character repeated (aaaa, 1111), or no
 * letter at all (digits and punctuation).
 */
export function placeholderNameSql(column: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(${column} is not null and (
    lower(btrim(${column})) = any(${placeholderNames}::text[])
    or btrim(${column}) ~ '^(.)\\1+$'
    or btrim(${column}) ~ '^[0-9[:punct:][:space:]]+$'))`;
}

/**
 * A phone that is no one's: the last seven digits one digit repeated six times, or a run
 * of consecutive digits (1234567, 7654321).
 */
export function fakePhoneSql(e164: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(right(${e164}, 7) ~ '([0-9])\\1{5}'
    or right(${e164}, 7) in ('0123456', '1234567', '2345678', '3456789', '9876543', '8765432', '7654321', '6543210'))`;
}

/**
 * Russian grammatical gender of the patronymic and surname against the recorded gender:
 * Ивановна / Иванова are a woman's, Иванович / Иванов a man's.
 */
export const genderMismatchSql = (
  gender: RawBuilder<unknown>,
  middle: RawBuilder<unknown>,
  last: RawBuilder<unknown>,
) => sql<boolean>`(
  (${gender} = 'male' and (${middle} ~ '(вна|ична|кызы)$' or ${last} ~ '(ова|ева|ёва|ина|ская|цкая)$'))
  or (${gender} = 'female' and (${middle} ~ '(вич|ьич|оглы)$' or ${last} ~ '(ов|ев|ёв|ин|ский|цкий)$')))`;

/** The stored E.164 number does not fit the numbering plan of its country code (phone-plans.ts). */
export function phoneOffPlanSql(e164: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(case ${sql.join(
    phonePlans.map(
      (plan) =>
        sql`when left(${e164}, ${plan.prefix.length}) = ${plan.prefix} then ${e164} !~ ${plan.pattern}`,
    ),
    sql` `,
  )} else false end)`;
}

/** A mail domain that cannot exist (email-domains.ts). */
export function impossibleDomainSql(domain: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(${domain} ~ ${impossibleDomainPattern} or ${domain} = any(${placeholderDomains}::text[]))`;
}

/**
 * The popular mail domain a domain is a misspelling of, or null (emailDomainProblem of
 * email-domains.ts): the nearest within its typo limit, the first of the list on a tie.
 */
export function domainSuggestionSql(domain: RawBuilder<unknown>): RawBuilder<string | null> {
  return sql<string | null>`(case
    when ${impossibleDomainSql(domain)} then null
    when ${domain} = any(${[...popularMailDomains, ...realLookalikeDomains]}::text[]) then null
    when ${domain} ~ ${gmailOtherTldPattern} then 'gmail.com'
    else (select p.domain
         from unnest(${popularMailDomains}::text[]) with ordinality as p(domain, n)
        where abs(length(p.domain) - length(${domain})) <= 2
          and quality_edit_distance(${domain}, p.domain)
              <= case when length(split_part(p.domain, '.', 1)) >= 5 then 2 else 1 end
        order by quality_edit_distance(${domain}, p.domain), p.n
        limit 1)
  end)`;
}

/** normalizeCity of addresses.ts, step by step. */
export function normalizeCitySql(city: RawBuilder<unknown>): RawBuilder<string> {
  let name: RawBuilder<unknown> = sql`btrim(lower(btrim(${city})))`;
  for (const [pattern, replacement] of cityNameSteps)
    name = sql`regexp_replace(${name}, ${pattern}, ${replacement}, 'g')`;
  return sql<string>`btrim(${name})`;
}

/** Postcodes without spaces. */
export function normalizePostcodeSql(postcode: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`regexp_replace(${postcode}, '\\s', '', 'g')`;
}

/** (country, pattern) rows of the postcode forms. */
export function postcodeFormatRowsSql() {
  return sql`(values ${sql.join(
    Object.entries(postcodeFormats).map(
      ([country, pattern]) => sql`(${country}::text, ${pattern}::text)`,
    ),
  )})`;
}

/** (country, city, low, high) rows of the big cities' postcode blocks, city names normalised. */
export function cityPostcodeRowsSql() {
  return sql`(values ${sql.join(
    cityPostcodes.flatMap((entry) =>
      [...new Set(entry.names.map(normalizeCity))].map(
        (name) =>
          sql`(${entry.country}::text, ${name}::text, ${entry.from}::int, ${entry.to}::int)`,
      ),
    ),
  )})`;
}

/** taxIdProblem of tax-ids.ts: is the company's tax id wrong for its country? */
export function invalidTaxIdSql(
  taxId: RawBuilder<unknown>,
  country: RawBuilder<unknown>,
): RawBuilder<boolean> {
  const id = sql`upper(regexp_replace(${taxId}, '[\\s-]', '', 'g'))`;
  return sql<boolean>`(${taxId} is not null and case
    when ${country} = 'RU' or (${country} is null and ${id} ~ '^([0-9]{10}|[0-9]{12})$')
      then not quality_inn_valid(${id})
    when ${country} = 'CN' or (${country} is null and length(${id}) = 18)
      then not quality_uscc_valid(${id})
    else false end)`;
}

/**
 * Freshness 0-100 (issue 6, "last verified"): by the last verification with the person, 100
 * within a year down to 40 after three; never verified (or verified longer ago than the last
 * change) by the last change, a step lower, 70 down to 10. The better of the two counts.
 */
export function freshnessSql(
  verifiedAt: RawBuilder<unknown>,
  updatedAt: RawBuilder<unknown>,
): RawBuilder<number> {
  const steps = (at: RawBuilder<unknown>, scores: [number, number, number, number]) =>
    sql`case when ${at} > now() - interval '1 year' then ${sql.lit(scores[0])}
             when ${at} > now() - interval '2 years' then ${sql.lit(scores[1])}
             when ${at} > now() - interval '3 years' then ${sql.lit(scores[2])}
             when ${at} is not null then ${sql.lit(scores[3])} end`;
  return sql<number>`greatest(${steps(verifiedAt, [100, 80, 60, 40])}, ${steps(updatedAt, [70, 50, 30, 10])})`;
}
