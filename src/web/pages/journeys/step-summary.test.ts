import { describe, expect, it } from 'vitest';
import type { Condition } from '../../api/marketing.ts';
import type { SummaryWords } from '../marketing/condition-tree.ts';
import { clip, conditionSummary } from './step-summary.ts';

const words: SummaryWords = {
  all: 'All of',
  any: 'Any of',
  not: 'not',
  row: (row) => (row.kind === 'json' ? 'JSON' : `${row.kind} ${row.amount} ${row.unit}`),
};

describe('the journey card says what a condition step asks', () => {
  it('reads the tree as the segment builder does, not as its node type', () => {
    const dormant: Condition = {
      type: 'and',
      conditions: [
        { type: 'service', when: { from: { ago: { amount: 2, unit: 'years' } } } },
        {
          type: 'not',
          condition: { type: 'service', when: { from: { ago: { amount: 6, unit: 'months' } } } },
        },
      ],
    };
    expect(conditionSummary(dormant, words)).toBe(
      'All of: serviceWithin 2 years, not serviceWithin 6 months',
    );
  });

  it('reads a single condition alone, without a group', () => {
    const stale: Condition = {
      type: 'not',
      condition: {
        type: 'date',
        field: 'verified_at',
        window: { from: { ago: { amount: 24, unit: 'months' } } },
      },
    };
    expect(conditionSummary(stale, words)).toBe('not verifiedWithin 24 months');
  });

  it('cuts a long summary with an ellipsis and leaves a short one alone', () => {
    expect(clip('short')).toBe('short');
    const long = 'word '.repeat(40);
    const cut = clip(long, 30);
    expect(cut).toHaveLength(30);
    expect(cut.endsWith('…')).toBe(true);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
    expect(clip('x'.repeat(30), 30)).toBe('x'.repeat(30));
  });
});
