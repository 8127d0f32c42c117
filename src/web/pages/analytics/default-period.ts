import type { DashboardName } from '../../api/analytics.ts';

/** A report's period: whole days [from, to] (UTC), as the analytics routes take them. */
export type Period = { from: string; to: string };

/**
 * How much a report opens on, unless the user picks a period:
 * - `month`: this month so far, where the cards are a month's figures (prospects, channels...);
 * - `year`: the last 12 full months and this one, where a table is a per-month trend (claims,
 *   repeat contacts and purchases, CSI per month) or a yearly figure (visits per owner), so the
 *   trend opens on a year of months instead of a single bar.
 */
export type PeriodSpan = 'month' | 'year';

/** The one rule of which report opens on which span (the dashboards page and the CSI page). */
export const reportPeriodSpan: Record<DashboardName | 'csi', PeriodSpan> = {
  prospects: 'month',
  channels: 'month',
  funnel: 'month',
  response: 'month',
  usage: 'month',
  comparison: 'month',
  // retention by year since purchase reads the period's end; visits per owner is a year's figure
  aftersales: 'year',
  quality: 'year',
  csi: 'year',
};

const isoDay = (day: Date) => day.toISOString().slice(0, 10);

/** The default period of a span on a given day: from the first of a month up to that day. */
export function defaultPeriod(span: PeriodSpan, today: Date = new Date()): Period {
  const monthsBack = span === 'year' ? 12 : 0;
  const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - monthsBack, 1));
  return { from: isoDay(first), to: isoDay(today) };
}

export const samePeriod = (a: Period, b: Period) => a.from === b.from && a.to === b.to;
