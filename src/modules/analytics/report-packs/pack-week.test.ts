import { describe, expect, it } from 'vitest';
import { addDays } from '../../../lib/zoned-time.ts';
import { dueWeek, mondayOf, packPeriods } from './pack-week.ts';

describe('weekly pack calendar', () => {
  it('names a week by its Monday', () => {
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(mondayOf('2026-12-01')).toBe('2026-11-30');
    expect(() => mondayOf('2026-13-01')).toThrow(RangeError);
  });

  it('is due from Monday 07:00 local time and reports the week before', () => {
    // Monday 30 Nov 2026, 06:59 in Moscow (UTC+3) is 03:59 UTC: still the week of the 16th
    expect(dueWeek(new Date('2026-11-30T03:59:00Z'), 'Europe/Moscow')).toBe('2026-11-16');
    expect(dueWeek(new Date('2026-11-30T04:00:00Z'), 'Europe/Moscow')).toBe('2026-11-23');
    // the same instant is already 12:00 in Shanghai, and still Sunday evening in New York
    expect(dueWeek(new Date('2026-11-30T04:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-23');
    expect(dueWeek(new Date('2026-11-29T23:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-23');
    expect(dueWeek(new Date('2026-11-30T04:00:00Z'), 'America/New_York')).toBe('2026-11-16');
  });

  it('keeps the same week due until the next Monday (catch-up after a stop)', () => {
    expect(dueWeek(new Date('2026-12-03T10:00:00Z'), 'Europe/Moscow')).toBe('2026-11-23');
    expect(dueWeek(new Date('2026-12-07T03:00:00Z'), 'Europe/Moscow')).toBe('2026-11-23');
    expect(dueWeek(new Date('2026-12-07T05:00:00Z'), 'Europe/Moscow')).toBe('2026-11-30');
  });

  it('compares Monday to Sunday with the week before', () => {
    expect(packPeriods('2026-11-23')).toEqual({
      current: { from: '2026-11-23', to: '2026-11-29' },
      previous: { from: '2026-11-16', to: '2026-11-22' },
    });
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
  });
});
