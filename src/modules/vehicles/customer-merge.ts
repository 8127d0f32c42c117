import { tableMover } from '../quality/merge/customer-movers.ts';

/**
 * Merging duplicates (quality module): the loser's ownership: the cars he owns now, his ownership history and purchases
 * move to the survivor; undo moves them back.
 */
export const customerMover = tableMover('vehicles', [
  { table: 'vehicles' },
  { table: 'vehicle_ownerships' },
  { table: 'vehicle_purchases' },
]);
export const { reassignCustomer, restoreCustomer } = customerMover;
