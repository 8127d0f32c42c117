import { createReadStream } from 'node:fs';
import { access, writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { systemActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { AppError, ValidationError, type FieldProblem } from '../../lib/errors.ts';
import { refitServiceChurnModel } from './churn/service-churn-refit.ts';
import { fitBgNbd, type BgNbdFit } from './models/bgnbd.ts';
import { summariesFromRows } from './models/customer-summary.ts';
import { fitGammaGamma, spendSummary, type GammaGammaFit } from './models/gamma-gamma.ts';
import { ModelDataError } from './models/model-errors.ts';
import {
  dayNumber,
  summariseTransactions,
  type Period,
  type Transaction,
} from './models/transaction-summary.ts';

/**
 * `autocrm models bgnbd`: an analyst's fit of BG/NBD (and Gamma-Gamma when the file has
 * amounts) on a CSV of customer_id,date[,amount] rows, with or without a header line.
 */
export type BgNbdCommandOptions = {
  transactions: string;
  calibrationEnd: string;
  period: Period;
  out?: string;
  log?: (line: string) => void;
};

export type BgNbdCommandResult = {
  model: 'bgnbd';
  source: string;
  calibrationEnd: string;
  period: Period;
  transactions: number;
  customers: number;
  repeatCustomers: number;
  bgnbd: Pick<BgNbdFit, 'params' | 'logLikelihood' | 'converged' | 'warnings'>;
  gammaGamma?: Pick<GammaGammaFit, 'params' | 'logLikelihood' | 'customers' | 'warnings'>;
  fittedAt: string;
};

const maxReportedRows = 20;

export async function readTransactionsCsv(file: string): Promise<Transaction[]> {
  try {
    await access(file);
  } catch {
    throw new ValidationError(
      [{ path: 'transactions', message: `cannot read ${file}` }],
      'The transactions file cannot be read',
    );
  }
  const transactions: Transaction[] = [];
  const problems: FieldProblem[] = [];
  const parser = createReadStream(file).pipe(
    parse({ relax_column_count: true, skip_empty_lines: true, trim: true, info: true }),
  );
  for await (const record of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    const [customerId, date, amountText] = record.record;
    const line = record.info.lines;
    if (line === 1 && date !== undefined && !/^\d/.test(date)) continue; // header line
    const amount = amountText === undefined || amountText === '' ? undefined : Number(amountText);
    const problem = !customerId
      ? 'customer_id is empty'
      : !isDate(date)
        ? `date ${JSON.stringify(date ?? '')} is not YYYY-MM-DD`
        : amount !== undefined && !(Number.isFinite(amount) && amount >= 0)
          ? `amount ${JSON.stringify(amountText)} is not a number >= 0`
          : undefined;
    if (problem) {
      if (problems.length < maxReportedRows)
        problems.push({ path: `line ${line}`, message: problem });
      continue;
    }
    transactions.push({ customerId: customerId!, date: date!, amount });
  }
  if (problems.length > 0) {
    throw new ValidationError(
      problems,
      `${file}: ${problems.length}${problems.length === maxReportedRows ? '+' : ''} bad row(s); nothing was fitted`,
    );
  }
  return transactions;
}

function isDate(value: string | undefined): value is string {
  if (value === undefined) return false;
  try {
    dayNumber(value);
    return true;
  } catch {
    return false;
  }
}

export async function runBgNbdCommand(options: BgNbdCommandOptions): Promise<BgNbdCommandResult> {
  const log = options.log ?? (() => {});
  if (!isDate(options.calibrationEnd)) {
    throw new ValidationError([
      { path: 'calibration-end', message: 'expected a date as YYYY-MM-DD' },
    ]);
  }
  const transactions = await readTransactionsCsv(options.transactions);
  try {
    const customers = summariseTransactions(transactions, options.calibrationEnd, options.period);
    const fit = fitBgNbd(summariesFromRows(customers));
    const hasAmounts = transactions.some((transaction) => transaction.amount !== undefined);
    let gammaGamma: BgNbdCommandResult['gammaGamma'];
    if (hasAmounts) {
      try {
        const spend = fitGammaGamma(
          spendSummary(customers.map((c) => ({ x: c.x, meanValue: c.meanRepeatValue }))),
        );
        gammaGamma = {
          params: spend.params,
          logLikelihood: spend.logLikelihood,
          customers: spend.customers,
          warnings: spend.warnings,
        };
      } catch (error) {
        // the visit model stands on its own; the spend model is an extra when amounts allow
        if (!(error instanceof ModelDataError)) throw error;
        fit.warnings.push(`Gamma-Gamma not fitted: ${error.message}`);
      }
    }
    const result: BgNbdCommandResult = {
      model: 'bgnbd',
      source: options.transactions,
      calibrationEnd: options.calibrationEnd,
      period: options.period,
      transactions: transactions.length,
      customers: customers.length,
      repeatCustomers: customers.filter((c) => c.x > 0).length,
      bgnbd: {
        params: fit.params,
        logLikelihood: fit.logLikelihood,
        converged: fit.converged,
        warnings: fit.warnings,
      },
      gammaGamma,
      fittedAt: new Date().toISOString(),
    };
    const { r, alpha, a, b } = fit.params;
    log(
      `BG/NBD on ${result.customers} customers (${result.repeatCustomers} with repeat transactions), time unit ${options.period}`,
    );
    log(
      `  r = ${r.toFixed(4)}  alpha = ${alpha.toFixed(4)}  a = ${a.toFixed(4)}  b = ${b.toFixed(4)}`,
    );
    log(`  log-likelihood = ${fit.logLikelihood.toFixed(4)}`);
    if (gammaGamma) {
      const { p, q, v } = gammaGamma.params;
      log(
        `Gamma-Gamma on ${gammaGamma.customers} customers: p = ${p.toFixed(4)}  q = ${q.toFixed(4)}  v = ${v.toFixed(4)}  log-likelihood = ${gammaGamma.logLikelihood.toFixed(4)}`,
      );
    }
    for (const warning of [...fit.warnings, ...(gammaGamma?.warnings ?? [])]) {
      log(`  warning: ${warning}`);
    }
    if (options.out) {
      await writeFile(options.out, `${JSON.stringify(result, null, 2)}\n`);
      log(`Parameters written to ${options.out}`);
    }
    return result;
  } catch (error) {
    if (error instanceof ModelDataError) {
      throw new AppError(422, `model_${error.problem}`, error.message);
    }
    throw error;
  }
}

/** `autocrm models refit-service`: the scheduled refit, by hand. */
export async function refitServiceChurnCommand(
  db: Db,
  asOf: string | undefined,
  log: (line: string) => void,
): Promise<void> {
  if (asOf !== undefined && !isDate(asOf)) {
    throw new ValidationError([{ path: 'as-of', message: 'expected a date as YYYY-MM-DD' }]);
  }
  const result = await refitServiceChurnModel(db, systemActor('cli'), asOf);
  if (result.status === 'failed') {
    throw new AppError(422, `model_${result.errorCode}`, `Refit failed: ${result.errorMessage}`);
  }
  log(`Churn model refitted (run ${result.runId}): ${result.customers} owners scored`);
}
