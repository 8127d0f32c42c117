import { describe, expect, it } from 'vitest';
import { retentionReasons } from './reasons.ts';
import { quintileScores, rfmSegment } from './rfm.ts';

describe('RFM scores and segments', () => {
  it('gives quintiles 1..5 and the same score to tied values', () => {
    const values = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect([...quintileScores(values)]).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    // six one-visit owners out of ten are all F = 1, whatever order they come in
    const visits = Float64Array.from([1, 3, 1, 1, 2, 1, 1, 5, 1, 8]);
    expect([...quintileScores(visits)]).toEqual([1, 4, 1, 1, 4, 1, 1, 5, 1, 5]);
    expect([...quintileScores(new Float64Array(0))]).toEqual([]);
  });

  it('names the classic segments', () => {
    expect(rfmSegment(5, 5, 3, 12)).toBe('champions');
    expect(rfmSegment(3, 4, 3, 9)).toBe('loyal');
    expect(rfmSegment(5, 1, 2, 1)).toBe('new');
    expect(rfmSegment(4, 3, 2, 3)).toBe('promising');
    expect(rfmSegment(1, 4, 5, 14)).toBe('at_risk');
    expect(rfmSegment(2, 1, 5, 1)).toBe('at_risk');
    expect(rfmSegment(1, 1, 1, 1)).toBe('hibernating');
    expect(rfmSegment(3, 2, 2, 2)).toBe('needs_attention');
  });
});

describe('retention reasons', () => {
  const base = {
    visits: 9,
    recency: 104, // eight gaps of 13 weeks: a quarterly habit
    age: 208, // two years of silence since
    pActive: 0.08,
    meanVisitMinor: 45_000_00,
    revenueAtRiskMinor: 160_000_00,
    currency: 'RUB',
    fScore: 5,
    mScore: 5,
  };

  it('explains a lapsed quarterly big spender', () => {
    expect(retentionReasons(base)).toEqual([
      { code: 'overdue_vs_habit', params: { monthsSinceLast: 23.9, usualMonths: 3 } },
      { code: 'low_p_active', params: { percent: 8 } },
      { code: 'high_spender', params: { meanVisitMinor: 45_000_00, currency: 'RUB' } },
      { code: 'frequent_visitor', params: { visits: 9 } },
      { code: 'revenue_at_risk', params: { amountMinor: 160_000_00, currency: 'RUB' } },
    ]);
  });

  it('says nothing of habit for an owner on schedule, and notes a single visit long ago', () => {
    const onTime = retentionReasons({ ...base, age: 110, pActive: 0.9, fScore: 2, mScore: 2 });
    expect(onTime.map((reason) => reason.code)).toEqual(['revenue_at_risk']);
    const once = retentionReasons({
      ...base,
      visits: 1,
      recency: 0,
      age: 80,
      fScore: 1,
      mScore: 1,
    });
    expect(once[0]).toEqual({ code: 'single_visit_long_ago', params: { monthsSinceLast: 18.4 } });
  });
});
