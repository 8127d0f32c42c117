import { describe, expect, it } from 'vitest';
import type { FieldProblem } from '../../lib/errors.ts';
import { checkLines, correctedTotal, type RecordedLine } from './visit-lines.ts';
import type { CorrectedLineInput } from './visit-corrections.schemas.ts';

const recorded: RecordedLine[] = [1, 2].map((lineNo) => ({
  line_no: lineNo,
  kind: 'labour',
  code: null,
  description: `line ${lineNo}`,
  quantity: '1.000',
  unit_price_minor: 100_00,
}));
const line = (change: Partial<CorrectedLineInput> = {}): CorrectedLineInput => ({
  kind: 'part',
  description: 'Oil filter',
  quantity: 1.5,
  unitPriceMinor: 333,
  ...change,
});

describe('correcting a repair order’s lines', () => {
  it('names a line number the visit does not have, or one named twice', () => {
    const problems: FieldProblem[] = [];
    checkLines(
      [line({ lineNo: 2 }), line({ lineNo: 7 }), line({ lineNo: 2 }), line()],
      recorded,
      problems,
    );
    expect(problems).toEqual([
      expect.objectContaining({ path: 'lines.1.lineNo', code: 'unknown_line' }),
      expect.objectContaining({ path: 'lines.2.lineNo', code: 'duplicate' }),
    ]);
  });

  it('makes the total the sum of the lines, rounded per line like at recording', () => {
    const problems: FieldProblem[] = [];
    // 1.5 × 3.33 = 4.995 → 5.00 per line
    expect(correctedTotal([line(), line()], undefined, 2, problems)).toBe(1_000);
    expect(correctedTotal([line()], 499, 2, problems)).toBe(500);
    expect(problems).toEqual([
      expect.objectContaining({ path: 'totalMinor', code: 'total_mismatch' }),
    ]);
  });

  it('takes a total alone only on a visit without lines', () => {
    const problems: FieldProblem[] = [];
    expect(correctedTotal(undefined, 12_000_00, 0, problems)).toBe(12_000_00);
    expect(correctedTotal(undefined, undefined, 2, problems)).toBeUndefined();
    expect(correctedTotal([], undefined, 2, problems)).toBe(0);
    expect(problems).toEqual([]);
    correctedTotal(undefined, 1, 2, problems);
    expect(problems).toEqual([expect.objectContaining({ path: 'totalMinor', code: 'has_lines' })]);
  });
});
