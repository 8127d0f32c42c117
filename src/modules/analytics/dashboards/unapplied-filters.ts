import type { DashboardQuery } from './dashboard-filters.ts';
import type { Report } from './report.ts';

type FilterKey = Exclude<keyof DashboardQuery, 'from' | 'to'>;

/**
 * The filters a dashboard cannot apply, because its figures carry no such key: owners, service
 * visits, complaints, inbound contacts and sign-ins have no lead channel, and the after-sales
 * tables no model series. Such a filter is said back to the user, never silently dropped (a
 * dashboard filtered on "X5" must not look like the X5 figures).
 */
const notApplicable: Partial<Record<string, readonly FilterKey[]>> = {
  aftersales: ['channel', 'series'],
  quality: ['channel', 'series'],
  usage: ['channel', 'series'],
};

/** The report with the filters the user gave that it did not apply, if any. */
export function markUnappliedFilters(report: Report, query: DashboardQuery): Report {
  const unapplied = (notApplicable[report.name] ?? []).filter((key) => query[key] !== undefined);
  return unapplied.length ? { ...report, unappliedFilters: unapplied } : report;
}
