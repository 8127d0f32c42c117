import { describe, expect, it } from 'vitest';
import { cronFor, pollingSecondsFor, queueNameFor } from './periodic-schedule.ts';

describe('a periodic job on pg-boss', () => {
  it('is a cron schedule when cron can say its interval', () => {
    expect(cronFor(60_000)).toBe('* * * * *');
    expect(cronFor(15 * 60_000)).toBe('*/15 * * * *');
    expect(cronFor(3_600_000)).toBe('0 * * * *');
    expect(cronFor(6 * 3_600_000)).toBe('0 */6 * * *');
  });

  it('is ticked by a timer when cron cannot (seconds, 90 minutes, 7 minutes, 5 hours)', () => {
    expect(cronFor(5_000)).toBeNull();
    expect(cronFor(60)).toBeNull();
    expect(cronFor(90 * 60_000)).toBeNull();
    expect(cronFor(7 * 60_000)).toBeNull();
    expect(cronFor(5 * 3_600_000)).toBeNull();
  });

  it('polls a quarter of its interval, between half a second and 15 s', () => {
    expect(pollingSecondsFor(60)).toBe(0.5);
    expect(pollingSecondsFor(5_000)).toBe(1.25);
    expect(pollingSecondsFor(3_600_000)).toBe(15);
  });

  it('has a queue named after it that pg-boss accepts', () => {
    expect(queueNameFor('ROI credits refresh')).toBe('autocrm.roi-credits-refresh');
    expect(queueNameFor('test-drive follow-up sweep')).toBe('autocrm.test-drive-follow-up-sweep');
  });
});
