import {
  compressSummaries,
  totalWeight,
  validateSummaries,
  type CustomerSummaries,
} from './customer-summary.ts';
import { ModelDataError } from './model-errors.ts';
import { nelderMead } from './nelder-mead.ts';
import { hypergeometric2F1 } from './special-functions.ts';

/**
 * The BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while
 * alive a customer transacts as a Poisson process with rate lambda ~ Gamma(r, alpha); after
 * each transaction he drops out with probability p ~ Beta(a, b). Time is in the unit the
 * summaries were built in (weeks for CDNOW, days or weeks for service visits).
 */
export type BgNbdParams = { r: number; alpha: number; a: number; b: number };

export type BgNbdFit = {
  params: BgNbdParams;
  logLikelihood: number;
  customers: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** things an analyst should know about the fit, e.g. a parameter ran to a bound */
  warnings: string[];
};

/** Fewer customers than this cannot pin down four parameters. */
export const minimumCustomers = 10;

/**
 * The per-x parts of the likelihood, which do not depend on tx or T: computed once per
 * evaluation for x = 0..maxX by recurrence, so the loop over customers needs only logs.
 * lgamma(r + x) - lgamma(r) = sum_{i<x} log(r + i), and likewise for the beta part.
 */
function perFrequencyTerms(params: BgNbdParams, maxX: number): Float64Array {
  const { r, a, b } = params;
  const terms = new Float64Array(maxX + 1);
  // x = 0: the beta part lgamma(a+b) + lgamma(b) - lgamma(b) - lgamma(a+b) is 0
  let gammaPart = 0;
  let betaPart = 0;
  for (let x = 1; x <= maxX; x++) {
    gammaPart += Math.log(r + x - 1);
    betaPart += Math.log(b + x - 1) - Math.log(a + b + x - 1);
    terms[x] = gammaPart + betaPart;
  }
  return terms;
}

function maxFrequency(data: CustomerSummaries): number {
  let max = 0;
  for (let i = 0; i < data.x.length; i++) if (data.x[i]! > max) max = data.x[i]!;
  return max;
}

/**
 * Sum over customers of log L(r, alpha, a, b | x, tx, T), FHL 2005 eq. (6):
 * L = B(a, b+x)/B(a, b) * Γ(r+x) alpha^r / (Γ(r) (alpha+T)^(r+x))
 *   + [x > 0] B(a+1, b+x-1)/B(a, b) * Γ(r+x) alpha^r / (Γ(r) (alpha+tx)^(r+x)),
 * with both terms combined on the log scale (log-sum-exp) so that neither can underflow.
 */
export function bgnbdLogLikelihood(params: BgNbdParams, data: CustomerSummaries): number {
  const { r, alpha, a, b } = params;
  const terms = perFrequencyTerms(params, maxFrequency(data));
  const logA = Math.log(a);
  const rLogAlpha = r * Math.log(alpha);
  const { x, tx, T, weight } = data;
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const rx = r + xi;
    const stillAlive = -rx * Math.log(alpha + T[i]!);
    let combined = stillAlive;
    if (xi > 0) {
      const droppedOut = logA - Math.log(b + xi - 1) - rx * Math.log(alpha + tx[i]!);
      combined =
        stillAlive > droppedOut
          ? stillAlive + Math.log1p(Math.exp(droppedOut - stillAlive))
          : droppedOut + Math.log1p(Math.exp(stillAlive - droppedOut));
    }
    total += weight[i]! * (terms[xi]! + combined);
  }
  return total + rLogAlpha * totalWeight(data);
}

const logBound = 18; // parameters beyond e^±18 mean the data does not determine them

function paramsFromLog(point: number[]): BgNbdParams {
  const [r, alpha, a, b] = point.map((value) => Math.exp(value));
  return { r: r!, alpha: alpha!, a: a!, b: b! };
}

/** Every k-th entry: a quick first fit on a sample of a big data set. */
function sample(data: CustomerSummaries, size: number): CustomerSummaries {
  const stride = Math.max(1, Math.floor(data.x.length / size));
  const pick = <T extends Float64Array>(array: T) =>
    Float64Array.from({ length: Math.floor(data.x.length / stride) }, (_, k) => array[k * stride]!);
  return { x: pick(data.x), tx: pick(data.tx), T: pick(data.T), weight: pick(data.weight) };
}

export type BgNbdFitOptions = { start?: BgNbdParams; tolerance?: number };

/**
 * Maximum-likelihood fit. The optimiser works on log parameters (all four must be positive);
 * a large data set is first fitted on a sample of 20 000 entries and then polished on all of
 * it, which saves most of the full-data likelihood evaluations.
 */
