import type { Condition } from '../../api/marketing.ts';

/**
 * The simple conditions the offers page edits (issue 5: "model series owned, vehicle age, last
 * visit"), as one condition tree the segment compiler runs: a vehicle of these series and this
 * age, and no service visit in the last N months. Anything else is edited as JSON.
 */
export type SimpleTarget = {
  /** model series owned, any of them (none: any vehicle's series) */
  series: string[];
  vehicleAgeMin: number | null;
  vehicleAgeMax: number | null;
  /** no service visit in the last N months (null: visits do not matter) */
  noVisitMonths: number | null;
};

export const emptyTarget: SimpleTarget = {
  series: [],
  vehicleAgeMin: null,
  vehicleAgeMax: null,
  noVisitMonths: null,
};

/** The tree of the simple conditions, or null when none is given. */
export function conditionOf(target: SimpleTarget): Condition | null {
  const parts: Condition[] = [];
  const age = {
    ...(target.vehicleAgeMin !== null ? { min: target.vehicleAgeMin } : {}),
    ...(target.vehicleAgeMax !== null ? { max: target.vehicleAgeMax } : {}),
  };
  if (target.series.length > 0 || Object.keys(age).length > 0) {
    parts.push({
      type: 'vehicle',
      ...(target.series.length > 0 ? { series: target.series } : {}),
      ...(Object.keys(age).length > 0 ? { ageYears: age } : {}),
    });
  }
  if (target.noVisitMonths !== null) {
    parts.push({
      type: 'not',
      condition: {
        type: 'service',
        when: { from: { ago: { amount: target.noVisitMonths, unit: 'months' } } },
      },
    });
  }
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : { type: 'and', conditions: parts };
}

/** The simple conditions a tree is, or null when it is something else (edited as JSON). */
export function simpleOf(condition: Condition): SimpleTarget | null {
  const parts = condition.type === 'and' ? condition.conditions : [condition];
  const target: SimpleTarget = { ...emptyTarget };
  for (const part of parts) {
    if (part.type === 'vehicle') {
      target.series = part.series ?? [];
      target.vehicleAgeMin = part.ageYears?.min ?? null;
      target.vehicleAgeMax = part.ageYears?.max ?? null;
    } else if (
      part.type === 'not' &&
      part.condition.type === 'service' &&
      part.condition.when?.from &&
      'ago' in part.condition.when.from &&
      part.condition.when.from.ago.unit === 'months'
    ) {
      target.noVisitMonths = part.condition.when.from.ago.amount;
    } else {
      return null;
    }
  }
  // only what converts back to the very same tree is simple
  return JSON.stringify(conditionOf(target)) === JSON.stringify(condition) ? target : null;
}
