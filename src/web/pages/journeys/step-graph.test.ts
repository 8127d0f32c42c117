import { describe, expect, it } from 'vitest';
import type { Definition } from '../../api/journeys.ts';
import { insertStep, removeStep } from './step-graph.ts';

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
