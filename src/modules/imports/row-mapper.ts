import { parseAmountMinor } from '../../lib/currency.ts';
import { isValidEmail } from '../../lib/email.ts';
import { normalizePhone } from '../../lib/phone.ts';
import type {
  LeadCaptureConsent,
  LeadCaptureInput,
  LeadCapturePerson,
} from '../leads/capture.types.ts';
import { splitFullName } from '../quality/index.ts';
import type { ColumnSuggestion, ImportField } from './column-mapping.ts';

/** What one list row needs besides its cells. */
export type RowContext = {
  source: string;
  campaign?: string;
  dealerCode?: string;
  /** where consents given in the list came from, e.g. "import:visitors.xlsx" */
  consentSource: string;
  country: string;
  currency: string;
  /** the job id: with the line number, the lead's external reference when the list has none */
  jobId: string;
};

/** `verifiedAt`: the row's own data date (ISO day), for a trusted import's verification. */
export type MappedRow =
  { ok: true; input: LeadCaptureInput; verifiedAt?: string } | { ok: false; reason: string };

class RowProblem extends Error {}

const yes = new Set([
  'yes',
  'y',
  'true',
  '1',
  'x',
  '+',
  'да',
  'д',
  'согласен',
  'согласна',
  '是',
  '同意',
  '√',
  '✓',
]);
const no = new Set(['no', 'n', 'false', '0', '-', 'нет', 'н', 'не согласен', '否', '不同意']);

function cell(values: string[], mapping: ColumnSuggestion, field: ImportField): string | undefined {
  const column = mapping[field];
  if (column === undefined) return undefined;
  const text = values[column]?.trim();
  return text ? text : undefined;
}

function genderOf(text: string | undefined): 'male' | 'female' | undefined {
  if (!text) return undefined;
  const value = text.toLowerCase();
  if (['m', 'male', 'man', 'м', 'муж', 'мужской', '男'].includes(value)) return 'male';
  if (['f', 'female', 'woman', 'ж', 'жен', 'женский', '女'].includes(value)) return 'female';
  throw new RowProblem(`gender «${text}» is neither male nor female`);
}

function conditionOf(text: string | undefined): 'new' | 'used' | undefined {
  if (!text) return undefined;
  const value = text.toLowerCase();
  if (['new', 'новый', 'новая', '新', '新车'].includes(value)) return 'new';
  if (['used', 'б/у', 'бу', 'подержанный', 'с пробегом', '二手', '二手车'].includes(value))
    return 'used';
  throw new RowProblem(`condition «${text}» is neither new nor used`);
}

