import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, customerVisible } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import { assertCustomerVisible } from '../customers/index.ts';

export type AuditEntry = {
  id: number;
  at: string;
  actor: { id: string; name: string } | null;
  actorLabel: string | null;
  table: string;
  recordId: string;
  customerId: string | null;
  action: 'insert' | 'update' | 'delete' | 'event';
  oldValues: unknown;
  newValues: unknown;
};

export type AuditFilter = {
  customerId?: string;
  table?: string;
  recordId?: string;
  userId?: string;
  limit: number;
  beforeId?: number;
};

/**
 * Who changed what. Entries about a customer follow the customer's scope; entries about the
 * organisation and users (no customer) are for group-wide roles only.
 */
export async function listAudit(db: Db, actor: Actor, filter: AuditFilter): Promise<AuditEntry[]> {
  if (!can(actor, 'audit:read')) throw new ForbiddenError('Your role may not read the audit log');
  if (filter.customerId) await assertCustomerVisible(db, actor, filter.customerId);
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select([
      'a.id',
      'a.at',
      'a.actor_user_id',
      'u.display_name',
      'a.actor_label',
      'a.table_name',
      'a.record_id',
      'a.customer_id',
      'a.action',
      'a.old_values',
      'a.new_values',
    ])
    .where((eb) =>
      actor.scope.level === 'group'
        ? sql<boolean>`true`
        : eb.and([
            eb('a.customer_id', 'is not', null),
            customerVisible(actor, eb.ref('a.customer_id')),
          ]),
    );
  if (filter.customerId) query = query.where('a.customer_id', '=', filter.customerId);
  if (filter.table) query = query.where('a.table_name', '=', filter.table);
  if (filter.recordId) query = query.where('a.record_id', '=', filter.recordId);
  if (filter.userId) query = query.where('a.actor_user_id', '=', filter.userId);
  if (filter.beforeId) query = query.where('a.id', '<', filter.beforeId);
  const rows = await query.orderBy('a.id', 'desc').limit(filter.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor_user_id ? { id: row.actor_user_id, name: row.display_name ?? '' } : null,
    actorLabel: row.actor_label,
    table: row.table_name,
    recordId: row.record_id,
    customerId: row.customer_id,
    action: row.action,
    oldValues: row.old_values,
    newValues: row.new_values,
  }));
}
