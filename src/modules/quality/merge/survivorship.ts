/**
 * Survivorship: which value the merged record keeps, field by field.
 *
 * - identity (names, birth date, gender, company name and tax id): the verified record wins,
 *   then the more trusted source, then the more complete value, then the more recently changed
 *   record. "Verified" is the record whose data was confirmed with the person more recently
 *   (customers.verified_at) when either was; when neither was (or both at the same moment), a
 *   buyer or owner, whose papers were seen at a sale;
 * - the verification itself (when, by whom, how, note): the newest of the two;
 * - profile and preferences (occupation, income, language, channel ...): the most recent value;
 * - lists (interests, values, categories): the union; notes: both kept;
 * - lifecycle stage: the most advanced (owner over customer over prospect over lost);
 * - household and source: the survivor's, else the loser's.
 */
export type MergeableRow = {
  lifecycle_stage: string;
  source: string | null;
  updated_at: Date;
  verified_at?: Date | null;
  [field: string]: unknown;
};

export const identityFields = [
  'first_name',
  'middle_name',
  'last_name',
  'birth_date',
  'gender',
  'company_name',
  'legal_form',
  'tax_id',
] as const;
export const recentFields = [
  'education',
  'occupation',
  'employer',
  'income_band',
  'marital_status',
  'children_count',
  'friends_cars',
  'preferred_language',
  'preferred_channel',
  'timezone',
] as const;
export const listFields = ['interests', 'personal_values', 'categories'] as const;
export const verificationFields = [
  'verified_at',
  'verified_by',
  'verification_method',
  'verification_note',
] as const;
const fillFields = ['household_id', 'household_role', 'source'] as const;

/** Every column a merge may take from the loser (the screen names each; its test checks). */
export const survivingFieldNames: readonly string[] = [
  ...identityFields,
  ...recentFields,
  ...listFields,
  ...verificationFields,
  ...fillFields,
  'notes',
  'lifecycle_stage',
];

/** Sources by how much their identity data is trusted (higher first); unknown ones in between. */
const sourceTrust: Record<string, number> = {
  showroom: 5,
  key_accounts: 5,
  service: 5,
  own_prospecting: 4,
  referral: 4,
  secondary_dealers: 4,
  call_center: 3,
  telemarketing: 3,
  website: 2,
  marketing_events: 2,
  advertising: 2,
  brand_cooperation: 2,
  import: 1,
  partner_data: 1,
  purchased_data: 0,
};
const trust = (source: string | null) => (source ? (sourceTrust[source] ?? 2.5) : 2.5);
const stageRank: Record<string, number> = { lost: 0, prospect: 1, customer: 2, owner: 3 };
const verifiedByStage = (row: MergeableRow) => (stageRank[row.lifecycle_stage] ?? 0) >= 2;
const verifiedTime = (row: MergeableRow) => (row.verified_at ? row.verified_at.getTime() : null);

/** Which of two records is the verified one: 1 the first, -1 the second, 0 neither of them. */
export function moreVerified(a: MergeableRow, b: MergeableRow): 1 | -1 | 0 {
  const [at, bt] = [verifiedTime(a), verifiedTime(b)];
  if (at !== bt) return (at ?? -Infinity) > (bt ?? -Infinity) ? 1 : -1;
  if (verifiedByStage(a) === verifiedByStage(b)) return 0;
  return verifiedByStage(a) ? 1 : -1;
}

const present = (value: unknown) =>
  value !== null && value !== undefined && value !== '' && value !== 'unknown';
const completeness = (value: unknown) => (present(value) ? String(value).length : 0);

export type FieldChoice = { field: string; from: 'survivor' | 'loser'; rule: string };

/** The survivor's new values (only the fields that change) and why each was chosen. */
export function survivingValues(
  survivor: MergeableRow,
  loser: MergeableRow,
): { values: Record<string, unknown>; choices: FieldChoice[] } {
  const values: Record<string, unknown> = {};
  const choices: FieldChoice[] = [];
  const take = (field: string, rule: string) => {
    values[field] = loser[field];
    choices.push({ field, from: 'loser', rule });
  };

  for (const field of identityFields) {
    const mine = survivor[field];
    const theirs = loser[field];
    if (!present(theirs) || mine === theirs) continue;
    if (!present(mine)) {
      take(field, 'most_complete');
      continue;
    }
    const verified = moreVerified(survivor, loser);
    if (verified !== 0) {
      if (verified < 0) take(field, 'verified');
      continue;
    }
    if (trust(survivor.source) !== trust(loser.source)) {
      if (trust(loser.source) > trust(survivor.source)) take(field, 'trusted_source');
      continue;
    }
    if (completeness(mine) !== completeness(theirs)) {
      if (completeness(theirs) > completeness(mine)) take(field, 'most_complete');
      continue;
    }
    if (loser.updated_at > survivor.updated_at) take(field, 'most_recent');
  }

  const [mine, theirs] = [verifiedTime(survivor), verifiedTime(loser)];
  if (theirs !== null && (mine === null || theirs > mine)) {
    for (const field of verificationFields) {
      if (survivor[field] !== loser[field]) take(field, 'most_recently_verified');
    }
  }

  for (const field of recentFields) {
    const theirs = loser[field];
    if (!present(theirs) || survivor[field] === theirs) continue;
    if (!present(survivor[field])) take(field, 'most_complete');
    else if (loser.updated_at > survivor.updated_at) take(field, 'most_recent');
  }

  for (const field of listFields) {
    const mine = (survivor[field] as string[] | null) ?? [];
    const theirs = (loser[field] as string[] | null) ?? [];
    const union = [...new Set([...mine, ...theirs])];
    if (union.length > mine.length) {
      values[field] = union;
      choices.push({ field, from: 'loser', rule: 'union' });
    }
  }

  for (const field of fillFields) {
    if (!present(survivor[field]) && present(loser[field])) take(field, 'most_complete');
  }

  const notes = [survivor.notes, loser.notes].filter(present).map(String);
  if (present(loser.notes) && loser.notes !== survivor.notes) {
    values.notes = [...new Set(notes)].join('\n');
    choices.push({ field: 'notes', from: 'loser', rule: 'union' });
  }

  if ((stageRank[loser.lifecycle_stage] ?? 0) > (stageRank[survivor.lifecycle_stage] ?? 0)) {
    take('lifecycle_stage', 'most_advanced');
  }
  return { values, choices };
}

/** Without a steward's choice the survivor is the verified record, else the older one. */
export function defaultSurvivor<T extends MergeableRow & { id: string; created_at: Date }>(
  a: T,
  b: T,
): [T, T] {
  const verified = moreVerified(a, b);
  if (verified !== 0) return verified > 0 ? [a, b] : [b, a];
  return a.created_at <= b.created_at ? [a, b] : [b, a];
}
