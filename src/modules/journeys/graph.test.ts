import { describe, expect, it } from 'vitest';
import { graphProblems, successors } from './graph.ts';
import type { Definition, Step } from './journey.schemas.ts';

const exit = (id: string): Step => ({ id, type: 'exit' });
const split = (id: string, ...targets: (string | null)[]): Step => ({
  id,
  type: 'split',
  branches: targets.map((next, i) => ({
    key: `k${i}`,
    percent: i === 0 ? 100 - 10 * (targets.length - 1) : 10,
    next,
  })),
});
const update = (id: string, next: string | null): Step => ({
  id,
  type: 'update',
  field: 'add_interest',
  value: 'x',
  next,
});
const problems = (definition: Definition) =>
  graphProblems(definition).map(({ path, code }) => ({ path, code }));

describe('the graph checks follow the branches of a split', () => {
  it('a split leads to each of its branches', () => {
    expect(successors(split('ab', 'a', 'b', null))).toEqual(['a', 'b', null]);
  });

  it('accepts a split whose branches lead to steps, or end', () => {
    const ok: Definition = {
      start: 'ab',
      steps: [split('ab', 'a', 'b', null), update('a', 'end'), update('b', 'end'), exit('end')],
    };
    expect(problems(ok)).toEqual([]);
  });

  it('names the branch that leads to a missing step, or to the split itself', () => {
    expect(problems({ start: 'ab', steps: [split('ab', 'end', 'nowhere'), exit('end')] })).toEqual([
      { path: 'definition.steps.0.branches.1.next', code: 'unknown' },
    ]);
    expect(problems({ start: 'ab', steps: [split('ab', 'ab', 'end'), exit('end')] })).toEqual([
      { path: 'definition.steps.0.branches.0.next', code: 'cycle' },
    ]);
  });

  it('finds a loop back through a branch, and steps only a removed branch reached', () => {
    const loop: Definition = {
      start: 'ab',
      steps: [split('ab', 'a', 'end'), update('a', 'ab'), exit('end')],
    };
    expect(problems(loop)).toEqual([{ path: 'definition.steps.0', code: 'cycle' }]);
    const orphan: Definition = {
      start: 'ab',
      steps: [split('ab', 'end', 'end'), update('b', 'end'), exit('end')],
    };
    expect(problems(orphan)).toEqual([{ path: 'definition.steps.1', code: 'unreachable' }]);
  });
});
