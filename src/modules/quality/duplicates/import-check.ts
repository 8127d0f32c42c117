import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import { customerVisible } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';

/**
 * An existing customer that is probably the person an import row created (the check itself,
 * at capture, is `checkCapturedCustomers` in capture-check.ts).
 */
export type ProbableDuplicate = { id: string; displayName: string; probability: number };

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
