/**
 * BG/NBD fit speed: simulate N customers from known parameters (every customer has his own
 * continuous T, so no two summaries coincide and nothing can be folded), fit, and report the
 * seconds and how close the estimates are to the truth.
 *
 *   npx tsx bench/bgnbd-fit.ts [--customers 1000000] [--seed 1]
 *
 * Prints one JSON line.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { fitBgNbd } from '../src/modules/analytics/models/bgnbd.ts';
import { simulateBgNbd } from '../src/modules/analytics/models/simulate.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
  },
});
const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const customers = Number(values.customers);
const simulateStart = performance.now();
const data = simulateBgNbd(truth, customers, { seed: Number(values.seed) });
const simulateSeconds = (performance.now() - simulateStart) / 1000;
const fitStart = performance.now();
const fit = fitBgNbd(data);
const fitSeconds = (performance.now() - fitStart) / 1000;
console.log(
  JSON.stringify({
    customers,
    truth,
    estimate: Object.fromEntries(
      Object.entries(fit.params).map(([name, value]) => [name, Number(value.toFixed(4))]),
    ),
    logLikelihood: Number(fit.logLikelihood.toFixed(2)),
    evaluations: fit.evaluations,
    converged: fit.converged,
    simulateSeconds: Number(simulateSeconds.toFixed(2)),
    fitSeconds: Number(fitSeconds.toFixed(2)),
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((value) => Number(value.toFixed(1))),
  }),
);
