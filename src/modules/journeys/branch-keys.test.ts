import { describe, expect, it } from 'vitest';
import { branchKeyProblems, newBranchKey, withBranchKeys } from './branch-keys.ts';
import { stepSchema, type Definition } from './journey.schemas.ts';

const definition = (keys: (string | undefined)[]): Definition =>
  ({
    start: 'ab',
    steps: [
      {
        id: 'ab',
        type: 'split',
        branches: keys.map((key, i) => ({
          key,
          percent: i === 0 ? 50 : 50 / (keys.length - 1),
          next: null,
        })),
      },
    ],
  }) as Definition;

describe('a split’s branches are known by their keys', () => {
  it('makes new keys of 8 letters and digits that do not repeat', () => {
    const keys = Array.from({ length: 1_000 }, newBranchKey);
    expect(keys.every((key) => /^[a-z0-9]{8}$/.test(key))).toBe(true);
    expect(new Set(keys).size).toBe(1_000);
  });

  it('gives a branch saved without a key a new one, and keeps a key it was given', () => {
    const parsed = stepSchema.parse({
      id: 'ab',
      type: 'split',
      branches: [
        { key: 'kept', percent: 50, next: null },
        { percent: 50, next: null },
      ],
    });
    if (parsed.type !== 'split') throw new Error('not a split');
    expect(parsed.branches[0]!.key).toBe('kept');
    expect(parsed.branches[1]!.key).toMatch(/^[a-z0-9]{8}$/);
  });

  it('reads a journey stored before keys with the letters of the branches’ places', () => {
    const read = withBranchKeys(definition([undefined, 'x', undefined]));
    const step = read.steps[0]!;
    expect(step.type === 'split' && step.branches.map((b) => b.key)).toEqual(['a', 'x', 'c']);
    const keyed = definition(['p', 'q']);
    expect(withBranchKeys(keyed)).toBe(keyed);
  });

  it('names the second branch of a split that repeats a key', () => {
    expect(branchKeyProblems(definition(['p', 'q', 'p']))).toEqual([
      expect.objectContaining({ path: 'definition.steps.0.branches.2.key', code: 'duplicate' }),
    ]);
    expect(branchKeyProblems(definition(['p', 'q']))).toEqual([]);
  });
});
