import { describe, expect, it } from 'vitest';
import { definitionSchema, stepSchema } from './journey.schemas.ts';
import { splitBranch, type SplitStep } from './split.ts';

const split = (percents: number[], id = 'ab'): SplitStep => ({
  id,
  type: 'split',
  branches: percents.map((percent, i) => ({ key: `k${i}`, percent, next: `branch-${i}` })),
});

/** Run ids as the database makes them, but fixed, so the figures below never change. */
const runIds = (n: number) =>
  Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

describe('an A/B split sends each run down one branch by the shares', () => {
  it('picks the same branch for the same run every time (a re-run after a crash agrees)', () => {
    const step = split([50, 50]);
    for (const id of runIds(200)) expect(splitBranch(id, step)).toBe(splitBranch(id, step));
  });

  it('divides 1,000 runs close to 70 / 30, and 10,000 close to 50 / 30 / 20', () => {
    const count = (step: SplitStep, n: number) => {
      const counts = step.branches.map(() => 0);
      for (const id of runIds(n)) counts[splitBranch(id, step)]! += 1;
      return counts;
    };
    const [a, b] = count(split([70, 30]), 1_000);
    expect(Math.abs(a! - 700)).toBeLessThan(50);
    expect(a! + b!).toBe(1_000);
    const three = count(split([50, 30, 20]), 10_000);
    expect(Math.abs(three[0]! - 5_000)).toBeLessThan(200);
    expect(Math.abs(three[1]! - 3_000)).toBeLessThan(200);
    expect(Math.abs(three[2]! - 2_000)).toBeLessThan(200);
    // every one of four branches gets people, even a small one
    expect(count(split([1, 33, 33, 33]), 2_000).every((n) => n > 0)).toBe(true);
  });

  it('divides independently at a second split of the same journey', () => {
    const first = split([50, 50], 'first');
    const second = split([50, 50], 'second');
    const same = runIds(1_000).filter(
      (id) => splitBranch(id, first) === splitBranch(id, second),
    ).length;
    // independent halves agree about half the time, not always
    expect(same).toBeGreaterThan(400);
    expect(same).toBeLessThan(600);
  });
});

describe('a split step is checked when a journey is saved', () => {
  const issues = (value: unknown) =>
    (stepSchema.safeParse(value).error?.issues ?? []).map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }));

  it('takes two to four branches whose percentages add up to 100', () => {
    expect(stepSchema.safeParse(split([50, 50])).success).toBe(true);
    expect(stepSchema.safeParse(split([25, 25, 25, 25])).success).toBe(true);
    expect(issues(split([60, 30]))).toEqual([
      { path: 'branches', message: 'the percentages add up to 100' },
    ]);
    expect(issues(split([100]))).toContainEqual(expect.objectContaining({ path: 'branches' }));
    expect(issues(split([20, 20, 20, 20, 20]))).toContainEqual(
      expect.objectContaining({ path: 'branches' }),
    );
    expect(issues(split([0, 100]))).toContainEqual(
      expect.objectContaining({ path: 'branches.0.percent' }),
    );
    expect(issues(split([50.5, 49.5]))).toContainEqual(
      expect.objectContaining({ path: 'branches.0.percent' }),
    );
  });

  it('names the step in the definition', () => {
    const result = definitionSchema.safeParse({ start: 'ab', steps: [split([10, 10])] });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['steps.0.branches']);
  });
});
