import { sql, type Expression, type RawBuilder } from 'kysely';

/** Is the lead over, bought or lost? False when there is no such lead. (for other modules' queries) */
export function leadClosed(leadId: Expression<unknown>): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from leads closed
    where closed.id = ${leadId} and closed.stage in ('delivered', 'lost'))`;
}
