import { describe, expect, it } from 'vitest';
import { quietHoursRelease } from './contact-rules.service.ts';

describe('quiet hours are kept in the person’s own time zone', () => {
  const overnight = { quietStart: 21, quietEnd: 9 };

  it('holds a message sent at 23:30 in Moscow until 09:00 Moscow time', () => {
    // 20:30 UTC = 23:30 in Moscow (UTC+3)
    const at = new Date('2026-12-03T20:30:00Z');
    expect(quietHoursRelease(at, overnight, 'Europe/Moscow', 'UTC').toISOString()).toBe(
      '2026-12-04T06:00:00.000Z',
    );
  });

  it('lets the same moment go at once to a person in Vladivostok, where it is morning', () => {
    // 20:30 UTC = 06:30 next day in Vladivostok (UTC+10): still quiet until 09:00 there
    const at = new Date('2026-12-03T20:30:00Z');
    expect(quietHoursRelease(at, overnight, 'Asia/Vladivostok', 'UTC').toISOString()).toBe(
      '2026-12-03T23:00:00.000Z',
    );
    // 02:00 UTC = 12:00 in Vladivostok: not quiet
    const noon = new Date('2026-12-04T02:00:00Z');
    expect(quietHoursRelease(noon, overnight, 'Asia/Vladivostok', 'UTC')).toBe(noon);
  });

  it('holds an early-morning message in Shanghai until the end of the quiet hours', () => {
    // 22:15 UTC = 06:15 in Shanghai (UTC+8)
    const at = new Date('2026-12-03T22:15:00Z');
    expect(quietHoursRelease(at, overnight, 'Asia/Shanghai', 'UTC').toISOString()).toBe(
      '2026-12-04T01:00:00.000Z',
    );
  });

  it('falls back to the dealer’s zone when the person’s is unknown or not a real zone', () => {
    const at = new Date('2026-12-03T20:30:00Z');
    expect(quietHoursRelease(at, overnight, 'Mars/Olympus', 'Europe/Moscow').toISOString()).toBe(
      '2026-12-04T06:00:00.000Z',
    );
  });

  it('has no quiet hours when start equals end, and handles a window within one day', () => {
    const at = new Date('2026-12-03T20:30:00Z');
    expect(quietHoursRelease(at, { quietStart: 0, quietEnd: 0 }, 'Europe/Moscow', 'UTC')).toBe(at);
    // quiet 13-15 local; 10:10 UTC = 13:10 Moscow → 15:00 Moscow = 12:00 UTC
    const lunch = new Date('2026-12-03T10:10:00Z');
    expect(
      quietHoursRelease(
        lunch,
        { quietStart: 13, quietEnd: 15 },
        'Europe/Moscow',
        'UTC',
      ).toISOString(),
    ).toBe('2026-12-03T12:00:00.000Z');
  });
});
