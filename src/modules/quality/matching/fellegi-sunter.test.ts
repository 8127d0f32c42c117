import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countPatterns, expectationMaximisation, type FsParameters } from './fellegi-sunter.ts';

const knownParams = '/work/shared/data/splink/known_params_comparison_vectors.csv';

/** The parameters the known vectors were drawn with: P(agree | match) and P(agree | non-match). */
const knownAgreeM = [0.7, 0.9, 0.95];
const knownAgreeU = [0.1, 0.025, 0.2];
/** the same as two-level rows (agree, disagree) */
const levels = (agree: number[]) => agree.map((p) => [p, 1 - p]);

/** Splink's correctness file: 4000 vectors drawn with lambda 0.5, m (0.7, 0.9, 0.95), u (0.1, 0.025, 0.2). */
function loadKnownVectors(): { gammas: Uint8Array; pairs: number } {
  const lines = readFileSync(knownParams, 'utf8').trim().split('\n').slice(1);
  const gammas = new Uint8Array(lines.length * 3);
  lines.forEach((line, p) => {
    const cells = line.split(',');
    // The file codes agreement as 1; our level 0 is the strongest agreement.
    for (let k = 0; k < 3; k++) gammas[p * 3 + k] = cells[k] === '1' ? 0 : 1;
  });
  return { gammas, pairs: lines.length };
}

describe('expectation-maximisation', () => {
  it('recovers the parameters the vectors were generated with, within 0.01 (lambda within 1%)', () => {
    const { gammas, pairs } = loadKnownVectors();
    const start: FsParameters = {
      lambda: 0.3,
      m: [
        [0.8, 0.2],
        [0.8, 0.2],
        [0.8, 0.2],
      ],
      u: [
        [0.2, 0.8],
        [0.2, 0.8],
        [0.2, 0.8],
      ],
    };
    const fitted = expectationMaximisation(countPatterns(gammas, 3, pairs), start, {
      tolerance: 1e-9,
      maxIterations: 2000,
    });
    expect(Math.abs(fitted.lambda - 0.5)).toBeLessThan(0.01);
    knownAgreeM.forEach((m, k) => expect(Math.abs(fitted.m[k]![0]! - m)).toBeLessThan(0.01));
    knownAgreeU.forEach((u, k) => expect(Math.abs(fitted.u[k]![0]! - u)).toBeLessThan(0.01));
  });

  it('with u fixed from elsewhere, learns only lambda and m', () => {
    const { gammas, pairs } = loadKnownVectors();
    const u = levels(knownAgreeU);
    const fitted = expectationMaximisation(
      countPatterns(gammas, 3, pairs),
      { lambda: 0.2, m: u.map(() => [0.9, 0.1]), u },
      { fixU: true },
    );
    expect(fitted.u).toEqual(u);
    expect(Math.abs(fitted.lambda - 0.5)).toBeLessThan(0.02);
    knownAgreeM.forEach((m, k) => expect(Math.abs(fitted.m[k]![0]! - m)).toBeLessThan(0.02));
  });

  it('with m and u both fixed, learns only lambda; reports the match mass each comparison saw', () => {
    const { gammas, pairs } = loadKnownVectors();
    const m = levels(knownAgreeM);
    const u = levels(knownAgreeU);
    const fitted = expectationMaximisation(
      countPatterns(gammas, 3, pairs),
      { lambda: 0.05, m, u },
      { fixU: true, fixM: true },
    );
    expect(fitted.m).toEqual(m);
    expect(Math.abs(fitted.lambda - 0.5)).toBeLessThan(0.02);
    // No level is missing in this file: every comparison saw all of the match mass.
    fitted.matchObservations.forEach((mass) => expect(mass / pairs).toBeCloseTo(fitted.lambda, 2));
  });
});
