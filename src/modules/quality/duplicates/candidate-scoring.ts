import {
  explainPair,
  prepareRecord,
  type MatchModel,
  type PairExplanation,
  type PersonRecord,
} from '../matching/index.ts';
import { defaultParameters } from '../matching/default-parameters.ts';

/**
 * A new record against the candidates its blocks found, scored by the engine with its preset
 * parameters (the check at capture and at import). The prior of a match falls with the number of
 * candidates, as the blocks found more of them.
 */
export function explainCandidates(
  record: PersonRecord,
  candidates: readonly PersonRecord[],
): PairExplanation[] {
  const model: MatchModel = {
    ...defaultParameters(candidates.length + 1),
    termCounts: [],
    records: candidates.length + 1,
  };
  const prepared = prepareRecord(record, 'RU');
  return candidates.map((other) => explainPair(model, prepared, prepareRecord(other, 'RU')));
}