export function fitBgNbd(input: CustomerSummaries, options: BgNbdFitOptions = {}): BgNbdFit {
  validateSummaries(input);
  const customers = totalWeight(input);
  if (customers === 0) throw new ModelDataError('no_customers', 'There are no customers to fit.');
  if (customers < minimumCustomers) {
    throw new ModelDataError(
      'too_few_customers',
      `BG/NBD needs at least ${minimumCustomers} customers to estimate its four parameters (got ${customers}).`,
    );
  }
  if (maxFrequency(input) === 0) {
    throw new ModelDataError(
      'no_repeat_transactions',
      'No customer has a repeat transaction in the calibration period, so the purchase rate and dropout cannot be estimated.',
    );
  }
  const data = compressSummaries(input);
  let meanX = 0;
  let meanT = 0;
  for (let i = 0; i < data.x.length; i++) {
    meanX += (data.weight[i]! * data.x[i]!) / customers;
    meanT += (data.weight[i]! * data.T[i]!) / customers;
  }
  // start with rate ~ observed repeat rate (r / alpha = mean x / mean T) and a, b = 1
  const start = options.start ?? { r: 1, alpha: meanT / Math.max(meanX, 1e-3), a: 1, b: 1 };
  const objectiveOn = (subset: CustomerSummaries, scale: number) => (point: number[]) => {
    if (point.some((value) => Math.abs(value) > logBound)) return Infinity;
    return -bgnbdLogLikelihood(paramsFromLog(point), subset) / scale;
  };
  let point = [start.r, start.alpha, start.a, start.b].map((value) => Math.log(value));
  let iterations = 0;
  let evaluations = 0;
  if (data.x.length > 50_000) {
    const subset = sample(data, 20_000);
    const first = nelderMead(objectiveOn(subset, totalWeight(subset)), point, {
      tolerance: 1e-10,
    });
    point = first.point;
    iterations += first.iterations;
    evaluations += first.evaluations;
  }
  // the objective is the mean negative log-likelihood per customer, so the tolerance does not
  // depend on the size of the data set
  const final = nelderMead(objectiveOn(data, customers), point, {
    step: data.x.length > 50_000 ? 0.05 : 0.5,
    tolerance: options.tolerance ?? 1e-11,
  });
  iterations += final.iterations;
  evaluations += final.evaluations;
  if (!Number.isFinite(final.value)) {
    throw new ModelDataError('did_not_converge', 'The likelihood could not be evaluated.');
  }
  const params = paramsFromLog(final.point);
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (Math.abs(Math.log(value)) > logBound - 3) {
      warnings.push(
        `${name} = ${value.toPrecision(3)} ran towards a bound: the data hardly determines it`,
      );
    }
  }
  if (!final.converged) warnings.push('the optimiser stopped at its iteration limit');
  return {
    params,
    logLikelihood: -final.value * customers,
    customers,
    iterations,
    evaluations,
    converged: final.converged,
    warnings,
  };
}

/** log of the "dropped out at the last transaction" odds: a/(b+x-1) ((alpha+T)/(alpha+tx))^(r+x) */
function logDropoutOdds(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return -Infinity;
  const { r, alpha, a, b } = params;
  return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
}

/** P(alive | x, tx, T), FHL 2005 eq. (13); a customer with no repeat transaction is alive. */
export function probabilityAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  const logOdds = logDropoutOdds(params, x, tx, T);
  return logOdds === -Infinity ? 1 : 1 / (1 + Math.exp(logOdds));
}

/**
 * E[Y(t) | x, tx, T]: expected transactions in the next t time units, FHL 2005 eq. (10).
 * (a + b + x - 1)/(a - 1) [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)]
 * divided by 1 + dropout odds, z = t/(alpha+T+t). At a = 1 the fraction is 0/0; the value is
 * continuous there, so a is nudged by 1e-7, far below any estimate's precision.
 */
export function conditionalExpectedTransactions(
  params: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (t <= 0) return 0;
  const { r, alpha, b } = params;
  const a = Math.abs(params.a - 1) < 1e-7 ? params.a + 1e-7 : params.a;
  const z = t / (alpha + T + t);
  const hyp = hypergeometric2F1(r + x, b + x, a + b + x - 1, z);
  const logPrefix = (r + x) * Math.log((alpha + T) / (alpha + T + t));
  const value = ((a + b + x - 1) / (a - 1)) * oneMinusScaled(logPrefix, hyp);
  const logOdds = logDropoutOdds(params, x, tx, T);
  return logOdds === -Infinity ? value : value / (1 + Math.exp(logOdds));
}

/** E[X(t)] for a new customer: expected repeat transactions in his first t time units, eq. (9). */
export function expectedTransactions(params: BgNbdParams, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, b } = params;
  const a = Math.abs(params.a - 1) < 1e-7 ? params.a + 1e-7 : params.a;
  const z = t / (alpha + t);
  const hyp = hypergeometric2F1(r, b, a + b - 1, z);
  return ((a + b - 1) / (a - 1)) * oneMinusScaled(r * Math.log(alpha / (alpha + t)), hyp);
}

/**
 * 1 - e^logPrefix * 2F1 without losing digits: the product is often close to 1 (a short horizon),
 * where -expm1 of its log keeps the precision that a plain subtraction would cancel away.
 */
function oneMinusScaled(logPrefix: number, hyp: { mantissa: number; logScale: number }): number {
  if (hyp.mantissa > 0) return -Math.expm1(logPrefix + hyp.logScale + Math.log(hyp.mantissa));
  return 1 - hyp.mantissa * Math.exp(logPrefix + hyp.logScale);
}

/** log L(r, alpha, a, b | x, tx, T) of one customer (see bgnbdLogLikelihood). */
function customerLogLikelihood(params: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  let terms = r * Math.log(alpha);
  for (let i = 0; i < x; i++) {
    terms += Math.log(r + i) + Math.log(b + i) - Math.log(a + b + i);
  }
  const stillAlive = -(r + x) * Math.log(alpha + T);
  if (x === 0) return terms + stillAlive;
  const droppedOut = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  const high = Math.max(stillAlive, droppedOut);
  return terms + high + Math.log(Math.exp(stillAlive - high) + Math.exp(droppedOut - high));
}

/**
 * P(no transaction in the next t | x, tx, T): a customer who makes none in (T, T + t] has the
 * history (x, tx, T + t), so the probability is the ratio of the two histories' likelihoods.
 */
export function probabilityNoTransaction(
  params: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  return Math.exp(
    customerLogLikelihood(params, x, tx, T + t) - customerLogLikelihood(params, x, tx, T),
  );
}
