import { tableMover } from '../quality/merge/customer-movers.ts';

/**
 * Merging duplicates (quality module): the loser's leads with their cars of interest, stage history, hand-overs and follow-up tasks; the brand owner already chosen for the survivor stays
 * move to the survivor; undo moves them back.
 */
export const customerMover = tableMover('leads', [
  { table: 'leads' },
  { table: 'lead_vehicles' },
  { table: 'lead_stage_history' },
  { table: 'lead_brand_owners', key: ['brand_id'], uniqueWith: ['brand_id'] },
  { table: 'lead_handovers' },
  { table: 'lead_tasks', key: ['task_id'] },
]);
export const { reassignCustomer, restoreCustomer } = customerMover;
