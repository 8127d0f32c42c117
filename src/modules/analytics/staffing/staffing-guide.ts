/**
 * The dealer CRM team sizing of seed 002 (BMW China's guide): how many people a dealer's CRM
 * department needs for its annual new-car sales target. The seed's table, as far as its text
 * survives (the scan is cut off before the first band's start and after the last band's first
 * line): what the seed does not say is null, never guessed.
 */
export type StaffingBand = {
  /** annual sales target, inclusive lower bound (null: from zero) */
  minTarget: number | null;
  /** exclusive upper bound (null: no upper bound) */
  maxTarget: number | null;
  managers: number;
  /** specialists for loyalty (owner care, club, retention) */
  loyaltySpecialists: number | null;
  /** specialists for conquest (winning prospects) and data management */
  conquestDataSpecialists: number | null;
  /** what the band's people also cover, or what the seed leaves out, as a code the web app words */
  note: 'manager_covers_loyalty_and_data' | 'source_cut_off' | null;
};

export const staffingBands: readonly StaffingBand[] = [
  {
    minTarget: null,
    maxTarget: 600,
    managers: 1,
    loyaltySpecialists: 0,
    conquestDataSpecialists: 0,
    note: 'manager_covers_loyalty_and_data',
  },
  {
    minTarget: 600,
    maxTarget: 1000,
    managers: 1,
    loyaltySpecialists: 1,
    conquestDataSpecialists: 1,
    note: null,
  },
  {
    minTarget: 1000,
    maxTarget: 1500,
    managers: 1,
    loyaltySpecialists: 2,
    conquestDataSpecialists: 1,
    note: null,
  },
  {
    minTarget: 1500,
    maxTarget: null,
    managers: 1,
    loyaltySpecialists: null,
    conquestDataSpecialists: null,
    note: 'source_cut_off',
  },
];

export type StaffingAdvice = StaffingBand & {
  annualTarget: number;
  /** everyone the band names; null when the seed does not give the whole team */
  total: number | null;
};

/** The band an annual sales target falls in (a target of exactly 600 is in 600-1000). */
export function staffingFor(annualTarget: number): StaffingAdvice {
  const band = staffingBands.find(
    (candidate) =>
      (candidate.minTarget === null || annualTarget >= candidate.minTarget) &&
      (candidate.maxTarget === null || annualTarget < candidate.maxTarget),
  )!;
  const total =
    band.loyaltySpecialists === null || band.conquestDataSpecialists === null
      ? null
      : band.managers + band.loyaltySpecialists + band.conquestDataSpecialists;
  return { ...band, annualTarget, total };
}
