import type pg from 'pg';

/**
 * A bulk demo load into an empty PostgreSQL database builds its scattered secondary indexes
 * once, at the end, instead of row by row.
 *
 * Why: the generator's keys count up (prng.ts), so the primary keys and the indexes that lead
 * with a customer or vehicle id grow at their right edge; but an index on a name word, a VIN,
 * a phone or (dealer, date) takes each new row somewhere in the middle. Once those indexes
 * outgrow the cache every batch reads and writes pages all over them (measured at 1.14M
 * customers: the load slowed from 38k to 9k rows/s as it went, with 8 GB of indexes). A
 * sorted build at the end writes each index once.
 *
 * Which: non-unique indexes (unique ones guard the data and stay) on the loaded tables, whose
 * first key column is not `id`, `customer_id` or `vehicle_id`. Those stay because they cost
 * little and the load's own catch-up statements read by them (bulk-mode.ts).
 *
 * Only into an empty database: a running system must not lose its indexes for a while. The
 * definitions are written to demo_deferred_indexes before the drop, in the same transaction,
 * so a load killed halfway leaves a record the next load builds from.
 */
export async function deferScatteredIndexes(pool: pg.Pool, tables: readonly string[]) {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const found = await client.query<{
      index_name: string;
      table_name: string;
      definition: string;
    }>(
      `select i.indexrelid::regclass::text as index_name, t.relname as table_name,
              pg_get_indexdef(i.indexrelid) as definition
         from pg_index i
         join pg_class t on t.oid = i.indrelid
         left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
        where i.indrelid = any($1::regclass[])
          and not i.indisunique and not i.indisprimary and not i.indisexclusion
          and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
          and coalesce(a.attname, '') not in ('id', 'customer_id', 'vehicle_id')
        order by t.relname, 1`,
      [tables],
    );
    for (const index of found.rows) {
      await client.query(
        `insert into demo_deferred_indexes (index_name, table_name, definition) values ($1, $2, $3)`,
        [index.index_name, index.table_name, index.definition],
      );
      await client.query(`drop index ${quoteName(index.index_name)}`);
    }
    await client.query('commit');
    return found.rows.length;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Builds every index demo_deferred_indexes holds (this load's, or a killed load's), on up to
 * two connections at once, each with room to sort in memory; a row goes when its index is
 * there. Returns how many were built.
 */
export async function buildDeferredIndexes(pool: pg.Pool, connections = 2): Promise<number> {
  const pending = await pool.query<{ index_name: string; definition: string }>(
    `select index_name, definition from demo_deferred_indexes order by table_name, index_name`,
  );
  const queue = [...pending.rows];
  const worker = async () => {
    const client = await pool.connect();
    try {
      await client.query(`set maintenance_work_mem = '512MB'`);
      for (let index = queue.shift(); index; index = queue.shift()) {
        await client.query('begin');
        // a definition from pg_get_indexdef, which names the index; "if not exists" because a
        // killed build may have finished the index without deleting its row
        await client.query(
          index.definition.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS '),
        );
        await client.query('delete from demo_deferred_indexes where index_name = $1', [
          index.index_name,
        ]);
        await client.query('commit');
      }
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: Math.min(connections, queue.length) }, worker));
  return pending.rows.length;
}

/** An index name as pg's regclass text gives it (already quoted where it must be). */
function quoteName(regclassText: string): string {
  if (!/^[a-z_][a-z0-9_$."]*$/.test(regclassText)) {
    throw new Error(`Unexpected index name ${regclassText}`);
  }
  return regclassText;
}
