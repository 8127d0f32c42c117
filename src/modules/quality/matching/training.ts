import type { BlockingRule, RuleKeys } from './blocking.ts';
import { comparisonIndex, compareRecords, comparisons, MISSING } from './comparisons.ts';
import {
  countPatterns,
  expectationMaximisation,
  initialM,
  levelFrequencies,
  type PatternCounts,
} from './fellegi-sunter.ts';
import { guardDegenerateM } from './m-sanity.ts';
import type { PreparedRecord } from './record.ts';
import { sampleRulePairs } from './rule-pairs.ts';
import { countTerms, type MatchModel } from './scoring.ts';

export type TrainingOptions = {
  /** random pairs compared to estimate u */
  randomPairs?: number;
  /** candidate pairs the prior is worked out from (a random sample when there are more) */
  trainingPairs?: number;
  /** pairs of each blocking rule EM learns m from (a random sample when there are more) */
  pairsPerRule?: number;
  /** when given, only pairs of different sources are made (linking two files) */
  sources?: Uint8Array | undefined;
};

/** One EM run on the pairs of one blocking rule, with that rule's own fields left out. */
export type TrainingSession = {
  rule: string;
  pairs: number;
  /** the share of matches EM found among the rule's pairs */
  lambda: number;
  iterations: number;
};

/** Comparison vectors of some pairs, flat, `comparisons.length` levels per pair. */
export type ComparedPairs = { gammas: Uint8Array; count: number };

const WIDTH = comparisons.length;
const levelCounts = comparisons.map((spec) => spec.levels.length);
/** Fewer pairs than this in a rule's blocks teach EM nothing reliable: the rule is skipped. */
const minSessionPairs = 200;

/** Random pairs: almost all are different people, so their level frequencies are u. */
export function randomPatterns(
  records: readonly PreparedRecord[],
  samples: number,
  random: () => number,
): PatternCounts {
  const n = records.length;
  const gammas = new Uint8Array(samples * WIDTH);
  let made = 0;
  for (let s = 0; s < samples && n > 1; s++) {
    const i = Math.floor(random() * n);
    let j = Math.floor(random() * (n - 1));
    if (j >= i) j++;
    compareRecords(records[i]!, records[j]!, gammas, made * WIDTH);
    made++;
  }
  return countPatterns(gammas, WIDTH, made);
}

function sampledPatterns(pairs: ComparedPairs, limit: number, random: () => number) {
  if (pairs.count <= limit) return countPatterns(pairs.gammas, WIDTH, pairs.count);
  const sample = new Uint8Array(limit * WIDTH);
  for (let s = 0; s < limit; s++) {
    const p = Math.floor(random() * pairs.count);
    sample.set(pairs.gammas.subarray(p * WIDTH, p * WIDTH + WIDTH), s * WIDTH);
  }
  return countPatterns(sample, WIDTH, limit);
}

function countCrossPairs(sources: Uint8Array): number {
  const sizes = new Map<number, number>();
  for (const source of sources) sizes.set(source, (sizes.get(source) ?? 0) + 1);
  let total = 0;
  let seen = 0;
  for (const size of sizes.values()) {
    total += size * seen;
    seen += size;
  }
  return total;
}

/**
 * m by EM on one rule's pairs. The rule's own fields are set to missing: its pairs agree on
 * them by construction, and left in they would make "agrees on the blocked field" look like
 * the mark of a match (two namesakes blocked on the name are not evidence that names decide).
 */
