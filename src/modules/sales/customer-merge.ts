import { tableMover } from '../quality/merge/customer-movers.ts';

/**
 * Merging duplicates (quality module): the loser's orders, their domain events and a company's yearly agreements (the survivor's agreement for a year stays)
 * move to the survivor; undo moves them back.
 */
export const customerMover = tableMover('sales', [
  { table: 'orders' },
  { table: 'domain_events' },
  { table: 'company_agreements', column: 'company_id', uniqueWith: ['year'] },
]);
export const { reassignCustomer, restoreCustomer } = customerMover;
