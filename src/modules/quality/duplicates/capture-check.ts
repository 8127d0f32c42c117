import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import type { PossibleDuplicate } from '../../customers/index.ts';
import { namedRecordsIn, recordsByIds } from './base-records.ts';
import { explainCandidates } from './candidate-scoring.ts';
import { candidatesQuery } from './capture-candidates.ts';
import { duplicateSettings } from './settings.service.ts';

/**
 * The real-time check: the customer just created against the base in the actor's scope.
 * Candidates come from indexed blocks (`candidatesQuery`); each is scored by the matching
 * engine with its preset parameters, and those at or above the review threshold are returned.
 */
export async function checkNewCustomer(
  db: Db,
  actor: Actor,
  customerId: string,
): Promise<PossibleDuplicate[]> {
  // the settings are read beside the new record: a round trip less on the way to 50 ms
  const [[record], settings] = await Promise.all([
    recordsByIds(db, [customerId]),
    duplicateSettings(db),
  ]);
  if (!record) return [];
  const others = await namedRecordsIn(db, candidatesQuery(actor, record));
  if (others.length === 0) return [];

  const explanations = explainCandidates(
    record,
    others.map(({ record: other }) => other),
  );
  return others
    .map(({ record: other, displayName }, index) => {
      const explanation = explanations[index]!;
      return {
        id: other.id,
        displayName,
        probability: explanation.probability,
        matchedOn: explanation.contributions
          .filter((c) => c.weight > 0 && !c.discounted)
          .map((c) => c.field),
        household: explanation.household,
      };
    })
    .filter((c) => c.probability >= settings.reviewLower && !c.household)
    .sort((a, b) => b.probability - a.probability)
    .slice(0, 5)
    .map(({ household: _household, ...duplicate }) => duplicate);
}