function ruleSession(
  records: readonly PreparedRecord[],
  rule: BlockingRule,
  keys: RuleKeys,
  u: number[][],
  options: TrainingOptions,
  random: () => number,
) {
  const pairs = sampleRulePairs(
    keys,
    records.length,
    options.pairsPerRule ?? 50_000,
    random,
    options.sources,
  );
  if (pairs.count < minSessionPairs) return undefined;
  const blocked = rule.fields.map((field) => comparisonIndex[field]);
  const gammas = new Uint8Array(pairs.count * WIDTH);
  for (let p = 0; p < pairs.count; p++) {
    compareRecords(records[pairs.left[p]!]!, records[pairs.right[p]!]!, gammas, p * WIDTH);
    for (const k of blocked) gammas[p * WIDTH + k] = MISSING;
  }
  const fitted = expectationMaximisation(
    countPatterns(gammas, WIDTH, pairs.count),
    { lambda: 0.1, m: initialM(levelCounts), u },
    { fixU: true, maxIterations: 100, tolerance: 1e-5 },
  );
  return { fitted, blocked, pairs: pairs.count };
}

/**
 * Splink's way of training, in our terms: u from random pairs (nearly all of them different
 * people); m by EM separately on the pairs of each blocking rule with that rule's fields left
 * out, each comparison's m the average over the rules that saw it, weighed by the match mass
 * it saw there; the prior from the matches the model expects among the candidates.
 *
 * EM over all candidates together (the earlier way) let pairs that only share a name or a birth
 * date, made by the name and date rules, fill the match class: m of "different phone" came
 * out near u, so a different phone or e-mail cost almost nothing.
 */
export function trainModel(
  records: readonly PreparedRecord[],
  candidates: ComparedPairs,
  rules: readonly BlockingRule[],
  keys: readonly RuleKeys[],
  options: TrainingOptions,
  random: () => number,
): { model: MatchModel; emIterations: number; sessions: TrainingSession[] } {
  const { randomPairs = 200_000, trainingPairs = 500_000 } = options;
  const random_ = randomPatterns(
    records,
    Math.min(randomPairs, (records.length * (records.length - 1)) / 2),
    random,
  );
  const u = levelFrequencies(random_, levelCounts);
  const mSum = levelCounts.map((count) => new Array<number>(count).fill(0));
  const seen = levelCounts.map(() => 0);
  const sessions: TrainingSession[] = [];
  let emIterations = 0;
  rules.forEach((rule, r) => {
    const session = ruleSession(records, rule, keys[r]!, u, options, random);
    if (!session) return;
    const { fitted, blocked } = session;
    fitted.m.forEach((row, k) => {
      if (blocked.includes(k)) return;
      const mass = fitted.matchObservations[k]!;
      row.forEach((value, l) => (mSum[k]![l]! += value * mass));
      seen[k]! += mass;
    });
    emIterations += fitted.iterations;
    sessions.push({
      rule: rule.name,
      pairs: session.pairs,
      lambda: fitted.lambda,
      iterations: fitted.iterations,
    });
  });
  const start = initialM(levelCounts);
  // A comparison no rule's matches ever showed (no data in the file) keeps the starting m: it
  // is missing in every pair, so it weighs nothing anyway.
  // One pseudo-match per level (as u has one pseudo-pair): a level no match showed in the
  // training pairs is rare, not impossible, and does not veto a pair by itself with -30 bits.
  const { m } = guardDegenerateM(
    mSum.map((row, k) =>
      seen[k]! > 0 ? row.map((value) => (value + 1) / (seen[k]! + row.length)) : start[k]!,
    ),
  );
  // The prior of a match among all pairs: the matches expected among the candidates over every
  // pair there is. With m and u held, EM's lambda is the candidates' share of match mass.
  const sample = sampledPatterns(candidates, trainingPairs, random);
  const candidateFit = expectationMaximisation(
    sample,
    { lambda: 0.1, m, u },
    { fixU: true, fixM: true, maxIterations: 100, tolerance: 1e-6 },
  );
  const expected = candidateFit.lambda * candidates.count;
  const allPairs = options.sources
    ? countCrossPairs(options.sources)
    : (records.length * (records.length - 1)) / 2;
  const lambda = Math.min(Math.max(expected / Math.max(allPairs, 1), 1e-9), 0.5);
  const model: MatchModel = {
    lambda,
    m,
    u,
    termCounts: countTerms(records),
    records: records.length,
  };
  return { model, emIterations, sessions };
}
