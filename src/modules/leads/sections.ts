import { sql, type Expression, type RawBuilder } from 'kysely';
import { brandRowVisible, scopeBrandId, type Actor } from '../../auth/index.ts';

/** Is the lead over, bought or lost? False when there is no such lead. (for other modules' queries) */
export function leadClosed(leadId: Expression<unknown>): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from leads closed
    where closed.id = ${leadId} and closed.stage in ('delivered', 'lost'))`;
}

/**
 * SQL for rows that name a lead (a test drive): the lead is of the actor's brand as far as
 * leadVisible goes, or the row names none. Only a brand-level actor is narrowed: at his dealers
 * another brand's lead, or one naming no brand, is not his (brandRowVisible).
 */
export function leadBrandVisible(actor: Actor, leadId: Expression<unknown>): RawBuilder<boolean> {
  if (!scopeBrandId(actor)) return sql<boolean>`true`;
  return sql<boolean>`(${leadId} is null or exists (select 1 from leads brand_lead
    where brand_lead.id = ${leadId} and ${brandRowVisible(actor, sql.ref('brand_lead.brand_id'))}))`;
}
