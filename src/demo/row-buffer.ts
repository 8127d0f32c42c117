/**
 * Rows of one table kept column by column, ready to be sent as one PostgreSQL array per
 * column (insert ... select from unnest(...)). Keeping columns instead of row objects avoids
 * a transposition of millions of rows, and writing the array literals here avoids
 * node-postgres quoting each element on its own.
 *
 * `seal()` turns the rows collected so far into literal text and drops the values: the
 * generator seals every few hundred customers, so the many small strings of a batch die
 * young instead of filling the old generation of the garbage collector (which cost more
 * than the generating itself before).
 */
export type ColumnType =
  | 'uuid'
  | 'text'
  /** text of a closed vocabulary or a generated format (letters, digits, _+-.:): no quoting */
  | 'code'
  | 'smallint'
  | 'int'
  | 'bigint'
  | 'date'
  | 'timestamptz'
  | 'bool'
  | 'text[]';

export type Value = string | number | boolean | null | readonly string[];

export type TableSpec = {
  name: string;
  columns: readonly (readonly [column: string, type: ColumnType])[];
};

export class RowBuffer {
  readonly spec: TableSpec;
  private columns: Value[][];
  /** per column: the literal text of sealed rows, without braces */
  private sealed: string[][];
  private sealedRows = 0;
  length = 0;

  constructor(spec: TableSpec) {
    this.spec = spec;
    this.columns = spec.columns.map(() => []);
    this.sealed = spec.columns.map(() => []);
  }

  /** One row, its values in the order of the spec's columns. */
  push(...values: Value[]): void {
    if (values.length !== this.columns.length) {
      throw new Error(
        `${this.spec.name}: ${values.length} values for ${this.columns.length} columns`,
      );
    }
    for (let i = 0; i < values.length; i++) this.columns[i]!.push(values[i]!);
    this.length++;
  }

  /** Turn the open rows into literal text. */
  seal(): void {
    if (this.length === this.sealedRows) return;
    this.spec.columns.forEach(([, type], column) => {
      this.sealed[column]!.push(elements(this.columns[column]!, type));
    });
    this.columns = this.spec.columns.map(() => []);
    this.sealedRows = this.length;
  }

  /** The rows as objects, for tests (only before anything was sealed). */
  rows(): Record<string, Value>[] {
    if (this.sealedRows > 0) throw new Error('rows() of a sealed buffer');
    const out: Record<string, Value>[] = [];
    for (let row = 0; row < this.length; row++) {
      const record: Record<string, Value> = {};
      this.spec.columns.forEach(([name], column) => (record[name] = this.columns[column]![row]!));
      out.push(record);
    }
    return out;
  }

  /** One PostgreSQL array literal per column. */
  arrayLiterals(): string[] {
    const open = this.length > this.sealedRows;
    return this.spec.columns.map(([, type], column) => {
      const parts = this.sealed[column]!;
      const all = open ? [...parts, elements(this.columns[column]!, type)] : parts;
      return `{${all.join(',')}}`;
    });
  }
}

function quote(text: string): string {
  if (text.indexOf('"') < 0 && text.indexOf('\\') < 0) return `"${text}"`;
  return `"${text.replace(/["\\]/g, '\\$&')}"`;
}

/** Elements whose text never needs quoting (ids, codes, numbers, dates, booleans). */
const bareTypes = new Set<ColumnType>([
  'uuid',
  'code',
  'smallint',
  'int',
  'bigint',
  'date',
  'timestamptz',
  'bool',
]);

/** The comma-separated elements of an array literal. */
function elements(values: readonly Value[], type: ColumnType): string {
  const parts = new Array<string>(values.length);
  const bare = bareTypes.has(type);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) parts[i] = 'NULL';
    else if (typeof value === 'boolean') parts[i] = value ? 't' : 'f';
    else if (typeof value === 'number') parts[i] = String(value);
    else if (typeof value === 'string') parts[i] = bare ? value : quote(value);
    else parts[i] = quote(`{${value.map(quote).join(',')}}`);
  }
  return parts.join(',');
}

export function arrayLiteral(values: readonly Value[], type: ColumnType): string {
  return `{${elements(values, type)}}`;
}
