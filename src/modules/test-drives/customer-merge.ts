import { tableMover } from '../quality/merge/customer-movers.ts';

/**
 * Merging duplicates (quality module): the loser's test-drive bookings and their feedback
 * move to the survivor; undo moves them back.
 */
export const customerMover = tableMover('test-drives', [
  { table: 'test_drive_bookings' },
  { table: 'test_drive_feedback', key: ['booking_id'] },
]);
export const { reassignCustomer, restoreCustomer } = customerMover;
