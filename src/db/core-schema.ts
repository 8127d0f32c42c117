import type { ColumnType, Generated } from 'kysely';

/*
 * Column conventions: timestamptz columns are Date; date columns are 'YYYY-MM-DD' strings
 * (see pg-types.ts); jsonb is written as a JSON string and read as parsed JSON.
 */
export type Json = ColumnType<unknown, string, string>;

export type AuditLogTable = {
  id: Generated<number>;
  at: Generated<Date>;
  actor_user_id: string | null;
  actor_label: string | null;
  request_id: string | null;
  table_name: string;
  record_id: string;
  customer_id: string | null;
  action: 'insert' | 'update' | 'delete' | 'event';
  old_values: Json | null;
  new_values: Json | null;
};

export type CoreTables = {
  audit_log: AuditLogTable;
};
