import { describe, expect, it } from 'vitest';
import { nextSlotTime, slotLabel } from './variant-send-time.ts';

describe('a variant’s send time', () => {
  const morning = new Date('2026-12-06T06:30:00Z'); // 09:30 in Moscow, 14:30 in Shanghai

  it('sends at once without a slot', () => {
    expect(nextSlotTime(null, morning, 'Europe/Moscow')).toEqual(morning);
  });

  it('takes the next hour on the person’s own clock, today or tomorrow', () => {
    const eighteen = { kind: 'hour', hour: 18 } as const;
    expect(nextSlotTime(eighteen, morning, 'Europe/Moscow').toISOString()).toBe(
      '2026-12-06T15:00:00.000Z',
    );
    expect(nextSlotTime(eighteen, morning, 'Asia/Shanghai').toISOString()).toBe(
      '2026-12-06T10:00:00.000Z',
    );
    // nine o'clock has passed in Moscow: tomorrow's
    expect(nextSlotTime({ kind: 'hour', hour: 9 }, morning, 'Europe/Moscow').toISOString()).toBe(
      '2026-12-07T06:00:00.000Z',
    );
    // the hour itself, to the second, is still today's
    expect(
      nextSlotTime({ kind: 'hour', hour: 9 }, new Date('2026-12-06T06:00:00Z'), 'Europe/Moscow'),
    ).toEqual(new Date('2026-12-06T06:00:00Z'));
  });

  it('keeps the local hour across a clock change (New York, 8 March 2026)', () => {
    const saturday = new Date('2026-03-07T20:00:00Z'); // 15:00 EST
    expect(
      nextSlotTime({ kind: 'hour', hour: 10 }, saturday, 'America/New_York').toISOString(),
    ).toBe('2026-03-08T14:00:00.000Z'); // 10:00 EDT
  });

  it('sends an instant as it is, and once passed at the same time on the next day it comes round', () => {
    const at = { kind: 'at', at: '2026-12-06T12:00:00Z' } as const;
    expect(nextSlotTime(at, morning, 'UTC').toISOString()).toBe('2026-12-06T12:00:00.000Z');
    expect(nextSlotTime(at, new Date('2026-12-08T13:00:00Z'), 'UTC').toISOString()).toBe(
      '2026-12-09T12:00:00.000Z',
    );
  });

  it('says the slot in the winner’s note', () => {
    expect(slotLabel({ kind: 'hour', hour: 8 })).toBe("at 08:00 on each person's clock");
    expect(slotLabel(null)).toBe('at once');
  });
});
