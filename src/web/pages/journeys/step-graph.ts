import type { Definition, Step } from '../../api/journeys.ts';

/**
 * Edits of the step graph the editor makes, as pure functions over the definition: insert a
 * step on an arrow, remove a step (its arrows go on to where it led), replace a step.
 */
export type StepType = Step['type'];
/** An arrow: the definition's start, or a step's next / yes / no. */
export type Arrow = { from: 'start' } | { from: string; branch: 'next' | 'yes' | 'no' };

export function targetOf(definition: Definition, arrow: Arrow): string | null {
  if (!('branch' in arrow)) return definition.start;
  const step = definition.steps.find((s) => s.id === arrow.from);
  if (!step) return null;
  return ((step as Record<string, unknown>)[arrow.branch] as string | null | undefined) ?? null;
}

function pointArrow(definition: Definition, arrow: Arrow, to: string | null): Definition {
  if (!('branch' in arrow)) return { ...definition, start: to ?? definition.start };
  return {
    ...definition,
    steps: definition.steps.map((step) =>
      step.id === arrow.from ? ({ ...step, [arrow.branch]: to } as Step) : step,
    ),
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

/** Removes a step; what pointed to it now points to where it led (a condition: its yes). */
export function removeStep(definition: Definition, id: string): Definition {
  const step = definition.steps.find((s) => s.id === id);
  if (!step) return definition;
  const onward = step.type === 'condition' ? step.yes : step.type === 'exit' ? null : step.next;
  const redirect = (target: string | null) => (target === id ? onward : target);
  const steps = definition.steps
    .filter((s) => s.id !== id)
    .map((s) => {
      if (s.type === 'condition') return { ...s, yes: redirect(s.yes), no: redirect(s.no) };
      if (s.type === 'exit') return s;
      return { ...s, next: redirect(s.next) };
    });
  const start = definition.start === id ? (onward ?? steps[0]?.id ?? id) : definition.start;
  return { start, steps };
}

export function replaceStep(definition: Definition, id: string, step: Step): Definition {
  return { ...definition, steps: definition.steps.map((s) => (s.id === id ? step : s)) };
}
