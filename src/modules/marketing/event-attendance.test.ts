import { describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../auth/index.ts';
import { attendanceRule } from './event-attendance.ts';

// the rule asks the role's permissions only: a CRM manager writes, an analyst reads
const writer: Actor = { ...systemActor('test'), role: 'crm_manager' };
const reader: Actor = { ...systemActor('test'), role: 'analyst' };

describe('when attendance of an event may be marked', () => {
  // 19:00 on 12 March in Shanghai is 11:00 UTC; its day begins at 16:00 UTC the day before
  const event = { startsAt: new Date('2026-03-12T11:00:00Z'), timeZone: 'Asia/Shanghai' };

  it('opens at midnight of the event’s day on the showroom’s clock, not the server’s', () => {
    const before = attendanceRule(writer, event, new Date('2026-03-11T15:59:59Z'));
    expect(before).toEqual({
      mayMark: false,
      mayUndo: true,
      reason: 'not_yet',
      opensAt: '2026-03-11T16:00:00.000Z',
    });
    expect(attendanceRule(writer, event, new Date('2026-03-11T16:00:00Z')).mayMark).toBe(true);
    // after the event, staff may still record who came from the paper list
    expect(attendanceRule(writer, event, new Date('2026-03-20T09:00:00Z')).reason).toBeNull();
  });

  it('is closed to a reader without marketing:write, who may not undo either', () => {
    expect(attendanceRule(reader, event, new Date('2026-03-12T12:00:00Z'))).toMatchObject({
      mayMark: false,
      mayUndo: false,
      reason: 'read_only',
    });
  });
});
