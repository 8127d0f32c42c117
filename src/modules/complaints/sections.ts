import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { z } from 'zod';
import { dealerVisible } from '../../auth/index.ts';
import { complaintStatuses, severities } from './schema.ts';

export const complaintSummarySchema = z.object({
  id: z.string(),
  number: z.number(),
  status: z.enum(complaintStatuses),
  severity: z.enum(severities),
  category: z.string(),
  subject: z.string(),
  dealerCode: z.string(),
  openedAt: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
});
export type ComplaintSummary = z.output<typeof complaintSummarySchema>;

/** The customer's complaints at the actor's dealers, newest first, for the 360 view. */
export function complaintsJson(actor: Actor, customerId: Expression<unknown>): RawBuilder<unknown> {
  return sql`coalesce((select jsonb_agg(jsonb_build_object(
      'id', k.id, 'number', k.number, 'status', k.status, 'severity', k.severity,
      'category', k.category, 'subject', k.subject, 'dealerCode', d.code,
      'openedAt', k.opened_at, 'dueAt', k.due_at,
      'overdue', k.status in ('open', 'investigating') and k.due_at < now())
      order by k.opened_at desc)
    from complaints k join dealers d on d.id = k.dealer_id
    where k.customer_id = ${customerId} and ${dealerVisible(actor, sql.ref('k.dealer_id'))}),
    '[]'::jsonb)`;
}

/** Does the customer have a complaint still being handled? (service reminders skip him) */
export function hasOpenComplaint(customerId: Expression<unknown>): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from complaints k where k.customer_id = ${customerId}
      and k.status in ('open', 'investigating'))`;
}
