import { auditEvent, type Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import type { Cell, Report } from '../dashboards/report.ts';
import type { RetentionReason } from './reasons.ts';
import { retentionWorklist, type WorklistFilter } from './retention-worklist.ts';
import { toMajor } from '../../../lib/currency.ts';

/** At most this many owners per file: the first in the page's order. */
export const worklistExportLimit = 10_000;

/** A reason as a code with its figures, e.g. overdue_vs_habit(monthsSinceLast=26; usualMonths=3). */
function reasonText(reason: RetentionReason): string {
  const params = Object.entries(reason.params).map(([key, value]) => `${key}=${value}`);
  return `${reason.code}(${params.join('; ')})`;
}

const major = (minor: number | null, currency: string) =>
  minor === null ? null : toMajor(minor, currency);

/**
 * The retention worklist as a report for the dashboards' CSV and XLSX writers, so a call-centre
 * lead or an analyst can take it into a dialler or a spreadsheet: the same owners, order and
 * scope as the page (customerVisible), money in major units beside its currency, reasons as
 * codes with their figures (the page words them). Owners' names leave the CRM, so the export is
 * an audit event naming the filters and the row count, as the customer list's export is.
 */
export async function exportRetentionWorklist(
  db: Db,
  actor: Actor,
  filter: Omit<WorklistFilter, 'limit' | 'offset'>,
  filters: Record<string, string | undefined>,
): Promise<Report> {
  const list = await retentionWorklist(db, actor, {
    ...filter,
    limit: worklistExportLimit,
    offset: 0,
  });
  await auditEvent(db, actor, {
    table: 'analytics_service_scores',
    recordId: 'export',
    details: { filters, rows: list.items.length, total: list.total },
  });
  return {
    name: 'retention-worklist',
    asOf: list.run?.finishedAt ?? null,
    filters: {
      ...filters,
      modelAsOf: list.run?.asOf,
      // what the lifetime value column means: the run's discount rate and horizon
      discountRate: list.run?.lifetime?.annualRate.toString(),
      lifetimeYears: list.run?.lifetime?.horizonYears.toString(),
    },
    kpis: [
      { key: 'owners', kind: 'count', value: list.total },
      { key: 'exported', kind: 'count', value: list.items.length },
    ],
    tables: [
      {
        key: 'worklist',
        columns: [
          { key: 'customerId', kind: 'text' },
          { key: 'owner', kind: 'text' },
          { key: 'lastDealer', kind: 'text' },
          { key: 'firstVisit', kind: 'text' },
          { key: 'lastVisit', kind: 'text' },
          { key: 'visits', kind: 'count' },
          { key: 'pActive', kind: 'ratio' },
          { key: 'expectedVisits12m', kind: 'decimal' },
          { key: 'meanVisit', kind: 'money' },
          { key: 'valueIfActive12m', kind: 'money' },
          { key: 'revenueAtRisk', kind: 'money' },
          { key: 'discountedVisits', kind: 'decimal' },
          { key: 'lifetimeValue', kind: 'money' },
          { key: 'currency', kind: 'text' },
          { key: 'segment', kind: 'text' },
          { key: 'reasons', kind: 'text' },
        ],
        rows: list.items.map((item): Cell[] => [
          item.customerId,
          item.displayName,
          item.lastDealerName,
          item.firstVisitDate,
          item.lastVisitDate,
          item.visits,
          item.pActive,
          Math.round(item.expectedVisits12m * 100) / 100,
          major(item.meanVisitMinor, item.currency),
          major(item.valueIfActive12mMinor, item.currency),
          major(item.revenueAtRiskMinor, item.currency),
          item.discountedVisits === null ? null : Math.round(item.discountedVisits * 100) / 100,
          major(item.lifetimeValueMinor, item.currency),
          item.currency,
          item.rfm.segment,
          item.reasons.map(reasonText).join(' | '),
        ]),
      },
    ],
  };
}
