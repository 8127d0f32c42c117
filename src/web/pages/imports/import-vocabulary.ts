import type { ImportStatus } from '../../../modules/imports/schema.ts';

/** The standard lead sources (leads module, 0100_leads.sql) a list can be imported as. */
export const sourceKeys = [
  'marketing_events',
  'purchased_data',
  'partner_data',
  'website',
  'advertising',
  'brand_cooperation',
  'referral',
  'key_accounts',
  'secondary_dealers',
  'telemarketing',
  'call_center',
  'own_prospecting',
  'showroom',
] as const;

export const statusColor: Record<ImportStatus, string> = {
  uploaded: 'blue',
  running: 'yellow',
  done: 'green',
};
