import { tableMover } from '../quality/merge/customer-movers.ts';

/**
 * Merging duplicates (quality module): the loser's campaign history (one recipient row per campaign: the survivor's stays), list memberships, suppressions and event registrations
 * move to the survivor; undo moves them back.
 */
export const customerMover = tableMover('marketing', [
  { table: 'marketing_campaign_recipients', key: ['campaign_id'], uniqueWith: ['campaign_id'] },
  { table: 'marketing_list_members', key: ['list_id'], uniqueWith: ['list_id'] },
  { table: 'marketing_suppressions' },
  // one registration per event and person: the survivor's stays
  { table: 'marketing_event_registrations', key: ['campaign_id'], uniqueWith: ['campaign_id'] },
  // reminders and feedback requests already written: the survivor is not asked again
  {
    table: 'marketing_event_messages',
    key: ['campaign_id', 'kind'],
    uniqueWith: ['campaign_id', 'kind'],
  },
  // an SMS's tracked links: a click after the merge counts for the survivor
  { table: 'marketing_sms_links', key: ['code'] },
  // "please confirm your data" requests: an answer after the merge verifies the survivor
  { table: 'marketing_data_checks' },
  // answers to our messages: the survivor's timeline and the campaign's list show them
  { table: 'marketing_replies' },
  // ROI credits and uncredited conversions follow their conversions at once; the next refresh credits both people again
  { table: 'marketing_roi_credits', key: ['kind', 'conversion_id'] },
  { table: 'marketing_roi_uncredited', key: ['kind', 'conversion_id'] },
]);
export const { reassignCustomer, restoreCustomer } = customerMover;
