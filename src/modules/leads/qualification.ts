import type { Temperature } from './schema.ts';

/**
 * Temperature is derived when read, from the intended purchase date and today's date, so a
 * label never goes stale: hot = buys within 3 months, warm = 3 to 12, cold = later (issue 3).
 * The same rule as SQL lives in `temperatureSql` (lead-queries.ts); keep both in step.
 */
export function temperatureOf(intendedPurchaseDate: string | null, today: string): Temperature {
  if (!intendedPurchaseDate) return 'unknown';
  if (intendedPurchaseDate <= addMonths(today, 3)) return 'hot';
  if (intendedPurchaseDate <= addMonths(today, 12)) return 'warm';
  return 'cold';
}

/** `YYYY-MM-DD` plus whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(isoDate: string, months: number): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** The 11 basic fields of a qualified prospect (seed 002 part II), in the seed's order. */
export const qualificationFields = [
  'consultant',
  'customerType',
  'source',
  'privateOrCompany',
  'gender',
  'surname',
  'phone',
  'currentCar',
  'intendedPurchaseDate',
  'modelOfInterest',
  'lastContactAndNextPlan',
] as const;
export type QualificationField = (typeof qualificationFields)[number];

export type QualificationFacts = {
  assignedUserId: string | null;
  /** prospect / customer / owner: the person's lifecycle stage */
  lifecycleStage: string | null;
  sourceKey: string | null;
  customerKind: 'person' | 'company' | null;
  gender: string | null;
  /** surname of a person, name of a company */
  surname: string | null;
  hasPhone: boolean;
  currentCarMake: string | null;
  currentCarModel: string | null;
  intendedPurchaseDate: string | null;
  hasModelOfInterest: boolean;
  lastContactResult: string | null;
  nextContactPlan: string | null;
};

/** The basic fields still unknown; a lead is qualified when none is missing. */
export function missingQualification(facts: QualificationFacts): QualificationField[] {
  const known: Record<QualificationField, boolean> = {
    consultant: facts.assignedUserId != null,
    customerType: facts.lifecycleStage != null,
    source: facts.sourceKey != null,
    privateOrCompany: facts.customerKind != null,
    // a company has no gender: the field is known by its nature
    gender:
      facts.customerKind === 'company' || (facts.gender != null && facts.gender !== 'unknown'),
    surname: !!facts.surname,
    phone: facts.hasPhone,
    currentCar: !!facts.currentCarMake && !!facts.currentCarModel,
    intendedPurchaseDate: facts.intendedPurchaseDate != null,
    modelOfInterest: facts.hasModelOfInterest,
    lastContactAndNextPlan: !!facts.lastContactResult && !!facts.nextContactPlan,
  };
  return qualificationFields.filter((field) => !known[field]);
}
