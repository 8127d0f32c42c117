import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import type { PossibleDuplicate } from '../../customers/index.ts';
import type { PairContribution } from '../schema.ts';
import type { PersonRecord } from '../matching/index.ts';
import { namedRecordsIn, recordsByIds } from './base-records.ts';
import { explainCandidates } from './candidate-scoring.ts';
import { candidatesQuery } from './capture-candidates.ts';
import { storedContributions } from './review-pairs.ts';
import { pairKey } from './review.service.ts';
import { duplicateSettings } from './settings.service.ts';

/** How many likely duplicates an answer names per new person (the queue holds them all). */
const namedPerPerson = 5;

/** The check's parts, in order (a bench's split of its time, `bench/duplicate-check.ts --phases`). */
export type CheckPhase = 'read' | 'candidates' | 'scoring' | 'queue';
/** Milliseconds spent in each part, added to by every check it is given to. */
export type CheckPhaseTimes = Record<CheckPhase, number>;

type QueuedPair = {
  customer_a: string;
  customer_b: string;
  weight: number;
  probability: number;
  explanation: PairContribution[];
};

/**
 * The one duplicate check at capture, for every intake path: consultant entry, showroom log,
 * new customer, event walk-in (through `possibleDuplicatesOf`), ADF posts and files, web
 * forms and list imports. For the persons a capture has just created (after its transaction,
 * so a failed check loses no lead):
 *
 * - candidates from the indexed blocks of `candidatesQuery`, every person's in one statement,
 *   only customers in the actor's scope; scored by the engine with its preset parameters;
 * - a pair at or above the review threshold of the quality settings (`reviewLower`), and not
 *   a household (relatives sharing a phone), is a probable duplicate;
 * - every such pair goes to the review queue: the warning comes after the person is saved
 *   (the user "saved anyway"), and a consultant or reception user cannot decide pairs, so a
 *   data steward does; a steward's earlier decision on a pair stands (nothing is merged or
 *   linked by itself);
 * - the answer names, per person, the most probable ones with the fields that matched, for an
 *   interactive user's warning or an intake's report.
 *
 * The capture's own exact match (normalised phone or e-mail finds the person; no second one is
 * created) comes before this and is not part of it.
 */
export async function checkCapturedCustomers(
  db: Db,
  actor: Actor,
  customerIds: readonly string[],
  phaseTimes?: CheckPhaseTimes,
): Promise<Map<string, PossibleDuplicate[]>> {
  const found = new Map<string, PossibleDuplicate[]>();
  if (customerIds.length === 0) return found;
  let phaseStart = performance.now();
  const phaseDone = (phase: CheckPhase) => {
    const now = performance.now();
    if (phaseTimes) phaseTimes[phase] += now - phaseStart;
    phaseStart = now;
  };
  const [created, settings] = await Promise.all([
    recordsByIds(db, customerIds),
    duplicateSettings(db),
  ]);
  phaseDone('read');
  if (created.length === 0) return found;
  const { links, others } = await candidatesOfAll(db, actor, created);
  phaseDone('candidates');
  if (links.length === 0) return found;
  const candidatesOf = new Map<string, CandidateLink[]>();
  for (const link of links)
    candidatesOf.set(link.for_id, [...(candidatesOf.get(link.for_id) ?? []), link]);

  const pairs: QueuedPair[] = [];
  const seen = new Set<string>();
  for (const person of created) {
    const candidates = (candidatesOf.get(person.id) ?? []).flatMap((link) => {
      const other = others.get(link.id);
      return other ? [{ link, other }] : [];
    });
    const explanations = explainCandidates(
      person,
      candidates.map(({ other }) => other),
    );
    const duplicates: PossibleDuplicate[] = [];
    for (const [index, { link: candidate }] of candidates.entries()) {
      const explanation = explanations[index]!;
      if (explanation.household || explanation.probability < settings.reviewLower) continue;
      duplicates.push({
        id: candidate.id,
        displayName: candidate.display_name,
        probability: explanation.probability,
        matchedOn: explanation.contributions
          .filter((c) => c.weight > 0 && !c.discounted)
          .map((c) => c.field),
      });
      const { a, b } = pairKey(person.id, candidate.id);
      if (seen.has(`${a}:${b}`)) continue;
      seen.add(`${a}:${b}`);
      pairs.push({
        customer_a: a,
        customer_b: b,
        weight: explanation.weight,
        probability: explanation.probability,
        explanation: storedContributions(explanation),
      });
    }
    if (duplicates.length > 0) {
      found.set(
        person.id,
        duplicates.sort((x, y) => y.probability - x.probability).slice(0, namedPerPerson),
      );
    }
  }
  phaseDone('scoring');
  if (pairs.length > 0) await queuePairs(db, pairs);
  phaseDone('queue');
  return found;
}

type CandidateLink = { for_id: string; id: string; display_name: string };

/**
 * Every new person's candidates and their records. One person (an interactive capture, where
 * each round trip counts against the 50 ms) in one statement; a batch in two: the candidates of
 * all in one union, then their records.
 */
async function candidatesOfAll(
  db: Db,
  actor: Actor,
  created: PersonRecord[],
): Promise<{ links: CandidateLink[]; others: Map<string, PersonRecord> }> {
  if (created.length === 1) {
    const person = created[0]!;
    const named = await namedRecordsIn(db, candidatesQuery(actor, person));
    return {
      links: named.map(({ record, displayName }) => ({
        for_id: person.id,
        id: record.id,
        display_name: displayName,
      })),
      others: new Map(named.map(({ record }) => [record.id, record])),
    };
  }
  const perPerson = created.map(
    (person) =>
      sql`select ${person.id}::uuid as for_id, q.id, q.display_name
            from (${candidatesQuery(actor, person)}) q`,
  );
  const links = (await sql<CandidateLink>`${sql.join(perPerson, sql` union all `)}`.execute(db))
    .rows;
  if (links.length === 0) return { links, others: new Map() };
  const others = new Map(
    (await recordsByIds(db, [...new Set(links.map((link) => link.id))])).map((r) => [r.id, r]),
  );
  return { links, others };
}

/** The same check for one new person (the customers module's registered `DuplicateCheck`). */
export async function checkCapturedCustomer(
  db: Db,
  actor: Actor,
  customerId: string,
): Promise<PossibleDuplicate[]> {
  return (await checkCapturedCustomers(db, actor, [customerId])).get(customerId) ?? [];
}

/**
 * One autocommitted statement, not a transaction naming the actor: the queue's audit trigger
 * records decisions (`status`), not arrivals, so the actor would be set for nothing, and on an
 * interactive capture the three round trips more cost 10-20 ms (bench/duplicate-check.ts).
 */
async function queuePairs(db: Db, pairs: QueuedPair[]): Promise<void> {
  await db
    .insertInto('duplicate_pairs')
    .values(
      pairs.map((pair) => ({
        ...pair,
        run_id: null,
        explanation: JSON.stringify(pair.explanation) as unknown as PairContribution[],
      })),
    )
    // a pair already in the queue, or decided, stays as it is
    .onConflict((oc) => oc.columns(['customer_a', 'customer_b']).doNothing())
    .execute();
}
