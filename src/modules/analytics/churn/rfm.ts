import type { RfmSegment } from '../schema.ts';

/**
 * Quintile scores 1..5 where tied values share a score: a value's score comes from the share
 * of values strictly below it, so a thousand customers with exactly one visit are all F = 1
 * rather than being split between two quintiles by the order they happened to be read in.
 */
export function quintileScores(values: Float64Array): Uint8Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const scores = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const value = values[i]!;
    let low = 0;
    let high = n;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]! < value) low = middle + 1;
      else high = middle;
    }
    scores[i] = Math.min(5, 1 + Math.floor((5 * low) / n));
  }
  return scores;
}

/**
 * The usual RFM segments from recency (R), frequency (F) and money (M) scores; `visits` tells
 * a first-time visitor (new) from a regular one.
 */
export function rfmSegment(r: number, f: number, m: number, visits: number): RfmSegment {
  if (r >= 4 && f >= 4) return 'champions';
  if (r >= 3 && f >= 4) return 'loyal';
  if (r >= 4 && visits === 1) return 'new';
  if (r >= 4) return 'promising';
  if (r <= 2 && (f >= 3 || m >= 4)) return 'at_risk';
  if (r <= 2) return 'hibernating';
  return 'needs_attention';
}
