import { normalizePhone, phoneDigits } from '../../../lib/phone.ts';
import { splitFullName } from './name-parts.ts';
import { prepareName, type NameValue } from './names.ts';
import { preparePatronymic, type PatronymicValue } from './patronymic.ts';
import { wordSet } from './similarity.ts';

/** A person as a file or the customer base gives it: every field optional text. */
export type PersonRecord = {
  id: string;
  firstName?: string | undefined;
  middleName?: string | undefined;
  lastName?: string | undefined;
  /** used when first and last name are not given separately */
  fullName?: string | undefined;
  birthDate?: string | undefined;
  gender?: string | undefined;
  /** one or several numbers separated by , ; or / */
  phone?: string | undefined;
  email?: string | undefined;
  address?: string | undefined;
  city?: string | undefined;
  postcode?: string | undefined;
  vin?: string | undefined;
  /** a personal identifier (passport, social security number) when the source has one */
  nationalId?: string | undefined;
};

export type PersonField = Exclude<keyof PersonRecord, 'id'>;

export const personFields: readonly PersonField[] = [
  'firstName',
  'middleName',
  'lastName',
  'fullName',
  'birthDate',
  'gender',
  'phone',
  'email',
  'address',
  'city',
  'postcode',
  'vin',
  'nationalId',
];

/** A record in the comparable form: every value normalised once, before any pair is compared. */
export type PreparedRecord = {
  id: string;
  first: NameValue | undefined;
  last: NameValue | undefined;
  /** patronymic or middle name */
  middle: PatronymicValue | undefined;
  /** birth date as 8 digits YYYYMMDD, kept even when not a real calendar date (a typo) */
  birth: string | undefined;
  gender: 'm' | 'f' | undefined;
  phones: string[];
  email: string | undefined;
  address: string | undefined;
  /** the address's distinct words, sorted */
  addressWords: string[];
  city: string | undefined;
  postcode: string | undefined;
  vin: string | undefined;
  nationalId: string | undefined;
};

/**
 * 2026-12-20, 20261220, 20.12.2026, 20/12/2026, 12/20/2026 (month first only when the
 * first number cannot be a month), 1980-5-3 to YYYYMMDD. Invalid calendar dates are kept:
 * comparing a typo with the right date is how day/month swaps and one-digit errors are found.
 */
export function normalizeBirthDate(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const text = raw.trim();
  let match = /^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})(?:[T ].*)?$/.exec(text);
  if (match && (text.length === 8 || /\D/.test(text.slice(0, 10)))) {
    return match[1]! + match[2]!.padStart(2, '0') + match[3]!.padStart(2, '0');
  }
  match = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(text);
  if (match) {
    let day = Number(match[1]);
    let month = Number(match[2]);
    if (month > 12 && day <= 12) [day, month] = [month, day];
    return match[3]! + String(month).padStart(2, '0') + String(day).padStart(2, '0');
  }
  return undefined;
}

const gmailDomains = new Set(['gmail.com', 'googlemail.com']);
const yandexDomains = new Set(['yandex.ru', 'ya.ru', 'yandex.com', 'yandex.by', 'yandex.kz']);

/**
 * The mailbox an address delivers to: case folded; Gmail ignores dots and "+tags" in the
 * local part; Yandex treats its domains as one and "-" like ".".
 */
export function canonicalEmail(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const text = raw.trim().toLowerCase();
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return text || undefined;
  let local = text.slice(0, at);
  let domain = text.slice(at + 1);
  if (gmailDomains.has(domain)) {
    local = local.replace(/\+.*$/, '').replace(/\./g, '');
    domain = 'gmail.com';
  } else if (yandexDomains.has(domain)) {
    local = local.replace(/\+.*$/, '').replace(/-/g, '.');
    domain = 'yandex.ru';
  }
  return `${local}@${domain}`;
}

/**
 * The forms that make up most of our users' lists, read without the full parser (it costs
 * about 30 µs a number, half a minute on a million records): +7 / 8 and ten digits of a
 * Russian number, +86 and a Chinese mobile.
 */
