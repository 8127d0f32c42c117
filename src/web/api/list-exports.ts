import type { OrderStatus } from '../../modules/sales/schema.ts';
import { withQuery } from './client.ts';
import type { LeadListQuery } from './leads.ts';

export type ExportFormat = 'csv' | 'xlsx';

/** The lead list as a file: the list's filters, every page; the browser sends the session cookie. */
export function leadsExportUrl(
  query: Omit<LeadListQuery, 'offset' | 'limit'>,
  format: ExportFormat,
): string {
  return withQuery('/api/leads/export', { ...query, format });
}

/** The orders list as a file, with the list's filters. */
export function ordersExportUrl(
  query: { status?: OrderStatus | undefined; customerId?: string | undefined },
  format: ExportFormat,
): string {
  return withQuery('/api/orders/export', { ...query, format });
}
