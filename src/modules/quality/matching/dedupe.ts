import {
  blockingRules,
  generateCandidatePairs,
  ruleKeys,
  type BlockingOptions,
} from './blocking.ts';
import { cohesiveClusters, type CohesionReport } from './cohesive-clusters.ts';
import { defaultParameters } from './default-parameters.ts';
import { compareRecords, comparisons } from './comparisons.ts';
import { weighPair, type Contribution, type MatchModel, type PairScore } from './scoring.ts';
import { prepareRecord, type PersonRecord, type PreparedRecord } from './record.ts';
import { trainModel, type TrainingOptions, type TrainingSession } from './training.ts';

export type DedupeStage = 'prepare' | 'block' | 'estimate' | 'score' | 'cluster';

export type DedupeOptions = BlockingOptions &
  TrainingOptions & {
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
  /** the EM run on each blocking rule's pairs that m was learnt from */
  training: TrainingSession[];
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

/** Prepare, block, compare, estimate u (random pairs) and m (EM per blocking rule), score, cluster. */
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
  const keys = blockingRules.map((rule) => ruleKeys(records, rule));
  const blocking = generateCandidatePairs(
    records,
    (i, j) => {
      const p = pairs.add(i, j);
      compareRecords(records[i]!, records[j]!, pairs.gammas, p * WIDTH);
      if (p % 100_000 === 0) progress('block', p, 0);
    },
    options,
    blockingRules,
    keys,
  );
  progress('block', pairs.count, pairs.count);

  progress('estimate', 0, 2);
  const { model, emIterations, sessions } =
    records.length < minTrainingRecords
      ? {
          model: { ...defaultParameters(records.length), termCounts: [], records: records.length },
          emIterations: 0,
          sessions: [],
        }
      : trainModel(records, pairs, blockingRules, keys, options, random);
  // The rules' keys (some 0.1 GB at a million records) are not needed for scoring.
  keys.length = 0;
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
    training: sessions,
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
