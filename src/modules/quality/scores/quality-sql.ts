import { sql, type RawBuilder } from 'kysely';

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
