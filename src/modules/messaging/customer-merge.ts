import { tableMover } from '../quality/merge/customer-movers.ts';

/**
 * Merging duplicates (quality module): the loser's messages sent or waiting in the outbox
 * and their bounces
 * move to the survivor; undo moves them back.
 */
export const customerMover = tableMover('messaging', [
  { table: 'outbox_messages' },
  { table: 'outbox_bounces' },
]);
export const { reassignCustomer, restoreCustomer } = customerMover;
