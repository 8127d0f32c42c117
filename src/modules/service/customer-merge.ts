import { tableMover } from '../quality/merge/customer-movers.ts';

/**
 * Merging duplicates (quality module): the loser's service visits, their lines and follow-ups, lifecycle events (one per occurrence: the survivor's stays)
 * move to the survivor; undo moves them back.
 */
export const customerMover = tableMover('service', [
  { table: 'service_visits' },
  { table: 'service_visit_lines' },
  { table: 'service_follow_ups', key: ['visit_id'] },
  { table: 'service_visit_cancellations', key: ['visit_id'] },
  { table: 'lifecycle_events', uniqueWith: ['event_type', 'occurrence_key'] },
  { table: 'service_calls' },
]);
export const { reassignCustomer, restoreCustomer } = customerMover;
