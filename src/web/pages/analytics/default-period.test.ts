import { describe, expect, it } from 'vitest';
import { defaultPeriod, reportPeriodSpan, samePeriod } from './default-period.ts';

describe('the period a report opens on', () => {
  it('opens a month’s figures on this month so far', () => {
    expect(defaultPeriod('month', new Date('2026-12-06T06:40:00Z'))).toEqual({
      from: '2026-12-01',
      to: '2026-12-06',
    });
  });

  it('opens a per-month trend on the last 12 full months and this one', () => {
    expect(defaultPeriod('year', new Date('2026-12-06T06:40:00Z'))).toEqual({
      from: '2025-12-01',
      to: '2026-12-06',
    });
    // across the turn of the year and on the first day of a month: 13 months, never 12
    expect(defaultPeriod('year', new Date('2027-01-01T00:00:00Z'))).toEqual({
      from: '2026-01-01',
      to: '2027-01-01',
    });
    expect(defaultPeriod('year', new Date('2026-03-31T23:59:59Z'))).toEqual({
      from: '2025-03-01',
      to: '2026-03-31',
    });
  });

  it('gives the trend dashboards a year and keeps the month’s figures on the month', () => {
    const yearLong = Object.entries(reportPeriodSpan)
      .filter(([, span]) => span === 'year')
      .map(([name]) => name)
      .sort();
    expect(yearLong).toEqual(['aftersales', 'csi', 'quality']);
    expect(reportPeriodSpan.prospects).toBe('month');
  });

  it('tells a picked period from the default', () => {
    const today = new Date('2026-12-06T12:00:00Z');
    expect(samePeriod(defaultPeriod('year', today), { from: '2025-12-01', to: '2026-12-06' })).toBe(
      true,
    );
    expect(samePeriod(defaultPeriod('year', today), defaultPeriod('month', today))).toBe(false);
  });
});
