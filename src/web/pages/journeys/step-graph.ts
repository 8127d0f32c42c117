import type { Definition, Step } from '../../api/journeys.ts';
import { newBranchKey } from '../../../modules/journeys/branch-keys.ts';

/**
 * Edits of the step graph the editor makes, as pure functions over the definition: insert a
 * step on an arrow, remove a step (its arrows go on to where it led), replace a step.
 */
export type StepType = Step['type'];
/** An arrow: the definition's start, a step's next / yes / no, or a split's branch (by index). */
export type Arrow =
  | { from: 'start' }
  | { from: string; branch: 'next' | 'yes' | 'no' }
  | { from: string; split: number };

export function targetOf(definition: Definition, arrow: Arrow): string | null {
  if (!('branch' in arrow) && !('split' in arrow)) return definition.start;
  const step = definition.steps.find((s) => s.id === arrow.from);
  if (!step) return null;
  if ('split' in arrow) {
    return step.type === 'split' ? (step.branches[arrow.split]?.next ?? null) : null;
  }
  return ((step as Record<string, unknown>)[arrow.branch] as string | null | undefined) ?? null;
}

function pointArrow(definition: Definition, arrow: Arrow, to: string | null): Definition {
  if (!('branch' in arrow) && !('split' in arrow)) {
    return { ...definition, start: to ?? definition.start };
  }
  const pointed = (step: Step): Step => {
    if (!('split' in arrow)) return { ...step, [arrow.branch]: to } as Step;
    if (step.type !== 'split') return step;
    const branches = step.branches.map((b, i) => (i === arrow.split ? { ...b, next: to } : b));
    return { ...step, branches };
  };
  return {
    ...definition,
    steps: definition.steps.map((step) => (step.id === arrow.from ? pointed(step) : step)),
  };
}

export function newStepId(definition: Definition, type: StepType): string {
  const taken = new Set(definition.steps.map((step) => step.id));
  for (let n = 1; ; n++) if (!taken.has(`${type}-${n}`)) return `${type}-${n}`;
}

export function blankStep(type: StepType, id: string, next: string | null): Step {
  switch (type) {
    case 'wait':
      return { id, type, mode: 'duration', amount: 1, unit: 'days', atHour: 10, next };
    case 'condition':
      return { id, type, condition: { type: 'lifecycle', stages: ['owner'] }, yes: next, no: null };
    case 'send':
      return {
        id,
        type,
        channel: 'email',
        purpose: 'marketing',
        content: {
          en: {
            subject: 'Hello, {{customer.firstName}}',
            mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>{{customer.firstName}},</mj-text><mj-text>{{dealer.name}}</mj-text></mj-column></mj-section></mj-body></mjml>',
          },
        },
        next,
      };
    case 'task':
      return {
        id,
        type,
        title: { en: 'Call the customer' },
        kind: 'call',
        priority: 'normal',
        assigneeRole: 'crm_manager',
        dueInDays: 1,
        next,
      };
    case 'update':
      return { id, type, field: 'add_interest', value: 'journey', next };
    case 'points':
      return { id, type, points: 100, reason: 'Journey bonus', next };
    case 'split':
      // both branches go on where the arrow led, until the user puts steps on them
      return {
        id,
        type,
        branches: [
          { key: newBranchKey(), percent: 50, next },
          { key: newBranchKey(), percent: 50, next },
        ],
      };
    case 'exit':
      return { id, type };
  }
}

/** A new step on an arrow: the arrow points to it, and it leads where the arrow led. */
export function insertStep(
  definition: Definition,
  arrow: Arrow,
  type: StepType,
): [Definition, string] {
  const id = newStepId(definition, type);
  const step = blankStep(type, id, targetOf(definition, arrow));
  const withStep = { ...definition, steps: [...definition.steps, step] };
  return [pointArrow(withStep, arrow, id), id];
}

/** Where a removed step's arrows go on: a condition's yes, a split's first branch. */
function onwardOf(step: Step): string | null {
  if (step.type === 'condition') return step.yes;
  if (step.type === 'split') return step.branches[0]?.next ?? null;
  if (step.type === 'exit') return null;
  return step.next;
}

/** Removes a step; what pointed to it now points to where it led (see onwardOf). */
export function removeStep(definition: Definition, id: string): Definition {
  const step = definition.steps.find((s) => s.id === id);
  if (!step) return definition;
  const onward = onwardOf(step);
  const redirect = (target: string | null) => (target === id ? onward : target);
  const steps = definition.steps
    .filter((s) => s.id !== id)
    .map((s): Step => {
      if (s.type === 'condition') return { ...s, yes: redirect(s.yes), no: redirect(s.no) };
      if (s.type === 'split') {
        return { ...s, branches: s.branches.map((b) => ({ ...b, next: redirect(b.next) })) };
      }
      if (s.type === 'exit') return s;
      return { ...s, next: redirect(s.next) };
    });
  const start = definition.start === id ? (onward ?? steps[0]?.id ?? id) : definition.start;
  return { start, steps };
}

export function replaceStep(definition: Definition, id: string, step: Step): Definition {
  return { ...definition, steps: definition.steps.map((s) => (s.id === id ? step : s)) };
}

type SplitStep = Extract<Step, { type: 'split' }>;

/**
 * A split's branch moved to another place: it keeps its key (and with it its figures), its
 * share and where it leads; only the letter it is shown with changes.
 */
export function moveBranch(step: SplitStep, from: number, to: number): SplitStep {
  if (to < 0 || to >= step.branches.length || from === to) return step;
  const branches = [...step.branches];
  const [moved] = branches.splice(from, 1);
  branches.splice(to, 0, moved!);
  return { ...step, branches };
}

/** A new branch of a split, with a key of its own, going on where the first one does. */
export const newBranch = (step: SplitStep): SplitStep['branches'][number] => ({
  key: newBranchKey(),
  percent: 1,
  next: step.branches[0]?.next ?? null,
});

/** A split's branches are called A, B, C, D in the editor, in the step's order. */
export const branchName = (index: number): string => String.fromCharCode(65 + index);

/** Equal shares of 100 for n branches, the rest of the division on the first ones. */
export function evenShares(n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.floor(100 / n) + (i < 100 % n ? 1 : 0));
}