/** 2026-12-20, 20.12.2026, 2026/12/20 into an ISO date. */
export function dateOf(text: string | undefined, field: string): string | undefined {
  if (!text) return undefined;
  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(text);
  let parts: [string, string, string] | undefined;
  if (match) parts = [match[1]!, match[2]!, match[3]!];
  else {
    match = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(text);
    if (match) parts = [match[3]!, match[2]!, match[1]!];
  }
  if (!parts) throw new RowProblem(`${field} «${text}» is not a date`);
  const iso = `${parts[0]}-${parts[1].padStart(2, '0')}-${parts[2].padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    throw new RowProblem(`${field} «${text}» is not a date`);
  }
  return iso;
}

/** A data date: a day, never after today (a date to come cannot have confirmed anything). */
function dataDateOf(text: string | undefined): string | undefined {
  const iso = dateOf(text, 'verified at');
  // a day of slack: east of Greenwich "today" is already tomorrow in UTC
  const latest = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  if (iso && iso > latest) {
    throw new RowProblem(`verified at «${text}» lies in the future`);
  }
  return iso;
}

function yearOf(text: string | undefined, field: string): number | undefined {
  if (!text) return undefined;
  const year = Number(text);
  const latest = new Date().getUTCFullYear() + 1;
  if (!/^\d{4}$/.test(text) || year < 1900 || year > latest) {
    throw new RowProblem(`${field} «${text}» is not a year`);
  }
  return year;
}

/** A budget in the import's currency, as its minor units (the yen has none, so "1500,50" is refused). */
function minorUnitsOf(text: string | undefined, currency: string): number | undefined {
  if (!text) return undefined;
  const minor = parseAmountMinor(text, currency);
  if (minor === undefined) throw new RowProblem(`budget «${text}» is not an amount`);
  return minor;
}

function consentOf(
  text: string | undefined,
  channel: LeadCaptureConsent['channel'],
  source: string,
): LeadCaptureConsent[] {
  if (!text) return [];
  const value = text.toLowerCase();
  if (yes.has(value)) return [{ channel, granted: true, source }];
  if (no.has(value)) return [{ channel, granted: false, source }];
  throw new RowProblem(`${channel} consent «${text}» is neither yes nor no`);
}

function prune<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, member]) => member !== undefined),
  ) as T;
}

/** One row of a list into a lead capture, or the reason it cannot be one. */
export function mapRow(
  values: string[],
  line: number,
  mapping: ColumnSuggestion,
  context: RowContext,
): MappedRow {
  try {
    const get = (field: ImportField) => cell(values, mapping, field);
    const phones = (['phone', 'phone2'] as const).flatMap((field) => {
      const number = get(field);
      if (!number) return [];
      if (!normalizePhone(number, context.country)) {
        throw new RowProblem(`«${number}» is not a phone number`);
      }
      return [{ number }];
    });
    const email = get('email');
    if (email && !isValidEmail(email)) throw new RowProblem(`«${email}» is not an e-mail address`);
    if (phones.length === 0 && !email) throw new RowProblem('neither a phone nor an e-mail');
    const full = get('fullName');
    const names = prune({
      firstName: get('firstName'),
      middleName: get('middleName'),
      lastName: get('lastName'),
    });
    const companyName = get('companyName');
    const person: LeadCapturePerson = prune({
      kind:
        companyName && !full && !names.lastName && !names.firstName
          ? ('company' as const)
          : ('person' as const),
      ...(full && !names.firstName && !names.lastName ? splitFullName(full) : {}),
      ...names,
      companyName,
      gender: genderOf(get('gender')),
      phones,
      emails: email ? [{ address: email }] : [],
      city: get('city'),
      postcode: get('postcode'),
    });
    const vehicle = prune({
      make: get('make'),
      model: get('model'),
      trim: get('trim'),
      colour: get('colour'),
      condition: conditionOf(get('condition')),
    });
    const currentCar = prune({
      make: get('currentCarMake'),
      model: get('currentCarModel'),
      year: yearOf(get('currentCarYear'), 'current car year'),
    });
    const budgetMinor = minorUnitsOf(get('budget'), context.currency);
    const consents = [
      ...consentOf(get('consentEmail'), 'email', context.consentSource),
      ...consentOf(get('consentSms'), 'sms', context.consentSource),
      ...consentOf(get('consentPhone'), 'phone', context.consentSource),
    ];
    const input: LeadCaptureInput = prune({
      source: context.source,
      dealerCode: get('dealerCode')?.toUpperCase() ?? context.dealerCode,
      campaign: get('campaign') ?? context.campaign,
      person,
      vehicles: Object.keys(vehicle).length > 0 ? [vehicle] : undefined,
      currentCar: Object.keys(currentCar).length > 0 ? currentCar : undefined,
      intendedPurchaseDate: dateOf(get('intendedPurchaseDate'), 'purchase date'),
      timeframe: get('timeframe'),
      budgetMinor,
      currency: budgetMinor !== undefined ? context.currency : undefined,
      comment: get('comment'),
      consents: consents.length > 0 ? consents : undefined,
      // A list row is captured once even when the same file is run twice.
      externalRef: get('externalRef') ?? `import:${context.jobId}:${line}`,
    });
    const verifiedAt = dataDateOf(get('verifiedAt'));
    return verifiedAt ? { ok: true, input, verifiedAt } : { ok: true, input };
  } catch (error) {
    if (error instanceof RowProblem) return { ok: false, reason: error.message };
    throw error;
  }
}
