import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The CDNOW benchmark files (see /work/shared/data/SOURCES.txt); tests read, never write. */
export const cdnowDirectory = process.env.CDNOW_DIR ?? '/work/shared/data/cdnow';

export type CdnowCustomer = { x: number; tx: number; T: number; xStar: number; zbar: number };

/** ID,x,t_x,T,x_star joined with ID,...,zbar: one row per customer of the 1/10 sample. */
export function readCdnowCustomers(): CdnowCustomer[] {
  const rows = (file: string) =>
    readFileSync(path.join(cdnowDirectory, file), 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(',').map(Number));
  const spend = new Map(
    rows('cdnow_customers_summary_with_transactions.csv').map((r) => [r[0]!, r[4]!]),
  );
  return rows('cdnow_cbs_with_holdout.csv').map(([id, x, tx, T, xStar]) => ({
    x: x!,
    tx: tx!,
    T: T!,
    xStar: xStar!,
    zbar: spend.get(id!) ?? 0,
  }));
}
