import type {
  ContactChannel,
  CustomerCategory,
  HouseholdRole,
  VerificationMethod,
} from '../modules/customers/index.ts';
import { displayName, searchText, sortKey } from '../modules/customers/index.ts';
import type { Draft } from './customer-draft.ts';
import { isoDay } from './demo-dates.ts';
import type { DemoBatch } from './demo-tables.ts';
import { masculineSurname } from './names-ru.ts';
import type { PersonProfile } from './person-profile.ts';
import { weighted, type Prng, type Weighted } from './prng.ts';
import type { Culture } from './profile-data.ts';

/** The name fields the customers module derives display name, sort key and search text from. */
export type NameParts = Parameters<typeof displayName>[0];

export type Household = { id: string; role: HouseholdRole };

const preferredChannels: Record<Culture, Weighted<ContactChannel>> = {
  ru: weighted<ContactChannel>({ phone: 35, messenger: 25, sms: 15, email: 20, post: 5 }),
  en: weighted<ContactChannel>({ email: 50, phone: 25, messenger: 20, sms: 5 }),
  zh: weighted<ContactChannel>({ messenger: 55, phone: 25, sms: 12, email: 8 }),
};

/**
 * display_name, sort_key and search_text come from the customers module, so search finds
 * demo customers exactly as it finds those entered by hand. Names repeat a lot and the
 * Chinese forms need pinyin, so the results are kept per name, in two generations: the
 * names seen lately stay, memory stays bounded.
 */
export class DerivedNames {
  private current = new Map<string, [string, string, string]>();
  private previous = new Map<string, [string, string, string]>();

  of(parts: NameParts): [string, string, string] {
    if (parts.kind === 'company') return [displayName(parts), sortKey(parts), searchText(parts)];
    const key = `${parts.lastName}|${parts.firstName}|${parts.middleName ?? ''}`;
    const value = this.current.get(key) ??
      this.previous.get(key) ?? [displayName(parts), sortKey(parts), searchText(parts)];
    this.current.set(key, value);
    if (this.current.size >= 100_000) {
      this.previous = this.current;
      this.current = new Map();
    }
    return value;
  }
}

export function namePartsOf(draft: Draft): NameParts {
  if (draft.kind === 'company') {
    return {
      kind: 'company',
      companyName: draft.company!.companyName,
      legalForm: draft.company!.legalForm,
      taxId: draft.company!.taxId,
    };
  }
  return {
    kind: 'person',
    firstName: draft.firstName,
    middleName: draft.middleName,
    lastName: draft.lastName,
  };
}

export function writeCustomer(
  rng: Prng,
  batch: DemoBatch,
  names: DerivedNames,
  draft: Draft,
  profile: PersonProfile | null,
  household: Household | null,
  created: string,
  updated: string,
): void {
  const [display, sort, search] = names.of(namePartsOf(draft));
  const categories: CustomerCategory[] = draft.company ? [...draft.company.categories] : [];
  if (!draft.company) {
    const roll = rng.float();
    if (roll < 0.015) categories.push('employee');
    else if (roll < 0.035 && profile?.incomeBand !== 'low') categories.push('vip');
    else if (roll < 0.04) categories.push('dealer_staff');
  }
  const language = draft.culture;
  batch.customers.push(
    draft.id,
    draft.kind,
    draft.stage,
    draft.firstName,
    draft.middleName,
    draft.lastName,
    draft.gender,
    draft.birthDay === null ? null : isoDay(draft.birthDay),
    profile?.education ?? null,
    profile?.occupation ?? null,
    profile?.employer ?? null,
    profile?.incomeBand ?? null,
    profile?.maritalStatus ?? null,
    profile?.childrenCount ?? null,
    profile?.interests ?? [],
    profile?.personalValues ?? [],
    profile?.friendsCars ?? null,
    household?.id ?? null,
    household?.role ?? null,
    draft.company?.companyName ?? null,
    draft.company?.legalForm ?? null,
    draft.company?.taxId ?? null,
    categories,
    language,
    preferredChannels[language].pick(rng),
    draft.dealer.timezone,
    draft.source,
    prospectNote(rng, draft),
    display,
    sort,
    search,
    draft.capturedBy?.id ?? null,
    created,
    updated > created ? updated : created,
    ...demoVerification(draft, updated > created ? updated : created),
  );
}

/**
 * Whether the demo person's data was confirmed with him, and how: about half of the buyers and
 * owners (papers seen at the sale, the reception of a service visit), a few prospects on the
 * phone, at the record's last change. Decided by the id, not the generator's random stream, so
 * every other generated value stays what the seed made it before this column existed.
 */
function demoVerification(draft: Draft, at: string): [string | null, VerificationMethod | null] {
  const share =
    draft.stage === 'owner' || draft.stage === 'customer'
      ? 0.55
      : draft.stage === 'prospect'
        ? 0.15
        : 0;
  if (idFraction(draft.id) >= share) return [null, null];
  const method: VerificationMethod =
    draft.stage === 'owner'
      ? 'service_reception'
      : draft.stage === 'customer'
        ? 'in_person'
        : 'phone_call';
  return [at, method];
}

/** An even spread in [0, 1) from a demo id, whose counter digits are at its end (prng.ts). */
function idFraction(id: string): number {
  return (Math.imul(Number.parseInt(id.slice(-8), 16), 0x9e3779b1) >>> 0) / 2 ** 32;
}

/** What a consultant notes about a prospect: the model, budget and when (seed 001 §2). */
function prospectNote(rng: Prng, draft: Draft): string | null {
  if (draft.stage !== 'prospect' || !rng.chance(0.3)) return null;
  const months = rng.pick([1, 2, 3, 6, 9, 12]);
  if (draft.lang === 'zh') {
    return `意向车型：${draft.model}，预算${rng.int(8, 25)}万元，计划${months}个月内购车`;
  }
  const budget = (rng.int(20, 50) / 10).toFixed(1).replace('.', ',');
  return `Интересуется ${draft.model}, бюджет до ${budget} млн ₽, покупка через ${months} мес.`;
}

/** The household's name: 王家, The Smith family, Семья Ивановых. */
export function householdName(draft: Draft): string {
  if (draft.culture === 'zh') return `${draft.lastName}家`;
  if (draft.culture === 'en') return `The ${draft.lastName} family`;
  return `Семья ${familyGenitive(familyMasculine(draft))}`;
}

/** The family's surname in its masculine form (a Russian wife's Иванова -> Иванов). */
export function familyMasculine(draft: Draft): string {
  return draft.gender === 'male' ? draft.lastName! : masculineSurname(draft.lastName!);
}

/** "Семья Ивановых": the plural genitive of a Russian surname. */
function familyGenitive(masculine: string): string {
  if (/(ов|ев|ёв|ин|ын)$/.test(masculine)) return `${masculine}ых`;
  if (/(ский|цкий)$/.test(masculine)) return `${masculine.slice(0, -2)}их`;
  if (/ой$/.test(masculine)) return `${masculine.slice(0, -2)}ых`;
  return masculine;
}
