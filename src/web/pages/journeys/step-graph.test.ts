import { describe, expect, it } from 'vitest';
import type { Definition } from '../../api/journeys.ts';
import {
  branchName,
  evenShares,
  insertStep,
  moveBranch,
  newBranch,
  removeStep,
} from './step-graph.ts';

const flow: Definition = {
  start: 'a',
  steps: [
    { id: 'a', type: 'wait', mode: 'duration', amount: 1, unit: 'days', next: 'b' },
    { id: 'b', type: 'exit' },
  ],
};

describe('the editor changes the step graph', () => {
  it('puts a new step on an arrow, leading where the arrow led', () => {
    const [next, id] = insertStep(flow, { from: 'a', branch: 'next' }, 'task');
    expect(id).toBe('task-1');
    expect(next.steps.find((s) => s.id === 'a')).toMatchObject({ next: 'task-1' });
    expect(next.steps.find((s) => s.id === 'task-1')).toMatchObject({ next: 'b' });
    const [first] = insertStep(flow, { from: 'start' }, 'wait');
    expect(first.start).toBe('wait-1');
  });

  it('removes a step and joins its neighbours', () => {
    expect(removeStep(flow, 'a')).toEqual({ start: 'b', steps: [flow.steps[1]] });
    const [withTask] = insertStep(flow, { from: 'a', branch: 'next' }, 'task');
    expect(removeStep(withTask, 'task-1')).toEqual(flow);
  });
});

describe('the editor changes the branches of a split', () => {
  it('puts a split on an arrow with two halves going on where the arrow led', () => {
    const [next, id] = insertStep(flow, { from: 'a', branch: 'next' }, 'split');
    expect(id).toBe('split-1');
    const split = next.steps.find((s) => s.id === 'split-1');
    expect(split).toEqual({
      id: 'split-1',
      type: 'split',
      branches: [
        { key: expect.stringMatching(/^[a-z0-9]{8}$/), percent: 50, next: 'b' },
        { key: expect.stringMatching(/^[a-z0-9]{8}$/), percent: 50, next: 'b' },
      ],
    });
    const keys = split?.type === 'split' ? split.branches.map((b) => b.key) : [];
    expect(new Set(keys).size).toBe(2);
  });

  it('moves a branch with its key, share and target, and adds one with a new key', () => {
    const [withSplit] = insertStep(flow, { from: 'a', branch: 'next' }, 'split');
    const split = withSplit.steps.find((s) => s.id === 'split-1');
    if (split?.type !== 'split') throw new Error('no split');
    const three = { ...split, branches: [...split.branches, newBranch(split)] };
    const [a, b, c] = three.branches;
    expect(c).toMatchObject({ percent: 1, next: 'b' });
    expect([a!.key, b!.key]).not.toContain(c!.key);
    expect(moveBranch(three, 2, 0).branches).toEqual([c, a, b]);
    expect(moveBranch(three, 0, 1).branches).toEqual([b, a, c]);
    // out of range: nothing moves
    expect(moveBranch(three, 0, -1)).toBe(three);
    expect(moveBranch(three, 2, 3)).toBe(three);
  });

  it('puts a step on one branch only, and removing the split joins its first branch', () => {
    const [withSplit] = insertStep(flow, { from: 'a', branch: 'next' }, 'split');
    const [withTask] = insertStep(withSplit, { from: 'split-1', split: 1 }, 'task');
    expect(withTask.steps.find((s) => s.id === 'split-1')).toMatchObject({
      branches: [{ next: 'b' }, { next: 'task-1' }],
    });
    expect(withTask.steps.find((s) => s.id === 'task-1')).toMatchObject({ next: 'b' });
    // removing the task puts its branch back on b
    expect(removeStep(withTask, 'task-1')).toEqual(withSplit);
    expect(removeStep(withSplit, 'split-1')).toEqual(flow);
  });

  it('shares 100 evenly between the branches', () => {
    expect(evenShares(2)).toEqual([50, 50]);
    expect(evenShares(3)).toEqual([34, 33, 33]);
    expect(evenShares(4)).toEqual([25, 25, 25, 25]);
    expect(branchName(2)).toBe('C');
  });
});
