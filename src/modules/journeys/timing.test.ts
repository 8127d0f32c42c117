import { describe, expect, it } from 'vitest';
import { localDateTime, zonedInstant } from '../../lib/zoned-time.ts';
import { wakeTime, type WaitStep } from './timing.ts';

type DurationWait = Extract<WaitStep, { mode: 'duration' }>;
const days = (amount: number, atHour?: number): DurationWait => ({
  id: 'w',
  type: 'wait',
  mode: 'duration',
  amount,
  unit: 'days',
  ...(atHour === undefined ? {} : { atHour }),
  next: null,
});
const until = (field: 'birthday' | 'event_date' | 'service_due', offsetDays: number, atHour = 10) =>
  ({ id: 'w', type: 'wait', mode: 'until', field, offsetDays, atHour, next: null }) as WaitStep;

describe('a journey waits in the person’s own time', () => {
  it('wakes a Berliner at the same local hour across the spring clock change (23 hours)', () => {
    // Saturday 28 March 2026, 10:00 CET (UTC+1); the clocks go forward on the 29th at 02:00
    const now = new Date('2026-03-28T09:00:00Z');
    const wake = wakeTime(days(1), now, 'Europe/Berlin', {})!;
    expect(wake.toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(localDateTime(wake, 'Europe/Berlin').hour).toBe(10);
    expect(wake.getTime() - now.getTime()).toBe(23 * 3_600_000);
  });

  it('wakes a New Yorker at 09:00 local after the autumn change (25 hours)', () => {
    // Saturday 31 October 2026 09:00 EDT (UTC-4); standard time from 1 November
    const now = new Date('2026-10-31T13:00:00Z');
    const wake = wakeTime(days(1, 9), now, 'America/New_York', {})!;
    expect(wake.toISOString()).toBe('2026-11-01T14:00:00.000Z');
    expect(wake.getTime() - now.getTime()).toBe(25 * 3_600_000);
  });

  it('counts whole hours as hours, whatever the clocks do', () => {
    const now = new Date('2026-03-29T00:30:00Z');
    const step: WaitStep = { ...days(1), unit: 'hours', amount: 24 };
    expect(wakeTime(step, now, 'Europe/Berlin', {})!.toISOString()).toBe(
      '2026-03-30T00:30:00.000Z',
    );
  });

  it('greets on the birthday at 10:00 in Shanghai, Moscow and New York: three instants', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    const dates = { birthDate: '1980-06-15' };
    expect(wakeTime(until('birthday', 0), now, 'Asia/Shanghai', dates)!.toISOString()).toBe(
      '2026-06-15T02:00:00.000Z',
    );
    expect(wakeTime(until('birthday', 0), now, 'Europe/Moscow', dates)!.toISOString()).toBe(
      '2026-06-15T07:00:00.000Z',
    );
    expect(wakeTime(until('birthday', 0), now, 'America/New_York', dates)!.toISOString()).toBe(
      '2026-06-15T14:00:00.000Z',
    );
  });

  it('takes next year’s birthday once this year’s has gone, and 28 February for a leap-day child', () => {
    const now = new Date('2026-07-01T12:00:00Z');
    expect(
      wakeTime(until('birthday', -3), now, 'Europe/Moscow', { birthDate: '1980-06-15' })!
        .toISOString()
        .slice(0, 10),
    ).toBe('2027-06-12');
    expect(
      wakeTime(until('birthday', 0), new Date('2027-01-10T00:00:00Z'), 'UTC', {
        birthDate: '1992-02-29',
      })!.toISOString(),
    ).toBe('2027-02-28T10:00:00.000Z');
  });

  it('wakes at once when the date is past, and not at all when it is unknown', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    expect(wakeTime(until('event_date', 3), now, 'UTC', { eventDate: '2026-05-01' })).toEqual(now);
    expect(wakeTime(until('service_due', -14), now, 'UTC', {})).toBeUndefined();
  });

  it('reminds 14 days before the service is due, at 11:00 in the person’s zone', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    expect(
      wakeTime(until('service_due', -14, 11), now, 'Asia/Shanghai', {
        serviceDueDate: '2026-07-20',
      })!.toISOString(),
    ).toBe('2026-07-06T03:00:00.000Z');
  });

  it('reads a local time skipped by the clocks as the moment just after the gap', () => {
    const at = zonedInstant(
      { year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 },
      'Europe/Berlin',
    );
    expect(at.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(localDateTime(at, 'Europe/Berlin').hour).toBe(3);
  });

  it('falls back to UTC for a time zone that does not exist', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    expect(wakeTime(days(1, 8), now, 'Mars/Olympus', {})!.toISOString()).toBe(
      '2026-06-02T08:00:00.000Z',
    );
  });

  it('adds months to the end of a short month', () => {
    const step: WaitStep = { ...days(1, 10), unit: 'months' };
    expect(wakeTime(step, new Date('2026-01-31T12:00:00Z'), 'UTC', {})!.toISOString()).toBe(
      '2026-02-28T10:00:00.000Z',
    );
  });
});
