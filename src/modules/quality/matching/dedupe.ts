import { generateCandidatePairs, type BlockingOptions } from './blocking.ts';
import { cohesiveClusters, type CohesionReport } from './cohesive-clusters.ts';
import { defaultParameters } from './default-parameters.ts';
import { compareRecords, comparisons, MISSING } from './comparisons.ts';
import {
  countPatterns,
  expectationMaximisation,
  initialM,
  levelFrequencies,
  matchProbability,
  type FsParameters,
  type PatternCounts,
} from './fellegi-sunter.ts';
import {
  countTerms,
  weighPair,
  type Contribution,
  type MatchModel,
  type PairScore,
} from './scoring.ts';
import { prepareRecord, type PersonRecord, type PreparedRecord } from './record.ts';

export type DedupeStage = 'prepare' | 'block' | 'estimate' | 'score' | 'cluster';

export type DedupeOptions = BlockingOptions & {
  /** country for national phone numbers (RU: 8 916 ... is +7 916 ...) */
  country?: string;
  /** pairs at or above this probability are the same person and join one cluster */
  threshold?: number;
  /**
   * Two groups of records join only when the average match weight over all their cross pairs
   * reaches the weight of this probability (against chaining, see cohesive-clusters.ts);
   * 0 turns the check off and gives plain connected components.
   */
  groupThreshold?: number;
  /** random pairs compared to estimate u */
  randomPairs?: number;
  /** candidate pairs EM learns m from (a random sample when there are more) */
  trainingPairs?: number;
  seed?: number;
  /** below this many records the model is not learnt but taken from `defaultParameters` */
  minTrainingRecords?: number;
  onProgress?: (stage: DedupeStage, done: number, total: number) => void;
};

const WIDTH = comparisons.length;

/** Candidate pairs with their comparison vectors, in growable typed arrays. */
export class PairStore {
  left = new Int32Array(1024);
  right = new Int32Array(1024);
  gammas = new Uint8Array(1024 * WIDTH);
  count = 0;

  add(i: number, j: number): number {
    if (this.count === this.left.length) {
      const size = this.left.length * 2;
      const grow = <T extends Int32Array | Uint8Array>(
        old: T,
        make: (n: number) => T,
        n: number,
      ): T => {
        const next = make(n);
        next.set(old);
        return next;
      };
      this.left = grow(this.left, (n) => new Int32Array(n), size);
      this.right = grow(this.right, (n) => new Int32Array(n), size);
      this.gammas = grow(this.gammas, (n) => new Uint8Array(n), size * WIDTH);
    }
    this.left[this.count] = i;
    this.right[this.count] = j;
    return this.count++;
  }
}

export type DedupeResult = {
  records: PreparedRecord[];
  model: MatchModel;
  pairs: PairStore;
  /** match probability of every candidate pair */
  probability: Float32Array;
  weight: Float32Array;
  household: Uint8Array;
  /** for every record, the index of the first record of its cluster */
  cluster: Int32Array;
  threshold: number;
  /** what the check against chaining did, and how long clustering took */
  cohesion: CohesionReport & { seconds: number };
  blocking: { rule: string; pairs: number; largestBlock: number }[];
  emIterations: number;
};

