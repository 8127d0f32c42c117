import type { FieldProblem } from '../../lib/errors.ts';
import type { Definition, Step } from './journey.schemas.ts';

/** A step's arrows: the field that holds each (`next`, `yes`, `branches.1.next`) and its target. */
export function arrows(step: Step): { field: string; target: string | null }[] {
  if (step.type === 'condition') {
    return [
      { field: 'yes', target: step.yes },
      { field: 'no', target: step.no },
    ];
  }
  if (step.type === 'split') {
    return step.branches.map((branch, i) => ({ field: `branches.${i}.next`, target: branch.next }));
  }
  if (step.type === 'exit') return [];
  return [{ field: 'next', target: step.next }];
}

/** The steps a step leads to: a condition has two branches, a split two to four, exit none. */
export function successors(step: Step): (string | null)[] {
  return arrows(step).map((arrow) => arrow.target);
}

/**
 * Checks what the schema cannot: step ids are unique, every reference names a step, the start
 * exists, every step can be reached, and the graph has no cycle (a person moves forward only,
 * so a pass of the runner always ends and each step runs at most once per person — which is
 * what makes a step's action idempotent by (run, step)).
 */
export function graphProblems(definition: Definition, base = 'definition'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const index = new Map<string, number>();
  definition.steps.forEach((step, i) => {
    if (index.has(step.id)) {
      problems.push({
        path: `${base}.steps.${i}.id`,
        message: `step id "${step.id}" is used twice`,
        code: 'duplicate',
      });
    } else index.set(step.id, i);
  });
  if (!index.has(definition.start)) {
    problems.push({
      path: `${base}.start`,
      message: `no step "${definition.start}"`,
      code: 'unknown',
    });
  }
  definition.steps.forEach((step, i) => {
    for (const { field, target } of arrows(step)) {
      if (target !== null && !index.has(target)) {
        problems.push({
          path: `${base}.steps.${i}.${field}`,
          message: `no step "${target}"`,
          code: 'unknown',
        });
      }
      if (target === step.id) {
        problems.push({
          path: `${base}.steps.${i}.${field}`,
          message: 'a step cannot lead to itself',
          code: 'cycle',
        });
      }
    }
    if (
      step.type === 'wait' &&
      step.mode === 'until' &&
      step.field === 'fixed_date' &&
      !step.date
    ) {
      problems.push({
        path: `${base}.steps.${i}.date`,
        message: 'required when waiting until a fixed date',
        code: 'required',
      });
    }
  });
  if (problems.length) return problems;

  // depth-first from the start: grey = on the current path (a cycle), black = done
  const state = new Map<string, 'grey' | 'black'>();
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  const visit = (id: string): boolean => {
    const seen = state.get(id);
    if (seen === 'black') return true;
    if (seen === 'grey') {
      problems.push({
        path: `${base}.steps.${index.get(id)}`,
        message: `the steps loop back to "${id}"`,
        code: 'cycle',
      });
      return false;
    }
    state.set(id, 'grey');
    for (const target of successors(byId.get(id)!)) {
      if (target !== null && !visit(target)) return false;
    }
    state.set(id, 'black');
    return true;
  };
  if (!visit(definition.start)) return problems;
  definition.steps.forEach((step, i) => {
    if (!state.has(step.id)) {
      problems.push({
        path: `${base}.steps.${i}`,
        message: `step "${step.id}" cannot be reached from the start`,
        code: 'unreachable',
      });
    }
  });
  return problems;
}

export function stepById(definition: Definition): Map<string, Step> {
  return new Map(definition.steps.map((step) => [step.id, step]));
}