function commonForm(text: string, country: string): string | undefined {
  const digits = phoneDigits(text);
  const international = text.trimStart().startsWith('+');
  if (digits.length === 11 && digits[0] === '7' && international && /^7[3489]/.test(digits))
    return `+${digits}`;
  if (digits.length === 11 && !international && country === 'RU' && /^[78][3489]/.test(digits)) {
    return `+7${digits.slice(1)}`;
  }
  if (digits.length === 13 && international && /^861[3-9]/.test(digits)) return `+${digits}`;
  if (digits.length === 11 && !international && country === 'CN' && /^1[3-9]/.test(digits))
    return `+86${digits}`;
  return undefined;
}

/**
 * A number written without its country code is read with the file's country; failing that,
 * an 11-digit 1[3-9]... is a Chinese mobile and 8 9xx ... / 7 9xx ... a Russian one (mixed
 * lists of a group that sells in both countries).
 */
function parsePhone(text: string, country: string): string | undefined {
  const fast = commonForm(text, country);
  if (fast) return fast;
  const direct = normalizePhone(text, country)?.e164;
  if (direct) return direct;
  const digits = phoneDigits(text);
  if (/^1[3-9]\d{9}$/.test(digits)) return normalizePhone(digits, 'CN')?.e164;
  if (/^[78]9\d{9}$/.test(digits)) return normalizePhone(digits, 'RU')?.e164;
  return undefined;
}

/** Phones to E.164 with the file's country; what does not parse is kept as its digits. */
export function canonicalPhones(raw: string | undefined, country: string): string[] {
  if (!raw) return [];
  const out = new Set<string>();
  for (const part of raw.split(/[,;/]|\s{2,}/)) {
    if (!/\d/.test(part)) continue;
    const parsed = parsePhone(part, country);
    if (parsed) out.add(parsed);
    else {
      const digits = phoneDigits(part);
      if (digits.length >= 5) out.add(`#${digits}`);
    }
  }
  return [...out];
}

const addressWords: Record<string, string> = {
  street: 'st',
  road: 'rd',
  avenue: 'ave',
  drive: 'dr',
  place: 'pl',
  court: 'ct',
  crescent: 'cres',
  circuit: 'cct',
  улица: 'ул',
  проспект: 'пр',
  переулок: 'пер',
  дом: 'д',
  квартира: 'кв',
  корпус: 'к',
  строение: 'стр',
};

/** Lower case, punctuation to spaces, common street words shortened. */
export function canonicalAddress(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const words = raw
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[.,;:#№"'()/\\-]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => addressWords[word] ?? word);
  return words.length > 0 ? words.join(' ') : undefined;
}

function canonicalPlace(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const text = raw
    .toLowerCase()
    .replace(/^(?:г\.|город)\s*/u, '')
    .replace(/[.,'"-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text || undefined;
}

function canonicalGender(raw: string | undefined): 'm' | 'f' | undefined {
  if (!raw) return undefined;
  const value = raw.trim().toLowerCase();
  if (['m', 'male', 'man', 'м', 'муж', 'мужской', '男'].includes(value)) return 'm';
  if (['f', 'female', 'woman', 'ж', 'жен', 'женский', '女'].includes(value)) return 'f';
  return undefined;
}

function compact(raw: string | undefined): string | undefined {
  const text = raw?.replace(/[\s-]+/g, '').toUpperCase();
  return text ? text : undefined;
}

/** Normalise one record; `country` reads national phone numbers (RU: 8 916 ... is +7 916 ...). */
export function prepareRecord(record: PersonRecord, country = 'RU'): PreparedRecord {
  let { firstName, middleName, lastName } = record;
  if (!firstName && !lastName && record.fullName) {
    const split = splitFullName(record.fullName);
    firstName = split.firstName;
    lastName = split.lastName;
    middleName ||= split.middleName;
  }
  const address = canonicalAddress(record.address);
  return {
    id: record.id,
    first: prepareName(firstName, false),
    last: prepareName(lastName, true),
    middle: preparePatronymic(middleName),
    birth: normalizeBirthDate(record.birthDate),
    gender: canonicalGender(record.gender),
    phones: canonicalPhones(record.phone, country),
    email: canonicalEmail(record.email),
    address,
    addressWords: address ? wordSet(address) : [],
    city: canonicalPlace(record.city),
    postcode: compact(record.postcode),
    vin: compact(record.vin),
    nationalId: compact(record.nationalId),
  };
}
