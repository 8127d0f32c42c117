/*
 * The confidence levels a split may test at: the one list the API validates against and the
 * editor offers (it imports this file as a value, so it must stay free of server code), so the
 * two cannot drift. The table `journey_split_winners` checks the same three in SQL (migration
 * 0245, which cannot import this list): a new level also needs a migration widening that check
 * (`split-winner.api.test.ts` inserts each level here and fails until it exists).
 */
export const splitConfidences = [90, 95, 99] as const;
export type SplitConfidence = (typeof splitConfidences)[number];
export const defaultConfidence: SplitConfidence = 95;
