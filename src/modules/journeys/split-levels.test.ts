import { describe, expect, it } from 'vitest';
import { stepSchema } from './journey.schemas.ts';
import { defaultConfidence, splitConfidences } from './split-levels.ts';

/** The editor offers `splitConfidences`; the API must accept each of them and nothing else. */
describe('the confidence levels a split offers are those the API accepts', () => {
  const split = (confidence: number) => ({
    id: 'ab',
    type: 'split',
    confidence,
    branches: [
      { key: 'a', percent: 50, next: null },
      { key: 'b', percent: 50, next: null },
    ],
  });

  it('accepts every level the editor offers, the default among them', () => {
    expect(splitConfidences).toContain(defaultConfidence);
    for (const level of splitConfidences) {
      expect(stepSchema.safeParse(split(level)).success, String(level)).toBe(true);
    }
  });

  it('refuses a level the editor does not offer', () => {
    for (const level of [80, 97, 100]) {
      expect(stepSchema.safeParse(split(level)).success, String(level)).toBe(false);
    }
  });
});
