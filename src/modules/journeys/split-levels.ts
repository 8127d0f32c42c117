/*
 * The confidence levels a split may test at: the one list the API validates against and the
 * editor offers (it imports this file as a value, so it must stay free of server code), so the
 * two cannot drift. The table `journey_split_winners` checks the same three (migration 0245).
 */
export const splitConfidences = [90, 95, 99] as const;
export type SplitConfidence = (typeof splitConfidences)[number];
export const defaultConfidence: SplitConfidence = 95;
