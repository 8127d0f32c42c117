import { describe, expect, it } from 'vitest';
import { latestDateOnEarth, localDate } from './zoned-time.ts';

describe('calendar days in a zone', () => {
  const lateEveningUtc = new Date('2026-03-31T22:30:00Z');

  it('gives the day the instant falls on there', () => {
    expect(localDate(lateEveningUtc, 'UTC')).toBe('2026-03-31');
    expect(localDate(lateEveningUtc, 'Asia/Shanghai')).toBe('2026-04-01');
    expect(localDate(lateEveningUtc, 'Asia/Vladivostok')).toBe('2026-04-01');
    expect(localDate(lateEveningUtc, 'America/Los_Angeles')).toBe('2026-03-31');
  });

  it('counts in UTC for a zone that is not one (a free-text dealer zone)', () => {
    expect(localDate(lateEveningUtc, 'Mars/Olympus_Mons')).toBe('2026-03-31');
  });

  it('takes the latest day on Earth from UTC+14', () => {
    expect(latestDateOnEarth(new Date('2026-03-31T09:59:00Z'))).toBe('2026-03-31');
    expect(latestDateOnEarth(new Date('2026-03-31T10:00:00Z'))).toBe('2026-04-01');
  });
});
