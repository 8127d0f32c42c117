import { sql } from 'kysely';
import type { Tx } from '../../../auth/transaction.ts';

/**
 * When two customer records are merged, every row that points to the loser moves to the
 * survivor. Each owning module knows its tables and registers a mover here, the way modules
 * register task handlers with activities: the quality module never imports the modules above
 * it, and a module added later carries its rows over by registering too.
 *
 * This file has no imports but kysely and types, so that any module may import it.
 */

/** What a mover moved, kept (as JSON) in the merge record so that undo can put it back. */
export type MovedRows = Record<string, unknown>;

export type CustomerMover = {
  /** stable name: the key of this mover's part in `customer_merges.moved` */
  name: string;
  /** the `table.column`s it moves (a test checks that every column pointing to customers has one) */
  tables: readonly string[];
  /** moves the rows of `fromId` (the loser) to `toId` (the survivor), inside the merge transaction */
  reassignCustomer(trx: Tx, fromId: string, toId: string): Promise<MovedRows>;
  /** undoes exactly what `reassignCustomer` did */
  restoreCustomer(trx: Tx, fromId: string, toId: string, moved: MovedRows): Promise<void>;
};

const movers = new Map<string, CustomerMover>();

/** Register (or replace, on a second app in one process) a module's mover. */
export function registerCustomerMover(mover: CustomerMover): CustomerMover {
  movers.set(mover.name, mover);
  return mover;
}

/** Every registered mover, in registration order. */
export function customerMovers(): CustomerMover[] {
  return [...movers.values()];
}

/** A table's column that points to a customer, and what identifies its rows. */
export type CustomerColumn = {
  table: string;
  /** default customer_id */
  column?: string;
  /** the columns that identify a row (default: id) */
  key?: string[];
  /**
   * columns that together with `column` are unique (a list member, a dealer link): a loser's
   * row that would clash with the survivor's is removed, and kept whole for undo
   */
  uniqueWith?: string[];
};

type ColumnMoves = { moved: Record<string, unknown>[]; removed: Record<string, unknown>[] };

/** Move one column's rows from the loser to the survivor; set-based, one statement each. */
export async function moveCustomerColumn(
  trx: Tx,
  spec: CustomerColumn,
  fromId: string,
  toId: string,
): Promise<ColumnMoves> {
  const table = sql.table(spec.table);
  const column = sql.ref(spec.column ?? 'customer_id');
  const key = spec.key ?? ['id'];
  let removed: Record<string, unknown>[] = [];
  if (spec.uniqueWith?.length) {
    const same = sql.join(
      spec.uniqueWith.map(
        (name) => sql`kept.${sql.ref(name)} is not distinct from gone.${sql.ref(name)}`,
      ),
      sql` and `,
    );
    const deleted = await sql<{ row: Record<string, unknown> }>`
      delete from ${table} as gone
       where gone.${column} = ${fromId}
         and exists (select 1 from ${table} as kept where kept.${column} = ${toId} and ${same})
      returning to_jsonb(gone.*) as row`.execute(trx);
    removed = deleted.rows.map((r) => r.row);
  }
  const keyObject = sql.join(
    key.map((name) => sql`${sql.lit(name)}, ${sql.ref(name)}`),
    sql`, `,
  );
  const updated = await sql<{ key: Record<string, unknown> }>`
    update ${table} set ${column} = ${toId} where ${column} = ${fromId}
    returning jsonb_build_object(${keyObject}) as key`.execute(trx);
  return { moved: updated.rows.map((r) => r.key), removed };
}

/** Put back what `moveCustomerColumn` moved and removed. */
export async function restoreCustomerColumn(
  trx: Tx,
  spec: CustomerColumn,
  fromId: string,
  toId: string,
  moves: ColumnMoves,
): Promise<void> {
  const table = sql.table(spec.table);
  const column = sql.ref(spec.column ?? 'customer_id');
  const key = spec.key ?? ['id'];
  if (moves.moved.length) {
    const match = sql.join(
      key.map((name) => sql`t.${sql.ref(name)} = k.${sql.ref(name)}`),
      sql` and `,
    );
    await sql`
      update ${table} as t set ${column} = ${fromId}
        from jsonb_populate_recordset(null::${table}, ${JSON.stringify(moves.moved)}::jsonb) as k
       where t.${column} = ${toId} and ${match}`.execute(trx);
  }
  if (moves.removed.length) {
    await sql`
      insert into ${table}
      select * from jsonb_populate_recordset(null::${table}, ${JSON.stringify(moves.removed)}::jsonb)`.execute(
      trx,
    );
  }
}

/**
 * A mover for plain tables: each column moves whole (clashing rows removed and kept). Tables
 * are moved in the order given and restored in reverse.
 */
export function tableMover(name: string, columns: readonly CustomerColumn[]): CustomerMover {
  const label = (spec: CustomerColumn) => `${spec.table}.${spec.column ?? 'customer_id'}`;
  return {
    name,
    tables: columns.map(label),
    async reassignCustomer(trx, fromId, toId) {
      const moved: MovedRows = {};
      for (const spec of columns) {
        moved[label(spec)] = await moveCustomerColumn(trx, spec, fromId, toId);
      }
      return moved;
    },
    async restoreCustomer(trx, fromId, toId, moved) {
      for (const spec of [...columns].reverse()) {
        const moves = moved[label(spec)] as ColumnMoves | undefined;
        if (moves) await restoreCustomerColumn(trx, spec, fromId, toId, moves);
      }
    },
  };
}
