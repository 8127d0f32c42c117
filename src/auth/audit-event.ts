import type { Db } from '../db/database.ts';
import type { Actor } from './actor.ts';
import { withActor } from './transaction.ts';

/**
 * Records something that is not a row change but must be traceable, such as an export of
 * customer data: who, when, what.
 */
export async function auditEvent(
  db: Db,
  actor: Actor,
  event: { table: string; recordId: string; customerId?: string; details: Record<string, unknown> },
): Promise<void> {
  await withActor(db, actor, (tx) =>
    tx
      .insertInto('audit_log')
      .values({
        actor_user_id: actor.userId,
        actor_label: actor.label,
        request_id: actor.requestId ?? null,
        table_name: event.table,
        record_id: event.recordId,
        customer_id: event.customerId ?? null,
        action: 'event',
        new_values: JSON.stringify(event.details),
      })
      .execute(),
  );
}
