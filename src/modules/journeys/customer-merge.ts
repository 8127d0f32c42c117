import { tableMover } from '../quality/merge/customer-movers.ts';

/**
 * Merging duplicates (quality module): the loser's journey runs, their step log and segment
 * memberships move to the survivor (a segment membership the survivor has already is dropped
 * and kept for undo); undo moves them back.
 */
export const customerMover = tableMover('journeys', [
  { table: 'journey_enrollments' },
  { table: 'journey_step_log', key: ['enrollment_id', 'step_id'] },
  { table: 'journey_segment_members', key: ['journey_id'], uniqueWith: ['journey_id'] },
]);
