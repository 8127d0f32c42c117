import { describe, expect, it } from 'vitest';
import { bucketOf, letterResponseCode, pickWinner } from './ab-test.ts';

describe('the winner of an A/B test', () => {
  it('is the variant with the best open rate, not the most opens', () => {
    const report = pickWinner(
      [
        { key: 'A', sent: 1000, opened: 200, clicked: 50 },
        { key: 'B', sent: 400, opened: 120, clicked: 10 },
      ],
      'open_rate',
    );
    expect(report.winner).toBe('B');
    expect(report.rates).toEqual({ A: 0.2, B: 0.3 });
    expect(report.significant).toBe(true);
    expect(report.note).toMatch(/B wins on open rate: 30\.0 % against A 20\.0 %/);
  });

  it('is chosen by click rate when that is the metric', () => {
    const report = pickWinner(
      [
        { key: 'A', sent: 1000, opened: 200, clicked: 50 },
        { key: 'B', sent: 400, opened: 120, clicked: 10 },
        { key: 'C', sent: 400, opened: 20, clicked: 4 },
      ],
      'click_rate',
    );
    expect(report.winner).toBe('A');
  });

  it('says when the lead may be chance', () => {
    const report = pickWinner(
      [
        { key: 'A', sent: 50, opened: 11, clicked: 0 },
        { key: 'B', sent: 50, opened: 10, clicked: 0 },
      ],
      'open_rate',
    );
    expect(report.winner).toBe('A');
    expect(report.significant).toBe(false);
    expect(report.note).toMatch(/not significant/);
  });

  it('breaks a tie by responses, then by the earlier variant, whatever the order given', () => {
    const tie = [
      { key: 'B', sent: 100, opened: 10, clicked: 0 },
      { key: 'A', sent: 100, opened: 10, clicked: 0 },
    ];
    expect(pickWinner(tie, 'open_rate').winner).toBe('A');
    expect(pickWinner([...tie].reverse(), 'open_rate').winner).toBe('A');
    const nobodyOpened = [
      { key: 'A', sent: 0, opened: 0, clicked: 0 },
      { key: 'B', sent: 10, opened: 0, clicked: 0 },
    ];
    expect(pickWinner(nobodyOpened, 'open_rate')).toMatchObject({ winner: 'A', zScore: null });
    expect(() => pickWinner([], 'open_rate')).toThrow();
  });

  it('puts a person in the same bucket every time, and spreads people evenly', () => {
    expect(bucketOf('c1', 'p1')).toBe(bucketOf('c1', 'p1'));
    const buckets = Array.from({ length: 10_000 }, (_, i) => bucketOf('campaign', `person-${i}`));
    const inTest = buckets.filter((b) => b < 2000).length;
    expect(inTest).toBeGreaterThan(1800);
    expect(inTest).toBeLessThan(2200);
  });
});

describe('an event invitation is won by registrations', () => {
  it('picks the variant with the higher registration rate and says so', () => {
    const report = pickWinner(
      [
        { key: 'A', sent: 100, opened: 60, clicked: 30, registered: 5 },
        { key: 'B', sent: 100, opened: 40, clicked: 20, registered: 15 },
      ],
      'registration_rate',
    );
    expect(report.winner).toBe('B');
    expect(report.rates).toEqual({ A: 0.05, B: 0.15 });
    expect(report.note).toContain('registration rate');
  });
});

describe('a call script is won by the calls that ended well', () => {
  it('picks the script with more interested, appointment or purchase outcomes per task', () => {
    const report = pickWinner(
      [
        { key: 'A', sent: 40, opened: 0, clicked: 0, succeeded: 6 },
        { key: 'B', sent: 50, opened: 0, clicked: 0, succeeded: 5 },
      ],
      'call_success_rate',
    );
    expect(report.winner).toBe('A');
    expect(report.rates).toEqual({ A: 0.15, B: 0.1 });
    expect(report.note).toContain('call success rate');
  });
});

describe('a letter is won by the recipients who quoted its code', () => {
  it('picks the letter with the higher share of responses, not the most', () => {
    const report = pickWinner(
      [
        { key: 'A', sent: 1000, opened: 0, clicked: 0, responded: 30 },
        { key: 'B', sent: 500, opened: 0, clicked: 0, responded: 25 },
      ],
      'response_rate',
    );
    expect(report.winner).toBe('B');
    expect(report.rates).toEqual({ A: 0.03, B: 0.05 });
    expect(report.note).toContain('B wins on response rate: 5.0 % against A 3.0 %');
  });

  it('prints the campaign’s code on a single letter and a code per variant in a test', () => {
    expect(letterResponseCode('AUTUMN26', 'A', 1)).toBe('AUTUMN26');
    expect(letterResponseCode('AUTUMN26', 'B', 2)).toBe('AUTUMN26-B');
    expect(letterResponseCode(null, 'B', 2)).toBeNull();
  });
});
