import { ModelDataError } from './model-errors.ts';

/**
 * From dated transactions to the per-customer calibration summary (x, tx, T and the mean value
 * of the repeat transactions). Transactions on the same day count as one (their amounts add up),
 * as in the BG/NBD literature: a second receipt on the day of the first is not a return visit.
 * Only transactions up to and including the calibration end date count; customers whose first
 * transaction is later are not part of the cohort.
 */
export type Transaction = { customerId: string; date: string; amount?: number };
export type Period = 'week' | 'day';

export type CustomerCalibration = {
  customerId: string;
  x: number;
  tx: number;
  T: number;
  /** mean amount of the repeat transactions; 0 when x = 0 or no amounts were given */
  meanRepeatValue: number;
  firstDate: string;
};

const dayMs = 86_400_000;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function dayNumber(date: string): number {
  if (!isoDate.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const value = Date.parse(`${date}T00:00:00Z`);
  // a round trip rejects days the calendar does not have (1997-02-30)
  if (Number.isNaN(value) || new Date(value).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`not a valid date: ${date}`);
  }
  return Math.round(value / dayMs);
}

export function summariseTransactions(
  transactions: Iterable<Transaction>,
  calibrationEnd: string,
  period: Period = 'week',
): CustomerCalibration[] {
  const end = dayNumber(calibrationEnd);
  const unit = period === 'week' ? 7 : 1;
  const byCustomer = new Map<string, Map<number, number>>();
  for (const transaction of transactions) {
    const day = dayNumber(transaction.date);
    if (day > end) continue;
    let days = byCustomer.get(transaction.customerId);
    if (!days) byCustomer.set(transaction.customerId, (days = new Map()));
    days.set(day, (days.get(day) ?? 0) + (transaction.amount ?? 0));
  }
  const result: CustomerCalibration[] = [];
  for (const [customerId, days] of byCustomer) {
    const ordered = [...days.keys()].sort((left, right) => left - right);
    const first = ordered[0]!;
    const last = ordered[ordered.length - 1]!;
    const x = ordered.length - 1;
    // a customer whose first transaction is on the calibration end day has T = 0: he has had
    // no time to come back, and the model is undefined for him
    if (end - first <= 0) continue;
    let repeatTotal = 0;
    for (const day of ordered.slice(1)) repeatTotal += days.get(day)!;
    result.push({
      customerId,
      x,
      tx: (last - first) / unit,
      T: (end - first) / unit,
      meanRepeatValue: x > 0 ? repeatTotal / x : 0,
      firstDate: new Date(first * dayMs).toISOString().slice(0, 10),
    });
  }
  if (result.length === 0) {
    throw new ModelDataError(
      'no_customers',
      `No customer has a transaction before the calibration end ${calibrationEnd}.`,
    );
  }
  return result;
}
