import { tableMover } from '../quality/merge/customer-movers.ts';

/**
 * Merging duplicates (quality module): the loser's the contact history and the tasks
 * move to the survivor; undo moves them back.
 */
export const customerMover = tableMover('activities', [
  { table: 'activities' },
  { table: 'tasks' },
]);
export const { reassignCustomer, restoreCustomer } = customerMover;
