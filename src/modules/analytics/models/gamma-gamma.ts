import { ModelDataError } from './model-errors.ts';
import { nelderMead } from './nelder-mead.ts';
import { logGamma } from './special-functions.ts';

/**
 * The Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves";
 * Colombo & Jiang 1999): a customer's transaction values are Gamma(p, nu) around his own mean,
 * and nu ~ Gamma(q, v) across customers. It is fitted on customers with at least one repeat
 * transaction, from x (their number) and zbar (their mean value); spend is assumed independent
 * of the transaction process, so it pairs with BG/NBD for a customer's expected value.
 */
export type GammaGammaParams = { p: number; q: number; v: number };

export type GammaGammaFit = {
  params: GammaGammaParams;
  logLikelihood: number;
  customers: number;
  converged: boolean;
  warnings: string[];
};

export type SpendSummary = { x: Float64Array; meanValue: Float64Array };

/**
 * log f(zbar | p, q, v, x) summed over customers:
 * Γ(px + q) / (Γ(px) Γ(q)) · v^q · zbar^(px - 1) · x^(px) / (v + x zbar)^(px + q)
 */
export function gammaGammaLogLikelihood(params: GammaGammaParams, data: SpendSummary): number {
  const { p, q, v } = params;
  const constant = q * Math.log(v) - logGamma(q);
  let total = 0;
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i]!;
    const zbar = data.meanValue[i]!;
    const px = p * x;
    total +=
      logGamma(px + q) -
      logGamma(px) +
      constant +
      (px - 1) * Math.log(zbar) +
      px * Math.log(x) -
      (px + q) * Math.log(v + x * zbar);
  }
  return total;
}

/** Keep the customers the model is defined for: x >= 1 and a positive mean value. */
export function spendSummary(rows: readonly { x: number; meanValue: number }[]): SpendSummary {
  const kept = rows.filter((row) => row.x >= 1 && row.meanValue > 0);
  return {
    x: Float64Array.from(kept.map((row) => row.x)),
    meanValue: Float64Array.from(kept.map((row) => row.meanValue)),
  };
}

export const minimumSpendCustomers = 10;

export function fitGammaGamma(data: SpendSummary): GammaGammaFit {
  const customers = data.x.length;
  if (customers < minimumSpendCustomers) {
    throw new ModelDataError(
      customers === 0 ? 'no_repeat_transactions' : 'too_few_customers',
      `Gamma-Gamma needs at least ${minimumSpendCustomers} customers with a repeat transaction of positive value (got ${customers}).`,
    );
  }
  let meanSpend = 0;
  let lowest = Infinity;
  let highest = -Infinity;
  for (let i = 0; i < customers; i++) {
    meanSpend += data.meanValue[i]! / customers;
    lowest = Math.min(lowest, data.meanValue[i]!);
    highest = Math.max(highest, data.meanValue[i]!);
  }
  // every mean the same: the spread between customers (and within) is nil, the likelihood
  // grows without bound as p and q do, and the optimiser walked to its iteration limit (minutes
  // at 50,000 customers; bench/RESULTS.md). Refused, so the caller uses each one's own mean.
  if (highest - lowest <= 1e-9 * highest) {
    throw new ModelDataError(
      'no_spend_variation',
      `Gamma-Gamma needs spend that varies between customers (every mean value is ${highest}).`,
    );
  }
  // start: p = 1, q = 2 and v so that the population mean p v / (q - 1) is the observed mean
  const start = [0, Math.log(2), Math.log(meanSpend)];
  const objective = (point: number[]) => {
    if (point.some((value) => Math.abs(value) > 18)) return Infinity;
    const [p, q, v] = point.map((value) => Math.exp(value));
    return -gammaGammaLogLikelihood({ p: p!, q: q!, v: v! }, data) / customers;
  };
  const result = nelderMead(objective, start, { tolerance: 1e-12 });
  const [p, q, v] = result.point.map((value) => Math.exp(value));
  const params = { p: p!, q: q!, v: v! };
  const warnings: string[] = [];
  if (params.q <= 1) {
    warnings.push('q <= 1: the population mean spend is not finite; expected spend is unreliable');
  }
  if (!result.converged) warnings.push('the optimiser stopped at its iteration limit');
  return {
    params,
    logLikelihood: -result.value * customers,
    customers,
    converged: result.converged,
    warnings,
  };
}

/**
 * E[M | x, zbar]: a weighted mean of the population mean p v / (q - 1) and the customer's own
 * mean, the customer's weight growing with his number of transactions. With no transaction
 * (x = 0) it is the population mean.
 */
export function conditionalExpectedSpend(
  params: GammaGammaParams,
  x: number,
  meanValue: number,
): number {
  const { p, q, v } = params;
  if (q <= 1) return x > 0 ? meanValue : NaN;
  const populationMean = (p * v) / (q - 1);
  if (x <= 0) return populationMean;
  const ownWeight = (p * x) / (p * x + q - 1);
  return (1 - ownWeight) * populationMean + ownWeight * meanValue;
}
