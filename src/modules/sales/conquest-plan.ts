/**
 * The arithmetic of a conquest plan (seed 000: from the sales target back to the prospects each
 * channel must bring), free of the database so that it is tested on its own.
 *
 * A channel's share of the target is its share of the dealer's historical deliveries; the
 * prospects it must bring are its share divided by its conversion rate (delivered / leads),
 * rounded up: a fraction of a prospect is a whole person to find.
 */

export type FunnelRow = { source: string; leads: number; delivered: number };
export type SeriesTarget = { series: string; targetUnits: number };

export type Period = { start: string; end: string };

export type ChannelPlan = {
  source: string;
  historicalLeads: number;
  historicalDelivered: number;
  /** delivered / leads in the history window; null without leads there */
  conversionRate: number | null;
  /** vehicles of the target expected through this channel, from its share of past sales */
  expectedUnits: number;
  /** null when the channel has no history to plan with */
  prospectsNeeded: number | null;
  /** the part of prospectsNeeded due by today, pro rata of the period's days */
  prospectsDueToDate: number | null;
  actualProspects: number;
};

export type SeriesPlan = {
  series: string;
  targetUnits: number;
  unitsDueToDate: number;
  actualUnits: number;
};

export type ConquestReport = {
  daysInPeriod: number;
  daysElapsed: number;
  /** no deliveries at all in the history window: no channel can be planned */
  noHistory: boolean;
  series: SeriesPlan[];
  channels: ChannelPlan[];
  totals: {
    targetUnits: number;
    actualUnits: number;
    prospectsNeeded: number;
    actualProspects: number;
  };
};

const dayMs = 86_400_000;

function days(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs) + 1;
}

/** ceil(a / b) for non-negative integers, without floating-point surprises */
export function ceilDiv(a: number, b: number): number {
  return Math.floor((a + b - 1) / b);
}

/** Days of the period gone by on `today`, today included (0 before it starts). */
export function elapsedDays(period: Period, today: string): number {
  if (today < period.start) return 0;
  if (today > period.end) return days(period.start, period.end);
  return days(period.start, today);
}

/** First and last day of a month or quarter starting on `start` (YYYY-MM-01). */
export function periodOf(kind: 'month' | 'quarter', start: string): Period {
  const [year, month] = start.split('-').map(Number) as [number, number];
  const months = kind === 'month' ? 1 : 3;
  const end = new Date(Date.UTC(year, month - 1 + months, 0));
  return { start, end: end.toISOString().slice(0, 10) };
}

/** The twelve months before a period: the window whose conversion rates plan it. */
export function historyWindow(period: Period): Period {
  const [year, month] = period.start.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(year - 1, month - 1, 1)).toISOString().slice(0, 10);
  const to = new Date(Date.parse(`${period.start}T00:00:00Z`) - dayMs).toISOString().slice(0, 10);
  return { start: from, end: to };
}

export function conquestReport(input: {
  period: Period;
  today: string;
  targets: readonly SeriesTarget[];
  history: readonly FunnelRow[];
  actualDeliveries: readonly { series: string; units: number }[];
  actualProspects: readonly { source: string; leads: number }[];
}): ConquestReport {
  const daysInPeriod = days(input.period.start, input.period.end);
  const daysElapsed = elapsedDays(input.period, input.today);
  const dueToDate = (whole: number) => ceilDiv(whole * daysElapsed, daysInPeriod);

  const actualBySeries = new Map<string, number>();
  for (const row of input.actualDeliveries)
    actualBySeries.set(row.series, (actualBySeries.get(row.series) ?? 0) + row.units);
  const series: SeriesPlan[] = input.targets.map((target) => ({
    series: target.series,
    targetUnits: target.targetUnits,
    unitsDueToDate: dueToDate(target.targetUnits),
    actualUnits: actualBySeries.get(target.series) ?? 0,
  }));
  // deliveries of series without a target still count towards the dealer's actual
  for (const [name, units] of actualBySeries) {
    if (!input.targets.some((target) => target.series === name))
      series.push({ series: name, targetUnits: 0, unitsDueToDate: 0, actualUnits: units });
  }
  const targetUnits = input.targets.reduce((sum, target) => sum + target.targetUnits, 0);

  const deliveredTotal = input.history.reduce((sum, row) => sum + row.delivered, 0);
  const actualBySource = new Map(input.actualProspects.map((row) => [row.source, row.leads]));
  const sources = [
    ...new Set([
      ...input.history.map((row) => row.source),
      ...input.actualProspects.map((row) => row.source),
    ]),
  ];
  const channels: ChannelPlan[] = sources.map((source) => {
    const past = input.history.find((row) => row.source === source);
    const leads = past?.leads ?? 0;
    const delivered = past?.delivered ?? 0;
    const planned = deliveredTotal > 0 && leads > 0;
    // units = T × delivered / D and prospects = units / (delivered / leads) = T × leads / D,
    // for a channel that converted at all; one that never converted is not counted on
    const prospectsNeeded = !planned
      ? null
      : delivered === 0
        ? 0
        : ceilDiv(targetUnits * leads, deliveredTotal);
    return {
      source,
      historicalLeads: leads,
      historicalDelivered: delivered,
      conversionRate: leads > 0 ? delivered / leads : null,
      expectedUnits: deliveredTotal > 0 ? (targetUnits * delivered) / deliveredTotal : 0,
      prospectsNeeded,
      prospectsDueToDate: prospectsNeeded === null ? null : dueToDate(prospectsNeeded),
      actualProspects: actualBySource.get(source) ?? 0,
    };
  });
  channels.sort(
    (a, b) =>
      (b.prospectsNeeded ?? -1) - (a.prospectsNeeded ?? -1) || a.source.localeCompare(b.source),
  );

  return {
    daysInPeriod,
    daysElapsed,
    noHistory: deliveredTotal === 0,
    series,
    channels,
    totals: {
      targetUnits,
      actualUnits: series.reduce((sum, row) => sum + row.actualUnits, 0),
      prospectsNeeded: channels.reduce((sum, row) => sum + (row.prospectsNeeded ?? 0), 0),
      actualProspects: channels.reduce((sum, row) => sum + row.actualProspects, 0),
    },
  };
}
