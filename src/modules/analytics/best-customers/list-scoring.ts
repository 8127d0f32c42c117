import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { ValidationError } from '../../../lib/errors.ts';
import { educationLevels, genders, incomeBands, maritalStatuses } from '../../customers/index.ts';
import { fittedParams, scoreProfile, type Score } from './best-customers.service.ts';
import type { Profile } from './profile.ts';

export const maxListRows = 20_000;

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankToUndefined, schema.optional());
const lowerEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
    z.enum(values),
  );
const text = z.string().trim().max(200);
const thisYear = new Date().getUTCFullYear();

/**
 * One person of an imported list. The same fields as a customer's profile; every one may be
 * missing (the model then goes by the others). CSV headers use these names.
 */
export const listRowSchema = z.object({
  externalId: optional(text),
  name: optional(text),
  phone: optional(text),
  email: optional(text),
  age: optional(z.coerce.number().int().min(16).max(110)),
  birthDate: optional(z.iso.date()),
  gender: optional(lowerEnum(genders)),
  incomeBand: optional(lowerEnum(incomeBands)),
  maritalStatus: optional(lowerEnum(maritalStatuses)),
  childrenCount: optional(z.coerce.number().int().min(0).max(30)),
  education: optional(lowerEnum(educationLevels)),
  occupation: optional(text),
  region: optional(text),
  dealerCode: optional(text),
  currentMake: optional(text),
  currentSegment: optional(text),
  currentCarYear: optional(
    z.coerce
      .number()
      .int()
      .min(1900)
      .max(thisYear + 1),
  ),
  // in CSV a list separated by ";" or "|"
  interests: optional(
    z.union([
      z.array(text).max(100),
      z.string().transform((value) =>
        value
          .split(/[;|]/)
          .map((tag) => tag.trim())
          .filter(Boolean),
      ),
    ]),
  ),
  purchaseWithinMonths: optional(z.coerce.number().int().min(0).max(120)),
});
export type ListRow = z.infer<typeof listRowSchema>;

export const listColumns = Object.keys(listRowSchema.shape);

export type RowProblem = { line: number; field: string; message: string };

export type ScoredListRow = Score & {
  line: number;
  externalId: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
};

function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** Rows of a CSV text, each with the line it starts on (the header is line 1). */
export function csvRows(csv: string): { line: number; row: Record<string, string> }[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv, {
      columns: (header: string[]) => header.map((name) => name.trim()),
      skip_empty_lines: true,
      bom: true,
      trim: true,
      info: true,
      relax_column_count: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
  } catch (error) {
    throw new ValidationError([
      { path: 'csv', message: `not readable as CSV: ${(error as Error).message}` },
    ]);
  }
  return records.map(({ record, info }) => ({ line: info.lines, row: record }));
}

/**
 * Score an imported list against a fitted model. A bad row is reported with its line and
 * field and left out; the good rows are scored, most promising first. Nothing is stored: the
 * list is the caller's and may hold people who never agreed to be in the CRM.
 */
export async function scoreList(
  db: Db,
  runId: string,
  input: { rows?: Record<string, unknown>[]; csv?: string },
  today: string = new Date().toISOString().slice(0, 10),
): Promise<{ accepted: number; rejected: RowProblem[]; items: ScoredListRow[] }> {
  let lines: { line: number; row: Record<string, unknown> }[];
  if (input.csv !== undefined) {
    lines = csvRows(input.csv);
    const header = lines[0] ? Object.keys(lines[0].row) : [];
    if (lines.length > 0 && !header.some((name) => listColumns.includes(name))) {
      throw new ValidationError([
        { path: 'csv', message: `no known column; expected some of ${listColumns.join(', ')}` },
      ]);
    }
  } else if (input.rows !== undefined) {
    // JSON rows are numbered as if they were CSV lines under a header
    lines = input.rows.map((row, index) => ({ line: index + 2, row }));
  } else {
    throw new ValidationError([{ path: 'rows', message: 'give rows (JSON) or csv (text)' }]);
  }
  if (lines.length > maxListRows) {
    throw new ValidationError([
      { path: input.csv !== undefined ? 'csv' : 'rows', message: `at most ${maxListRows} rows` },
    ]);
  }
  const { params } = await fittedParams(db, runId);
  const rejected: RowProblem[] = [];
  const items: ScoredListRow[] = [];
  for (const { line, row } of lines) {
    const parsed = listRowSchema.safeParse(row);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        rejected.push({ line, field: issue.path.join('.') || 'row', message: issue.message });
      }
      continue;
    }
    const person = parsed.data;
    const profile: Profile = {
      ...person,
      age: person.age ?? (person.birthDate ? ageOn(person.birthDate, today) : undefined),
    };
    items.push({
      line,
      externalId: person.externalId ?? null,
      name: person.name ?? null,
      phone: person.phone ?? null,
      email: person.email ?? null,
      ...scoreProfile(params, profile, today),
    });
  }
  items.sort((left, right) => right.priority - left.priority || left.line - right.line);
  return { accepted: items.length, rejected, items };
}
