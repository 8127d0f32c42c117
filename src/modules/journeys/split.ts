import { createHash } from 'node:crypto';
import type { Step } from './journey.schemas.ts';

export type SplitStep = Extract<Step, { type: 'split' }>;

/**
 * The branch of an A/B split a run goes down: a point in [0, 100) from a hash of the run and
 * the step, against the branches' cumulative percentages. No randomness and no state, so the
 * runner repeating the step after a crash picks the same branch, and two splits of one
 * journey divide people independently of each other.
 */
export function splitBranch(runId: string, step: SplitStep): number {
  const digest = createHash('sha256').update(`${runId}:${step.id}`).digest();
  const point = (digest.readUInt32BE(0) / 2 ** 32) * 100;
  let upTo = 0;
  for (const [i, branch] of step.branches.entries()) {
    upTo += branch.percent;
    if (point < upTo) return i;
  }
  // percentages are validated to sum to 100; a stored journey that does not falls in the last
  return step.branches.length - 1;
}
