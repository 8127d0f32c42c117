import type { BgNbdParams } from './bgnbd.ts';
import type { CustomerSummaries } from './customer-summary.ts';

/**
 * Customers drawn from the BG/NBD story itself, for benchmarks and for checking that a fit
 * recovers the parameters it was generated with. Seeded: the same seed gives the same data.
 */
export function seededRandom(seed: number): () => number {
  // mulberry32: small, fast and good enough for simulation
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, 1) by Marsaglia & Tsang, with the boost for shape < 1. */
export function gammaVariate(shape: number, random: () => number): number {
  if (shape < 1) return gammaVariate(shape + 1, random) * Math.pow(random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * n customers whose observation windows T are spread evenly over [minT, maxT]: each has a
 * Gamma(r, alpha) purchase rate and a Beta(a, b) dropout probability after every repeat.
 */
export function simulateBgNbd(
  params: BgNbdParams,
  n: number,
  options: { seed?: number; minT?: number; maxT?: number } = {},
): CustomerSummaries {
  const random = seededRandom(options.seed ?? 1);
  const minT = options.minT ?? 26;
  const maxT = options.maxT ?? 52;
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const horizon = minT + (maxT - minT) * random();
    const rate = gammaVariate(params.r, random) / params.alpha;
    const left = gammaVariate(params.a, random);
    const dropout = left / (left + gammaVariate(params.b, random));
    let time = 0;
    let count = 0;
    let last = 0;
    for (;;) {
      time += -Math.log(1 - random()) / rate;
      if (time > horizon) break;
      count++;
      last = time;
      if (random() < dropout) break;
    }
    x[i] = count;
    tx[i] = last;
    T[i] = horizon;
  }
  return { x, tx, T, weight: new Float64Array(n).fill(1) };
}
