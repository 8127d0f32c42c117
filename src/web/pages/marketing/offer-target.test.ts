import { describe, expect, it } from 'vitest';
import { conditionOf, emptyTarget, simpleOf } from './offer-target.ts';

describe('an offer’s simple target', () => {
  it('is a vehicle of the series and age, and no visit in the last months', () => {
    const target = {
      series: ['X5', 'X6'],
      vehicleAgeMin: 3,
      vehicleAgeMax: null,
      noVisitMonths: 12,
    };
    const tree = conditionOf(target)!;
    expect(tree).toEqual({
      type: 'and',
      conditions: [
        { type: 'vehicle', series: ['X5', 'X6'], ageYears: { min: 3 } },
        {
          type: 'not',
          condition: { type: 'service', when: { from: { ago: { amount: 12, unit: 'months' } } } },
        },
      ],
    });
    expect(simpleOf(tree)).toEqual(target);
  });

  it('gives one condition without a group, none when nothing is set', () => {
    const age = { ...emptyTarget, vehicleAgeMax: 2 };
    expect(conditionOf(age)).toEqual({ type: 'vehicle', ageYears: { max: 2 } });
    expect(simpleOf(conditionOf(age)!)).toEqual(age);
    expect(conditionOf(emptyTarget)).toBeNull();
  });

  it('leaves any other tree to the JSON editor', () => {
    expect(
      simpleOf({ type: 'consent', channel: 'email', purpose: 'marketing', granted: true }),
    ).toBeNull();
    expect(simpleOf({ type: 'vehicle', makes: ['Xcar'] })).toBeNull();
  });
});
