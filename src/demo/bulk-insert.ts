import type { RowBuffer } from './row-buffer.ts';

export type Statement = { text: string; values: string[] };

/**
 * One statement that inserts every table of a batch: one data-modifying CTE per table, each
 * `insert into t (cols) select ... from unnest($1::uuid[], $2::text[], ...)`.
 *
 * Why one statement: the whole batch travels in one round trip, so the server works on it
 * while the generator (which blocks the event loop) prepares the next batch. Foreign keys
 * between the CTEs hold because PostgreSQL checks them at the end of the statement.
 * Array columns (text[]) travel as text and are cast back, because unnest flattens a
 * two-dimensional array.
 */
export function batchInsert(buffers: readonly RowBuffer[]): Statement | undefined {
  const values: string[] = [];
  const parts: string[] = [];
  for (const buffer of buffers) {
    if (buffer.length === 0) continue;
    const literals = buffer.arrayLiterals();
    const names = buffer.spec.columns.map(([name]) => name);
    const unnestArgs = buffer.spec.columns.map(([, type], index) => {
      values.push(literals[index]!);
      const sqlType = type === 'text[]' || type === 'code' ? 'text' : type;
      return `$${values.length}::${sqlType}[]`;
    });
    const selectList = buffer.spec.columns.map(([name, type]) =>
      type === 'text[]' ? `u.${name}::text[]` : `u.${name}`,
    );
    parts.push(
      `${buffer.spec.name}_rows as (insert into ${buffer.spec.name} (${names.join(', ')}) ` +
        `select ${selectList.join(', ')} from unnest(${unnestArgs.join(', ')}) as u(${names.join(', ')}))`,
    );
  }
  if (parts.length === 0) return undefined;
  return { text: `with ${parts.join(',\n')}\nselect 1`, values };
}
