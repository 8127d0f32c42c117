import { describe, expect, it } from 'vitest';
import { staffingBands, staffingFor } from './staffing-guide.ts';

describe('the dealer CRM staffing guide of seed 002', () => {
  it('sizes the team by the annual sales target, band edges included in the upper band', () => {
    expect(staffingFor(450)).toMatchObject({ managers: 1, loyaltySpecialists: 0, total: 1 });
    expect(staffingFor(599)).toMatchObject({ maxTarget: 600, total: 1 });
    expect(staffingFor(600)).toMatchObject({
      minTarget: 600,
      managers: 1,
      loyaltySpecialists: 1,
      conquestDataSpecialists: 1,
      total: 3,
    });
    expect(staffingFor(1200)).toMatchObject({ loyaltySpecialists: 2, total: 4 });
    expect(staffingFor(1500)).toMatchObject({
      minTarget: 1500,
      loyaltySpecialists: null,
      total: null,
      note: 'source_cut_off',
    });
  });

  it('covers every target with exactly one band', () => {
    for (let target = 0; target <= 3000; target += 50) {
      const matching = staffingBands.filter(
        (band) =>
          (band.minTarget === null || target >= band.minTarget) &&
          (band.maxTarget === null || target < band.maxTarget),
      );
      expect(matching).toHaveLength(1);
    }
  });
});
