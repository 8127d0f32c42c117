import { describe, expect, it } from 'vitest';
import { dueKinds } from './event-care.service.ts';
import { careTimes, localDayAt } from './event-times.ts';

const hour = 3_600_000;

describe('when an event’s reminders and feedback request fall due', () => {
  // 19:00 in Shanghai (UTC+8) on 12 March 2027
  const startsAt = new Date('2027-03-12T11:00:00Z');
  const settings = { startsAt, reminderHours: 48, morningReminder: true, feedback: true };

  it('reads the morning and the next day on the showroom’s clock', () => {
    const times = careTimes(settings, 'Asia/Shanghai');
    expect(times.reminder?.toISOString()).toBe('2027-03-10T11:00:00.000Z');
    expect(times.morning?.toISOString()).toBe('2027-03-12T00:00:00.000Z');
    expect(times.feedback?.toISOString()).toBe('2027-03-13T02:00:00.000Z');
  });

  it('keeps the local hour across a clock change (New York, 14 March 2027)', () => {
    const at = localDayAt(new Date('2027-03-13T15:00:00Z'), 'America/New_York', 1, 8);
    expect(at.toISOString()).toBe('2027-03-14T12:00:00.000Z');
  });

  it('drops the morning one when the event starts before it or the reminder is that day', () => {
    const early = new Date('2027-03-12T23:30:00Z'); // 07:30 in Shanghai on the 13th
    expect(careTimes({ ...settings, startsAt: early }, 'Asia/Shanghai').morning).toBeNull();
    expect(careTimes({ ...settings, reminderHours: 3 }, 'Asia/Shanghai').morning).toBeNull();
  });

  it('a late pass sends only the latest reminder, and none once the event began', () => {
    const times = careTimes(settings, 'Asia/Shanghai');
    const kinds = (now: Date) => dueKinds(times, startsAt, now).map((due) => due.kind);
    expect(kinds(new Date(startsAt.getTime() - 72 * hour))).toEqual([]);
    expect(kinds(new Date(startsAt.getTime() - 47 * hour))).toEqual(['reminder']);
    expect(kinds(new Date(startsAt.getTime() - 2 * hour))).toEqual(['morning']);
    expect(kinds(new Date(startsAt.getTime() + hour))).toEqual([]);
    expect(kinds(new Date('2027-03-13T03:00:00Z'))).toEqual(['feedback']);
    expect(kinds(new Date('2027-03-21T03:00:00Z'))).toEqual([]);
  });
});
