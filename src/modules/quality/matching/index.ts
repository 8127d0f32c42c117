/** The matching engine: pure functions over records, no database. */
export {
  dedupeRecords,
  explainPair,
  type DedupeOptions,
  type DedupeResult,
  type DedupeStage,
  type PairExplanation,
} from './dedupe.ts';
export {
  prepareRecord,
  personFields,
  type PersonRecord,
  type PersonField,
  type PreparedRecord,
} from './record.ts';
export { splitFullName, isPatronymic, type NameParts } from './name-parts.ts';
export { clusterScores, pairScores, type PairwiseScores } from './evaluation.ts';
export { comparisons, type ComparisonKey } from './comparisons.ts';
export type { MatchModel, Contribution } from './scoring.ts';
