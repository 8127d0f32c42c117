import { describe, expect, it } from 'vitest';
import { latestSlot, parseRunSchedule } from './run-schedule.ts';

describe("the operator's quiet hour for the scheduled quality run", () => {
  it('reads HH:MM, several times, and off', () => {
    expect(parseRunSchedule('02:30')).toEqual({ times: [{ hour: 2, minute: 30 }] });
    expect(parseRunSchedule(' 1:05, 13:45 ')).toEqual({
      times: [
        { hour: 1, minute: 5 },
        { hour: 13, minute: 45 },
      ],
    });
    expect(parseRunSchedule('off')).toBeNull();
  });

  it('refuses a time that is not one, naming the setting', () => {
    for (const bad of ['24:00', '2:3', 'nightly', '02:30,', ''])
      expect(() => parseRunSchedule(bad)).toThrow(/QUALITY_RUN_AT/);
  });

  it('finds the latest quiet hour at or before now, today or yesterday', () => {
    const schedule = parseRunSchedule('02:30,14:00')!;
    const at = (day: number, hour: number, minute: number) => new Date(2026, 11, day, hour, minute);
    expect(latestSlot(schedule, at(6, 9, 10))).toEqual(at(6, 2, 30));
    expect(latestSlot(schedule, at(6, 14, 0))).toEqual(at(6, 14, 0));
    expect(latestSlot(schedule, at(6, 23, 59))).toEqual(at(6, 14, 0));
    expect(latestSlot(schedule, at(6, 1, 0))).toEqual(at(5, 14, 0));
    // across the turn of a month
    expect(latestSlot(parseRunSchedule('02:30')!, at(1, 2, 0))).toEqual(
      new Date(2026, 10, 30, 2, 30),
    );
  });
});
