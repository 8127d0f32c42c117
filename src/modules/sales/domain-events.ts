import { sql } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';

/** Event types written to the outbox, with the payload each carries. */
export type DomainEventMap = {
  'vehicle.delivered': {
    orderId: string;
    vehicleId: string;
    vin: string;
    dealerId: string;
    dealerCode: string;
    modelId: string;
    makeName: string;
    modelName: string;
    series: string | null;
    deliveredOn: string;
    finalPriceMinor: number;
    currency: string;
    leadId: string | null;
    tradeInVehicleId: string | null;
  };
};

export type DomainEventType = keyof DomainEventMap;

export type DomainEvent<T extends DomainEventType = DomainEventType> = {
  id: string;
  type: T;
  customerId: string | null;
  payload: DomainEventMap[T];
  createdAt: string;
};

/**
 * Writes an event into the outbox inside the caller's transaction: it exists exactly when the
 * change it announces was committed.
 */
export async function emitDomainEvent<T extends DomainEventType>(
  tx: Tx,
  event: { type: T; customerId: string | null; payload: DomainEventMap[T] },
): Promise<string> {
  const { id } = await tx
    .insertInto('domain_events')
    .values({
      type: event.type,
      customer_id: event.customerId,
      payload: JSON.stringify(event.payload),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Claims unprocessed events of one type, oldest first, for a consumer running in `tx`; rows
 * another worker holds are skipped, so several workers share the queue without doubles.
 * The consumer calls `markDomainEventsProcessed` in the same transaction.
 */
export async function claimDomainEvents<T extends DomainEventType>(
  tx: Tx,
  type: T,
  limit = 100,
): Promise<DomainEvent<T>[]> {
  const rows = await tx
    .selectFrom('domain_events')
    .select(['id', 'type', 'customer_id', 'payload', 'created_at'])
    .where('type', '=', type)
    .where('processed_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((row) => ({
    id: row.id,
    type,
    customerId: row.customer_id,
    payload: row.payload as DomainEventMap[T],
    createdAt: row.created_at.toISOString(),
  }));
}

export async function markDomainEventsProcessed(
  db: Db | Tx,
  ids: readonly string[],
): Promise<void> {
  if (!ids.length) return;
  await db
    .updateTable('domain_events')
    .set({ processed_at: sql<Date>`now()` })
    .where('id', 'in', ids)
    .execute();
}
