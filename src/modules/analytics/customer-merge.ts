import { tableMover } from '../quality/merge/customer-movers.ts';

/**
 * Merging duplicates (quality module): the loser's service-churn and best-customer scores per run (the survivor's score of a run stays)
 * move to the survivor; undo moves them back.
 */
export const customerMover = tableMover('analytics', [
  { table: 'analytics_service_scores', key: ['run_id'], uniqueWith: ['run_id'] },
  { table: 'analytics_best_customer_scores', key: ['run_id'], uniqueWith: ['run_id'] },
]);
export const { reassignCustomer, restoreCustomer } = customerMover;
