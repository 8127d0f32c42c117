import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import { customerVisible, withActor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import type { PairContribution } from '../schema.ts';
import { recordsByIds } from './base-records.ts';
import { explainCandidates } from './candidate-scoring.ts';
import { candidatesQuery } from './capture-candidates.ts';
import { storedContributions } from './review-pairs.ts';
import { pairKey } from './review.service.ts';
import { duplicateSettings } from './settings.service.ts';

/** An existing customer that is probably the person an import row created. */
export type ProbableDuplicate = { id: string; displayName: string; probability: number };

/**
 * The check at capture for a batch of customers an import has just created: the candidates of
 * every one of them in one statement (the blocks of `candidatesQuery`, per person, in one
 * union), their records in a second, scored by the engine with its preset parameters. Pairs at
 * or above the review threshold go to the review queue (a steward's earlier decision on a pair
 * stands); nothing is merged or linked by itself. Only customers in the actor's scope are read.
 */
export async function flagImportedDuplicates(
  db: Db,
  actor: Actor,
  customerIds: readonly string[],
): Promise<Map<string, ProbableDuplicate[]>> {
  const found = new Map<string, ProbableDuplicate[]>();
  if (customerIds.length === 0) return found;
  const [created, settings] = await Promise.all([
    recordsByIds(db, customerIds),
    duplicateSettings(db),
  ]);
  if (created.length === 0) return found;
  const perPerson = created.map(
    (person) =>
      sql`select ${person.id}::uuid as for_id, q.id, q.display_name
            from (${candidatesQuery(actor, person)}) q`,
  );
  const links = (
    await sql<{ for_id: string; id: string; display_name: string }>`
      ${sql.join(perPerson, sql` union all `)}`.execute(db)
  ).rows;
  if (links.length === 0) return found;
  const others = new Map(
    (await recordsByIds(db, [...new Set(links.map((link) => link.id))])).map((r) => [r.id, r]),
  );
  const candidatesOf = new Map<string, typeof links>();
  for (const link of links)
    candidatesOf.set(link.for_id, [...(candidatesOf.get(link.for_id) ?? []), link]);

  const pairs: {
    customer_a: string;
    customer_b: string;
    weight: number;
    probability: number;
    explanation: PairContribution[];
  }[] = [];
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
    const duplicates: ProbableDuplicate[] = [];
    for (const [index, { link: candidate }] of candidates.entries()) {
      const explanation = explanations[index]!;
      if (explanation.household || explanation.probability < settings.reviewLower) continue;
      duplicates.push({
        id: candidate.id,
        displayName: candidate.display_name,
        probability: explanation.probability,
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
        duplicates.sort((x, y) => y.probability - x.probability),
      );
    }
  }
  if (pairs.length > 0) {
    await withActor(db, actor, (tx) =>
      tx
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
        .execute(),
    );
  }
  return found;
}

/**
 * The open pairs of the review queue that name these customers, for an import's report: the
 * other person of each pair, when the reader may see both.
 */
export async function openDuplicatesOf(
  db: Db,
  actor: Actor,
  customerIds: readonly string[],
): Promise<Map<string, ProbableDuplicate[]>> {
  const result = new Map<string, ProbableDuplicate[]>();
  if (customerIds.length === 0) return result;
  const ids = sql`${[...customerIds]}::uuid[]`;
  // each side through its own index (the primary key, duplicate_pairs_b_idx)
  const rows = await sql<{
    customer_id: string;
    id: string;
    display_name: string;
    probability: number;
  }>`
    select x.customer_id, o.id, o.display_name, x.probability
      from (select p.customer_a as customer_id, p.customer_b as other_id, p.probability
              from duplicate_pairs p
             where p.customer_a = any(${ids}) and p.status = 'open' and not p.household
            union all
            select p.customer_b, p.customer_a, p.probability
              from duplicate_pairs p
             where p.customer_b = any(${ids}) and p.status = 'open' and not p.household) x
      join customers o on o.id = x.other_id and o.merged_into is null
     where ${customerVisible(actor, sql.ref('x.customer_id'))}
       and ${customerVisible(actor, sql.ref('x.other_id'))}
     order by x.customer_id, x.probability desc, o.id`.execute(db);
  for (const row of rows.rows) {
    const list = result.get(row.customer_id) ?? [];
    list.push({ id: row.id, displayName: row.display_name, probability: Number(row.probability) });
    result.set(row.customer_id, list);
  }
  return result;
}
