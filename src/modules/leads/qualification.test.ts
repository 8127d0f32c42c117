import { describe, expect, it } from 'vitest';
import { addMonths, missingQualification, temperatureOf } from './qualification.ts';

describe('temperature follows the calendar', () => {
  it('a buyer for next month is hot, then stays hot; one for next year cools down as the date nears', () => {
    expect(temperatureOf('2027-02-15', '2026-12-03')).toBe('hot');
    expect(temperatureOf('2027-06-01', '2026-12-03')).toBe('warm');
    expect(temperatureOf('2028-01-10', '2026-12-03')).toBe('cold');
    // the same person, months later: nobody relabelled him, yet he warmed up
    expect(temperatureOf('2028-01-10', '2027-03-01')).toBe('warm');
    expect(temperatureOf('2028-01-10', '2027-11-01')).toBe('hot');
    expect(temperatureOf(null, '2026-12-03')).toBe('unknown');
  });

  it('counts months on the calendar, at the borders too', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(temperatureOf('2027-03-03', '2026-12-03')).toBe('hot');
    expect(temperatureOf('2027-03-04', '2026-12-03')).toBe('warm');
    expect(temperatureOf('2027-12-03', '2026-12-03')).toBe('warm');
    expect(temperatureOf('2027-12-04', '2026-12-03')).toBe('cold');
  });
});

describe('a qualified prospect has the 11 basic fields', () => {
  const complete = {
    assignedUserId: 'u1',
    lifecycleStage: 'prospect',
    sourceKey: 'showroom',
    customerKind: 'person' as const,
    gender: 'male',
    surname: 'Petrov',
    hasPhone: true,
    currentCarMake: 'Lada',
    currentCarModel: 'Vesta',
    intendedPurchaseDate: '2027-01-01',
    hasModelOfInterest: true,
    lastContactResult: 'interested',
    nextContactPlan: 'invite to a test drive',
  };

  it('names nothing when everything is known', () => {
    expect(missingQualification(complete)).toEqual([]);
  });

  it('names each missing field', () => {
    expect(
      missingQualification({
        ...complete,
        assignedUserId: null,
        gender: 'unknown',
        currentCarModel: null,
        nextContactPlan: null,
      }),
    ).toEqual(['consultant', 'gender', 'currentCar', 'lastContactAndNextPlan']);
  });

  it('does not ask a company for its gender', () => {
    expect(missingQualification({ ...complete, customerKind: 'company', gender: null })).toEqual(
      [],
    );
  });
});
