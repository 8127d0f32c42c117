import { tableMover } from '../quality/merge/customer-movers.ts';

/**
 * Merging duplicates (quality module): the loser's complaints and their events
 * move to the survivor; undo moves them back.
 */
export const customerMover = tableMover('complaints', [
  { table: 'complaints' },
  { table: 'complaint_events' },
]);
export const { reassignCustomer, restoreCustomer } = customerMover;
