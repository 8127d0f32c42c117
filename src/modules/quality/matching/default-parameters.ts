import type { FsParameters } from './fellegi-sunter.ts';

/**
 * Parameters for files too small to learn from (a few hundred records give EM and random
 * pairs too little to go on). Set by judgement from typical customer data: m from how often
 * one person's records agree, u from how often two people's do. The order of the rows and
 * levels is that of `comparisons`.
 */
export function defaultParameters(records: number): FsParameters {
  return {
    // About one duplicate for every two records: the matches over all pairs.
    lambda: Math.min(0.5 / Math.max(records, 2), 0.25),
    m: [
      [0.8, 0.08, 0.06, 0.03, 0.03],
      [0.85, 0.06, 0.05, 0.02, 0.02],
      // patronymic: one person's records rarely disagree (a typo is "close")
      [0.9, 0.06, 0.04],
      [0.9, 0.07, 0.01, 0.01, 0.005, 0.002, 0.001, 0.002],
      [0.97, 0.03],
      [0.75, 0.25],
      [0.7, 0.1, 0.2],
      [0.6, 0.25, 0.15],
      [0.8, 0.1, 0.1],
      [0.8, 0.1, 0.1],
      [0.4, 0.6],
      [0.9, 0.07, 0.03],
    ],
    u: [
      [0.01, 0.005, 0.01, 0.04, 0.935],
      [0.005, 0.003, 0.01, 0.03, 0.952],
      // two people share a patronymic about as often as a male first name (Александрович)
      [0.02, 0.02, 0.96],
      // a year and weeks apart: ~130 of ~22,000 days of birth; ten years and weeks: ~750
      [0.0001, 0.0005, 0.002, 0.02, 0.01, 0.006, 0.03, 0.9314],
      [0.5, 0.5],
      [0.00001, 0.99999],
      [0.00001, 0.0001, 0.99989],
      [0.0001, 0.001, 0.9989],
      [0.05, 0.02, 0.93],
      [0.001, 0.005, 0.994],
      [0.0000001, 0.9999999],
      [0.0000001, 0.000001, 0.9999989],
    ],
  };
}
