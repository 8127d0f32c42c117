import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { ValidationError, type FieldProblem } from '../../../lib/errors.ts';
import type { PersonRecord } from '../matching/index.ts';
import { planColumns, type ColumnPlan } from './column-recognition.ts';

export type Encoding = 'utf-8' | 'windows-1251' | 'gbk';

/** A field longer than this is no name or phone: the row is rejected, not the process crashed. */
export const maxFieldLength = 10_000;
// Rows up to this size are read and rejected one by one; beyond it the parser stops the file.
const maxRecordLength = 64_000_000;

/**
 * UTF-8 when the bytes are valid UTF-8. Otherwise the two encodings our users' lists come in:
 * Windows-1251 (Russian Excel) and GBK (Chinese Excel). Each reading is scored by how much of
 * it is letters of its script; a file that reads as neither is refused with a clear message.
 */
export function detectEncoding(content: Buffer): { encoding: Encoding; text: string } {
  try {
    return { encoding: 'utf-8', text: new TextDecoder('utf-8', { fatal: true }).decode(content) };
  } catch {
    // not UTF-8: try the legacy encodings below
  }
  const sample = content.subarray(0, 1 << 20);
  const high = sample.filter((byte) => byte >= 0x80).length || 1;
  const cyrillic = (
    new TextDecoder('windows-1251').decode(sample).match(/[\u0410-\u044f\u0401\u0451]/g) ?? []
  ).length;
  let han = 0;
  try {
    han = (new TextDecoder('gbk', { fatal: true }).decode(sample).match(/[\u4e00-\u9fff]/g) ?? [])
      .length;
  } catch {
    han = 0;
  }
  // A Cyrillic letter is one byte in 1251, a Chinese character two in GBK.
  const cyrillicShare = cyrillic / high;
  const hanShare = (han * 2) / high;
  if (hanShare >= 0.9 && hanShare >= cyrillicShare) {
    return { encoding: 'gbk', text: new TextDecoder('gbk').decode(content) };
  }
  if (cyrillicShare >= 0.6)
    return { encoding: 'windows-1251', text: new TextDecoder('windows-1251').decode(content) };
  throw new ValidationError(
    [
      {
        path: 'file',
        message: 'the bytes are not UTF-8, and read neither as Windows-1251 nor as GBK text',
      },
    ],
    'The file encoding is not recognised: save it as UTF-8 CSV, or name it with --encoding',
  );
}

export type PersonFile = {
  records: PersonRecord[];
  encoding: Encoding;
  headers: string[];
  plan: ColumnPlan;
};

export type ReadOptions = { map?: string | undefined; encoding?: Encoding | undefined };

function toRecord(values: string[], plan: ColumnPlan, fallbackId: string): PersonRecord {
  const record: PersonRecord = { id: fallbackId };
  const address: string[] = [];
  plan.forEach((target, column) => {
    const value = values[column]?.trim();
    if (!target || !value) return;
    if (target === 'address') address.push(value);
    else record[target] = value;
  });
  if (address.length > 0) record.address = address.join(' ');
  return record;
}

/**
 * Read a person CSV (comma, semicolon or tab separated) whole: every row becomes a record or
 * a problem with its line number. Any problem fails the read, so the result never silently
 * misses rows; the report names the first rows at fault and how many there are.
 */
export async function readPersonFile(path: string, options: ReadOptions = {}): Promise<PersonFile> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile())
    throw new ValidationError([{ path: 'input', message: `no file at ${path}` }]);
  const content = await readFile(path);
  if (content.toString('utf8').trim() === '' || content.length === 0) {
    throw new ValidationError(
      [{ path: 'file', message: 'the file is empty' }],
      'The file is empty',
    );
  }
  const decoded = options.encoding
    ? { encoding: options.encoding, text: new TextDecoder(options.encoding).decode(content) }
    : detectEncoding(content);
  const problems: FieldProblem[] = [];
  let problemCount = 0;
  const report = (line: number, message: string) => {
    problemCount++;
    if (problems.length < 20) problems.push({ path: `line ${line}`, message });
  };
  const parser = Readable.from([decoded.text.replace(/^\uFEFF/, '')]).pipe(
    parse({
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: maxRecordLength,
    }),
  );
  let headers: string[] | undefined;
  let plan: ColumnPlan = [];
  const records: PersonRecord[] = [];
  const ids = new Map<string, number>();
  try {
    for await (const row of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = row.info.lines;
      if (!headers) {
        headers = row.record.map((header) => header.trim());
        plan = planColumns(headers, options.map);
        continue;
      }
      if (row.record.length !== headers.length) {
        report(line, `${row.record.length} cells where the header has ${headers.length}`);
        continue;
      }
      const long = row.record.findIndex((value) => value.length > maxFieldLength);
      if (long >= 0) {
        report(
          line,
          `the ${headers[long]} cell is ${row.record[long]!.length} characters long (at most ${maxFieldLength})`,
        );
        continue;
      }
      const record = toRecord(row.record, plan, String(records.length + 1));
      const earlier = ids.get(record.id);
      if (earlier !== undefined) {
        report(line, `id «${record.id}» is used again (first on line ${earlier})`);
        continue;
      }
      ids.set(record.id, line);
      records.push(record);
    }
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    const message = (error as Error).message;
    throw new ValidationError(
      [{ path: 'file', message }],
      /max_record_size|Max Record Size/i.test(message)
        ? `The CSV file has a row longer than ${maxRecordLength} characters: ${message}`
        : `The CSV file cannot be read: ${message}`,
    );
  }
  if (!headers)
    throw new ValidationError(
      [{ path: 'file', message: 'the file is empty' }],
      'The file is empty',
    );
  if (problemCount > 0) {
    throw new ValidationError(
      problems,
      `${problemCount} row(s) cannot be read; nothing was written (the first ${problems.length} are listed)`,
    );
  }
  if (records.length === 0)
    throw new ValidationError([{ path: 'file', message: 'the file has a header but no rows' }]);
  return { records, encoding: decoded.encoding, headers, plan };
}
