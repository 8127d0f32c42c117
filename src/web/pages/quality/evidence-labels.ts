/**
 * The matching engine names its comparison levels in English prose ("close (JW ≥ 0.92)"), which
 * cannot be an i18next key (dots); these are the keys under quality.evidence.level.
 * evidence-labels.test.ts holds this list to the engine's.
 */
export const evidenceLevelKeys = {
  exact: 'exact',
  'transliteration or diminutive': 'translitDiminutive',
  'transliteration or pinyin': 'translitPinyin',
  'close (JW ≥ 0.92)': 'closeJw',
  'close (JW ≥ 0.92) or another language’s form': 'closeOrForm',
  'similar (JW ≥ 0.8)': 'similarJw',
  different: 'different',
  'day/month swapped or one typo': 'dayMonthSwap',
  'within a month': 'withinMonth',
  'within a year': 'withinYear',
  'two digits differ': 'twoDigits',
  'a year and some weeks apart': 'yearAndWeeks',
  'ten years and some weeks apart': 'decadeAndWeeks',
  same: 'same',
  'same number': 'sameNumber',
  'same mailbox': 'sameMailbox',
  close: 'close',
  'one typo': 'oneTypo',
  'same VIN': 'sameVin',
} as const;

export type EvidenceLevelKey = (typeof evidenceLevelKeys)[keyof typeof evidenceLevelKeys];

/** The engine's compared fields (ComparisonKey), keys under quality.evidence.field. */
export const evidenceFields = [
  'firstName',
  'lastName',
  'patronymic',
  'birthDate',
  'gender',
  'phone',
  'email',
  'address',
  'city',
  'postcode',
  'vin',
  'nationalId',
] as const;

export type EvidenceField = (typeof evidenceFields)[number];

export function evidenceLevelKey(level: string): EvidenceLevelKey | undefined {
  return (evidenceLevelKeys as Record<string, EvidenceLevelKey>)[level];
}

export function isEvidenceField(field: string): field is EvidenceField {
  return (evidenceFields as readonly string[]).includes(field);
}

/**
 * The compared profile columns whose values are codes of a closed vocabulary (translated by
 * useVocabulary), so the side-by-side table shows "Male", not "male".
 */
export const comparedFieldVocabulary = {
  gender: 'gender',
  lifecycle_stage: 'stage',
  income_band: 'incomeBand',
  marital_status: 'maritalStatus',
  preferred_language: 'language',
  preferred_channel: 'contactChannel',
  categories: 'category',
} as const;

/**
 * The texts that already name a customer column elsewhere in the app (profile, new-customer
 * form), so the side-by-side table and a merge's fields read "First name", not "first_name".
 */
export const customerColumnLabels = {
  first_name: 'newCustomer.firstName',
  middle_name: 'newCustomer.middleName',
  last_name: 'newCustomer.lastName',
  company_name: 'newCustomer.companyName',
  legal_form: 'customer.legalForm',
  tax_id: 'customer.taxId',
  birth_date: 'customer.birthDate',
  gender: 'customer.gender',
  lifecycle_stage: 'newCustomer.stage',
  education: 'customer.education',
  occupation: 'customer.occupation',
  employer: 'customer.employer',
  income_band: 'customer.incomeBand',
  marital_status: 'customer.maritalStatus',
  children_count: 'customer.children',
  friends_cars: 'customer.friendsCars',
  interests: 'customer.interests',
  personal_values: 'customer.personalValues',
  preferred_language: 'customer.preferredLanguage',
  preferred_channel: 'customer.preferredChannel',
  source: 'customer.source',
  notes: 'customer.notes',
  categories: 'customer.categories',
  household_id: 'customer.household',
  household_role: 'quality.merge.column.householdRole',
  timezone: 'quality.merge.column.timezone',
  verified_at: 'customer.verification',
  verified_by: 'customer.verification',
  verification_method: 'customer.verification',
  verification_note: 'customer.verification',
} as const;

export type CustomerColumnLabelKey =
  (typeof customerColumnLabels)[keyof typeof customerColumnLabels];

export function customerColumnLabelKey(column: string): CustomerColumnLabelKey | undefined {
  return (customerColumnLabels as Record<string, CustomerColumnLabelKey>)[column];
}
