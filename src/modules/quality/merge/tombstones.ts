import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import { customerVisible } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';

/**
 * The record a merged-away customer now lives in (following merges of merges), when the actor
 * may see it; undefined for a customer that was never merged or whose survivor is out of scope.
 * Old links to the loser use it to answer with the survivor.
 */
export async function survivorOf(db: Db, actor: Actor, id: string): Promise<string | undefined> {
  const rows = await sql<{ id: string }>`
    with recursive chain(id, merged_into, depth) as (
      select c.id, c.merged_into, 0 from customers c where c.id = ${id} and c.merged_into is not null
      union all
      select c.id, c.merged_into, chain.depth + 1
        from chain join customers c on c.id = chain.merged_into
       where chain.depth < 20
    )
    select chain.id from chain
     where chain.merged_into is null and ${customerVisible(actor, sql.ref('chain.id'))}`.execute(
    db,
  );
  return rows.rows[0]?.id;
}
