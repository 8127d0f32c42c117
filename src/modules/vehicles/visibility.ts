import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { customerVisible } from '../../auth/index.ts';

/**
 * A vehicle is visible with its current owner; a vehicle without an owner only to the group.
 * `ownerId` is the vehicle's customer_id column.
 */
export function vehicleVisible(actor: Actor, ownerId: Expression<unknown>): RawBuilder<boolean> {
  if (actor.scope.level === 'group') return sql<boolean>`true`;
  return sql<boolean>`(${ownerId} is not null and ${customerVisible(actor, ownerId)})`;
}
