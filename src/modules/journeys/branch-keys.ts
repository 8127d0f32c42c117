import type { FieldProblem } from '../../lib/errors.ts';
import type { Definition } from './journey.schemas.ts';

/*
 * A split's branches are known by a key, not by their place: the log records the key a run
 * took and the figures are read by it, so reordering the branches keeps each one's figures and
 * removing one never credits its people to another. No imports beyond types: the web editor
 * takes `newBranchKey` from here too.
 */

/** Letters and digits, short enough to read in the log. */
export const branchKeyPattern = /^[a-z0-9]{1,16}$/;

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A new key: 8 random letters and digits (36^8 — two branches of a split never meet). */
export function newBranchKey(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}

/**
 * The key a branch saved before keys existed has: its letter at that time (a, b, c, d), which
 * is also what migration 0225 gave the stored journeys and their logs.
 */
export const legacyBranchKey = (index: number): string => String.fromCharCode(97 + index);

/** A definition read from the database, with a key on every branch (older rows lack them). */
export function withBranchKeys(definition: Definition): Definition {
  if (!definition.steps.some((step) => step.type === 'split' && step.branches.some((b) => !b.key)))
    return definition;
  return {
    ...definition,
    steps: definition.steps.map((step) =>
      step.type === 'split'
        ? {
            ...step,
            branches: step.branches.map((branch, i) => ({
              ...branch,
              key: branch.key || legacyBranchKey(i),
            })),
          }
        : step,
    ),
  };
}

/** Two branches of one split with the same key: the second is named. */
export function branchKeyProblems(definition: Definition, base = 'definition'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  definition.steps.forEach((step, i) => {
    if (step.type !== 'split') return;
    const seen = new Set<string>();
    step.branches.forEach((branch, j) => {
      if (seen.has(branch.key)) {
        problems.push({
          path: `${base}.steps.${i}.branches.${j}.key`,
          message: `branch key "${branch.key}" is used twice in this split`,
          code: 'duplicate',
        });
      }
      seen.add(branch.key);
    });
  });
  return problems;
}
