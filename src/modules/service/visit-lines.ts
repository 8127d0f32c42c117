import type { Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { FieldProblem } from '../../lib/errors.ts';
import type { CorrectedLineInput } from './visit-corrections.schemas.ts';
import { lineAmount } from './visits.service.ts';

/**
 * Correcting the lines of a repair order. A line named by its `lineNo` keeps its number and is
 * updated only where it differs; new lines are numbered after the last one; lines left out are
 * removed. One audited row change per line, so the history reads "line 2: 1.5 h → 2 h" and not
 * a removal and re-entry of the whole order.
 */
export type RecordedLine = {
  line_no: number;
  kind: CorrectedLineInput['kind'];
  code: string | null;
  description: string;
  quantity: string;
  unit_price_minor: number;
};

export async function recordedLines(db: Db | Tx, visitId: string): Promise<RecordedLine[]> {
  return db
    .selectFrom('service_visit_lines')
    .select(['line_no', 'kind', 'code', 'description', 'quantity', 'unit_price_minor'])
    .where('visit_id', '=', visitId)
    .orderBy('line_no')
    .execute();
}

/** Each `lineNo` must be a line of this visit, named once. */
export function checkLines(
  lines: CorrectedLineInput[],
  recorded: RecordedLine[],
  problems: FieldProblem[],
): void {
  const known = new Set(recorded.map((line) => line.line_no));
  const named = new Set<number>();
  lines.forEach((line, index) => {
    if (line.lineNo === undefined) return;
    if (!known.has(line.lineNo))
      problems.push({
        path: `lines.${index}.lineNo`,
        message: `the visit has no line ${line.lineNo}`,
        code: 'unknown_line',
        params: { line: line.lineNo },
      });
    else if (named.has(line.lineNo))
      problems.push({
        path: `lines.${index}.lineNo`,
        message: `line ${line.lineNo} is named twice`,
        code: 'duplicate',
      });
    named.add(line.lineNo);
  });
}

/**
 * The visit's total after the correction (undefined: unchanged). With lines it is their sum (a
 * total given as well must agree); a visit without lines (a DMS export) takes the total as given.
 */
export function correctedTotal(
  lines: CorrectedLineInput[] | undefined,
  totalMinor: number | undefined,
  recordedCount: number,
  problems: FieldProblem[],
): number | undefined {
  if (!lines) {
    if (totalMinor !== undefined && recordedCount > 0)
      problems.push({
        path: 'totalMinor',
        message: 'the visit has lines: its total is their sum, correct the lines',
        code: 'has_lines',
      });
    return totalMinor;
  }
  if (!lines.length) return totalMinor ?? 0;
  const sum = lines.reduce((acc, line) => acc + lineAmount(line.quantity, line.unitPriceMinor), 0);
  if (totalMinor !== undefined && totalMinor !== sum)
    problems.push({
      path: 'totalMinor',
      message: `differs from the sum of the lines (${sum})`,
      code: 'total_mismatch',
      params: { sum },
    });
  return sum;
}

function differs(line: CorrectedLineInput, was: RecordedLine): boolean {
  return (
    line.kind !== was.kind ||
    (line.code ?? null) !== was.code ||
    line.description !== was.description ||
    line.quantity !== Number(was.quantity) ||
    line.unitPriceMinor !== Number(was.unit_price_minor)
  );
}

/** Writes the corrected lines (checked by `checkLines` before). */
export async function writeLines(
  tx: Tx,
  visit: { id: string; customerId: string },
  lines: CorrectedLineInput[],
  recorded: RecordedLine[],
): Promise<void> {
  const kept = new Set(lines.flatMap((line) => (line.lineNo === undefined ? [] : [line.lineNo])));
  const removed = recorded.filter((line) => !kept.has(line.line_no)).map((line) => line.line_no);
  if (removed.length)
    await tx
      .deleteFrom('service_visit_lines')
      .where('visit_id', '=', visit.id)
      .where('line_no', 'in', removed)
      .execute();
  const byNo = new Map(recorded.map((line) => [line.line_no, line]));
  let next = Math.max(0, ...recorded.map((line) => line.line_no));
  const values = (line: CorrectedLineInput) => ({
    kind: line.kind,
    code: line.code ?? null,
    description: line.description,
    quantity: String(line.quantity),
    unit_price_minor: line.unitPriceMinor,
    amount_minor: lineAmount(line.quantity, line.unitPriceMinor),
  });
  const added = [];
  for (const line of lines) {
    const was = line.lineNo === undefined ? undefined : byNo.get(line.lineNo);
    if (!was) {
      next += 1;
      added.push({
        visit_id: visit.id,
        customer_id: visit.customerId,
        line_no: next,
        ...values(line),
      });
    } else if (differs(line, was))
      await tx
        .updateTable('service_visit_lines')
        .set(values(line))
        .where('visit_id', '=', visit.id)
        .where('line_no', '=', was.line_no)
        .execute();
  }
  if (added.length) await tx.insertInto('service_visit_lines').values(added).execute();
}
