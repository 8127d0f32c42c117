import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { leadFunnelBySource } from '../../leads/index.ts';
import { conquestPlanReport } from '../../sales/index.ts';
import type { Cell, Report } from './report.ts';

/**
 * A conquest plan's plan vs actual (the sales module's own computation, with its scope: the
 * plan's dealer must be visible, a brand-level user gets his brand's part) as a report for the
 * exporter: the totals as figures, deliveries by series and prospects by channel as tables.
 */
export async function conquestPlanExportReport(db: Db, actor: Actor, id: string): Promise<Report> {
  const plan = await conquestPlanReport(db, actor, id, leadFunnelBySource);
  return {
    name: `conquest-plan-${plan.dealerCode}-${plan.periodStart}`,
    asOf: `${plan.today}T00:00:00.000Z`,
    filters: {
      dealerCode: plan.dealerCode,
      periodKind: plan.periodKind,
      periodStart: plan.periodStart,
      periodEnd: plan.periodEnd,
      historyFrom: plan.historyFrom,
      historyTo: plan.historyTo,
    },
    kpis: [
      { key: 'targetUnits', kind: 'count', value: plan.totals.targetUnits },
      { key: 'actualUnits', kind: 'count', value: plan.totals.actualUnits },
      { key: 'prospectsNeeded', kind: 'count', value: plan.totals.prospectsNeeded },
      { key: 'actualProspects', kind: 'count', value: plan.totals.actualProspects },
      { key: 'daysInPeriod', kind: 'count', value: plan.daysInPeriod },
      { key: 'daysElapsed', kind: 'count', value: plan.daysElapsed },
    ],
    tables: [
      {
        key: 'series',
        columns: [
          { key: 'series', kind: 'text' },
          { key: 'targetUnits', kind: 'count' },
          { key: 'unitsDueToDate', kind: 'decimal' },
          { key: 'actualUnits', kind: 'count' },
        ],
        rows: plan.series.map((row): Cell[] => [
          row.series,
          row.targetUnits,
          row.unitsDueToDate,
          row.actualUnits,
        ]),
      },
      {
        key: 'channels',
        columns: [
          { key: 'channel', kind: 'text' },
          { key: 'historicalLeads', kind: 'count' },
          { key: 'historicalDelivered', kind: 'count' },
          { key: 'conversionRate', kind: 'ratio' },
          { key: 'expectedUnits', kind: 'decimal' },
          { key: 'prospectsNeeded', kind: 'count' },
          { key: 'prospectsDueToDate', kind: 'decimal' },
          { key: 'actualProspects', kind: 'count' },
        ],
        rows: plan.channels.map((row): Cell[] => [
          row.source,
          row.historicalLeads,
          row.historicalDelivered,
          row.conversionRate,
          row.expectedUnits,
          row.prospectsNeeded,
          row.prospectsDueToDate,
          row.actualProspects,
        ]),
      },
    ],
  };
}