/** A small deterministic generator (mulberry32): the same input gives the same model. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const levelCounts = comparisons.map((spec) => spec.levels.length);

/** Random pairs: almost all are different people, so their level frequencies are u. */
function randomPatterns(records: readonly PreparedRecord[], samples: number, random: () => number) {
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

function trainingPatterns(pairs: PairStore, limit: number, random: () => number) {
  if (pairs.count <= limit) return countPatterns(pairs.gammas, WIDTH, pairs.count);
  const sample = new Uint8Array(limit * WIDTH);
  for (let s = 0; s < limit; s++) {
    const p = Math.floor(random() * pairs.count);
    sample.set(pairs.gammas.subarray(p * WIDTH, p * WIDTH + WIDTH), s * WIDTH);
  }
  return countPatterns(sample, WIDTH, limit);
}

function posteriorMass(patterns: PatternCounts, parameters: FsParameters): number {
  let mass = 0;
  patterns.vectors.forEach((vector, p) => {
    let logRatio = Math.log2(parameters.lambda / (1 - parameters.lambda));
    vector.forEach((level, k) => {
      if (level !== MISSING)
        logRatio += Math.log2(parameters.m[k]![level]! / parameters.u[k]![level]!);
    });
    mass += matchProbability(logRatio) * patterns.counts[p]!;
  });
  return mass;
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

/** u from random pairs, m by EM, the prior from the matches EM expects among the candidates. */
function trainModel(
  records: readonly PreparedRecord[],
  pairs: PairStore,
  options: DedupeOptions,
  random: () => number,
): { model: MatchModel; emIterations: number } {
  const { randomPairs = 200_000, trainingPairs = 500_000 } = options;
  const random_ = randomPatterns(
    records,
    Math.min(randomPairs, (records.length * (records.length - 1)) / 2),
    random,
  );
  const u = levelFrequencies(random_, levelCounts);
  // EM learns m from the candidate pairs mixed with the random pairs: the random ones keep a
  // clear non-match class in view even when nearly every candidate is a match (fake_1000).
  const candidates = trainingPatterns(pairs, trainingPairs, random);
  const training = {
    vectors: [...candidates.vectors, ...random_.vectors],
    counts: [...candidates.counts, ...random_.counts],
  };
  const fitted = expectationMaximisation(
    training,
    { lambda: 0.2, m: initialM(levelCounts), u },
    { fixU: true, maxIterations: 100, tolerance: 1e-5 },
  );
  // The prior of a match among all pairs (what a pair's weight starts from): the matches EM
  // expects among the candidates, over every pair there is.
  const sampled = Math.min(pairs.count, trainingPairs);
  const expected = (posteriorMass(candidates, fitted) * pairs.count) / Math.max(sampled, 1);
  const allPairs = options.sources
    ? countCrossPairs(options.sources)
    : (records.length * (records.length - 1)) / 2;
  const lambda = Math.min(Math.max(expected / Math.max(allPairs, 1), 1e-9), 0.5);
  const model: MatchModel = {
    lambda,
    m: fitted.m,
    u: fitted.u,
    termCounts: countTerms(records),
    records: records.length,
  };
  return { model, emIterations: fitted.iterations };
}

/** Prepare, block, compare, estimate u (random pairs) and m (EM), score, cluster. */
export function dedupeRecords(
  input: readonly PersonRecord[],
  options: DedupeOptions = {},
): DedupeResult {
  const {
    country = 'RU',
    threshold = 0.9,
    groupThreshold = 0.5,
    seed = 1,
    minTrainingRecords = 500,
  } = options;
  const progress = options.onProgress ?? (() => {});
  const random = randomSource(seed);
  const records: PreparedRecord[] = new Array(input.length);
  for (let i = 0; i < input.length; i++) {
    records[i] = prepareRecord(input[i]!, country);
    if (i % 50_000 === 0) progress('prepare', i, input.length);
  }
  progress('prepare', input.length, input.length);

  const pairs = new PairStore();
  const blocking = generateCandidatePairs(
    records,
    (i, j) => {
      const p = pairs.add(i, j);
      compareRecords(records[i]!, records[j]!, pairs.gammas, p * WIDTH);
      if (p % 100_000 === 0) progress('block', p, 0);
    },
    options,
  );
  progress('block', pairs.count, pairs.count);

  progress('estimate', 0, 2);
  const { model, emIterations } =
    records.length < minTrainingRecords
      ? {
          model: { ...defaultParameters(records.length), termCounts: [], records: records.length },
          emIterations: 0,
        }
      : trainModel(records, pairs, options, random);
  progress('estimate', 2, 2);

  const probability = new Float32Array(pairs.count);
  const weight = new Float32Array(pairs.count);
  const household = new Uint8Array(pairs.count);
  const accepted: number[] = [];
  for (let p = 0; p < pairs.count; p++) {
    const score = weighPair(
      model,
      pairs.gammas,
      p * WIDTH,
      records[pairs.left[p]!]!,
      records[pairs.right[p]!]!,
    );
    probability[p] = score.probability;
    weight[p] = score.weight;
    household[p] = score.household ? 1 : 0;
    if (score.probability >= threshold) accepted.push(p);
    if (p % 200_000 === 0) progress('score', p, pairs.count);
  }
  progress('score', pairs.count, pairs.count);
  progress('cluster', 0, records.length);
  const clusteringStarted = performance.now();
  const scratch = new Uint8Array(WIDTH);
  const { cluster, report } = cohesiveClusters(
    records.length,
    {
      left: Int32Array.from(accepted, (p) => pairs.left[p]!),
      right: Int32Array.from(accepted, (p) => pairs.right[p]!),
      weight: Float32Array.from(accepted, (p) => weight[p]!),
      count: accepted.length,
    },
    // Pairs blocking never compared are scored on the spot, the same way as candidates.
    (i, j) => {
      compareRecords(records[i]!, records[j]!, scratch);
      return weighPair(model, scratch, 0, records[i]!, records[j]!).weight;
    },
    { minAverageWeight: Math.log2(groupThreshold / (1 - groupThreshold)) },
  );
  const cohesion = { ...report, seconds: (performance.now() - clusteringStarted) / 1000 };
  progress('cluster', records.length, records.length);
  return {
    records,
    model,
    pairs,
    probability,
    weight,
    household,
    cluster,
    threshold,
    cohesion,
    blocking,
    emIterations,
  };
}

export type PairExplanation = PairScore & { swapped: boolean; contributions: Contribution[] };

/** Why two records match or not: each field's level and the bits of evidence it gave. */
export function explainPair(
  model: MatchModel,
  a: PreparedRecord,
  b: PreparedRecord,
): PairExplanation {
  const gammas = new Uint8Array(WIDTH);
  const swapped = compareRecords(a, b, gammas);
  const contributions: Contribution[] = [];
  const score = weighPair(model, gammas, 0, a, b, contributions);
  return { ...score, swapped, contributions };
}
