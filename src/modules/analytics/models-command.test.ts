import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import { runBgNbdCommand } from './models-command.ts';
import { cdnowDirectory } from './models/cdnow.testing.ts';
import { summariseTransactions } from './models/transaction-summary.ts';

const directory = mkdtempSync(path.join(tmpdir(), 'autocrm-models-'));

/** CDNOW_sample.txt (master_id sample_id YYYYMMDD cds dollars) as the command's CSV. */
function cdnowTransactionsCsv(): string {
  const lines = readFileSync(path.join(cdnowDirectory, 'CDNOW_sample.txt'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((line) => {
      const [, id, date, , amount] = line.trim().split(/\s+/);
      return `${id},${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)},${amount}`;
    });
  const file = path.join(directory, 'cdnow.csv');
  writeFileSync(file, `customer_id,date,amount\n${lines.join('\n')}\n`);
  return file;
}

describe('an analyst fits BG/NBD from a transactions file', () => {
  it('builds the same calibration summary as the published CDNOW one', () => {
    const summary = readFileSync(path.join(cdnowDirectory, 'cdnow_customers_summary.csv'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(',').map(Number));
    const transactions = readFileSync(path.join(cdnowDirectory, 'CDNOW_sample.txt'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .map((line) => {
        const [, id, date] = line.trim().split(/\s+/);
        return {
          customerId: String(Number(id)),
          date: `${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}`,
        };
      });
    const ours = new Map(
      summariseTransactions(transactions, '1997-09-30', 'week').map((c) => [c.customerId, c]),
    );
    expect(ours.size).toBe(2357);
    for (const [id, x, tx, T] of summary) {
      const mine = ours.get(String(id))!;
      expect(mine.x).toBe(x);
      expect(mine.tx).toBeCloseTo(tx!, 2);
      expect(mine.T).toBeCloseTo(T!, 2);
    }
  });

  it('prints and writes the published parameters for CDNOW', async () => {
    const out = path.join(directory, 'params.json');
    const lines: string[] = [];
    const result = await runBgNbdCommand({
      transactions: cdnowTransactionsCsv(),
      calibrationEnd: '1997-09-30',
      period: 'week',
      out,
      log: (line) => lines.push(line),
    });
    expect(result.customers).toBe(2357);
    expect(result.bgnbd.params.r).toBeCloseTo(0.243, 3);
    expect(result.bgnbd.params.alpha).toBeCloseTo(4.414, 2);
    expect(result.bgnbd.logLikelihood).toBeCloseTo(-9582.4, 0);
    expect(result.gammaGamma?.params.p).toBeCloseTo(6.25, 1);
    expect(lines.join('\n')).toContain('log-likelihood = -9582.4');
    const written = JSON.parse(readFileSync(out, 'utf8')) as typeof result;
    expect(written.bgnbd.params.a).toBeCloseTo(0.793, 3);
    expect(written.calibrationEnd).toBe('1997-09-30');
  });

  it('measures time in days when asked', () => {
    const [customer] = summariseTransactions(
      [
        { customerId: 'a', date: '2024-01-01', amount: 10 },
        { customerId: 'a', date: '2024-01-01', amount: 5 }, // same day: one visit
        { customerId: 'a', date: '2024-01-11', amount: 30 },
        { customerId: 'a', date: '2024-02-01', amount: 50 },
        { customerId: 'a', date: '2024-03-01', amount: 70 }, // after calibration: ignored
      ],
      '2024-02-10',
      'day',
    );
    expect(customer).toEqual({
      customerId: 'a',
      x: 2,
      tx: 31,
      T: 40,
      meanRepeatValue: 40,
      firstDate: '2024-01-01',
    });
  });

  it('names the bad lines of a file and fits nothing', async () => {
    const file = path.join(directory, 'bad.csv');
    writeFileSync(
      file,
      'customer_id,date\nc1,2024-01-05\nc2,2024-02-30\n,2024-01-01\nc3,2024-01-03,-4\n',
    );
    const error = await runBgNbdCommand({
      transactions: file,
      calibrationEnd: '2024-06-30',
      period: 'week',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fields.map((field) => field.path)).toEqual([
      'line 3',
      'line 4',
      'line 5',
    ]);
  });

  it('explains why a file of one-time buyers cannot be fitted', async () => {
    const file = path.join(directory, 'once.csv');
    const rows = Array.from(
      { length: 30 },
      (_, i) => `c${i},2024-01-${String(i + 1).padStart(2, '0')}`,
    );
    writeFileSync(file, rows.join('\n'));
    const error = await runBgNbdCommand({
      transactions: file,
      calibrationEnd: '2024-06-30',
      period: 'week',
    }).catch((caught: unknown) => caught);
    expect((error as AppError).status).toBe(422);
    expect((error as AppError).code).toBe('model_no_repeat_transactions');
  });
});
