import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { sourceCostTotals, type SourceCostTotal } from '../../leads/index.ts';
import type { ResolvedFilter } from './dashboard-filters.ts';
import type { Cell, ReportColumn } from './report.ts';
import { toMajor } from '../../../lib/currency.ts';

/**
 * Cost per lead and per sale per channel (issue 7), from the leads module's source costs of
 * the months the period touches, for the dashboard's scope. Currencies are never added: a
 * channel paid in several gets no figures and a note naming them.
 */
export const channelCostColumns: ReportColumn[] = [
  { key: 'currency', kind: 'text' },
  { key: 'cost', kind: 'money' },
  { key: 'costPerLead', kind: 'money' },
  { key: 'costPerSale', kind: 'money' },
  { key: 'costNote', kind: 'text' },
];

/**
 * Why a channel's cost figures are empty, as a stable key (the web app words it):
 * severalCurrencies:CNY,RUB — costs in more than one currency, not added together;
 * notPerConsultant / notPerSeries — costs are known per channel, not per consultant or model.
 */
export type CostNote = `severalCurrencies:${string}` | 'notPerConsultant' | 'notPerSeries';

export type ChannelCosts = {
  /** the cost cells of one channel with its leads and sales */
  cellsOf(channel: string, leads: number, sales: number): Cell[];
  /** channels that cost money in the period but brought no lead */
  channels: string[];
};

export async function channelCosts(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
): Promise<ChannelCosts> {
  // a consultant's or a model's share of a channel's money is not known: say so on every row
  const unknown: CostNote | undefined =
    filter.consultantId || actor.scope.level === 'own'
      ? 'notPerConsultant'
      : filter.series !== undefined
        ? 'notPerSeries'
        : undefined;
  if (unknown) {
    return { cellsOf: () => [null, null, null, null, unknown], channels: [] };
  }
  const totals = await sourceCostTotals(db, actor, {
    from: filter.from,
    to: filter.to,
    brandId: filter.brandId,
    regionId: filter.regionId,
    dealerId: filter.dealerId,
  });
  const perChannel = new Map<string, SourceCostTotal[]>();
  for (const total of totals) {
    if (filter.channel !== undefined && total.sourceKey !== filter.channel) continue;
    perChannel.set(total.sourceKey, [...(perChannel.get(total.sourceKey) ?? []), total]);
  }
  return {
    channels: [...perChannel.keys()],
    cellsOf(channel, leads, sales) {
      const costs = perChannel.get(channel);
      if (!costs) return [null, null, null, null, null];
      if (costs.length > 1) {
        const currencies = costs.map((cost) => cost.currency).join(',');
        return [null, null, null, null, `severalCurrencies:${currencies}`];
      }
      const { currency, amountMinor } = costs[0]!;
      return [
        currency,
        toMajor(amountMinor, currency),
        leads > 0 ? toMajor(Math.round(amountMinor / leads), currency) : null,
        sales > 0 ? toMajor(Math.round(amountMinor / sales), currency) : null,
        null,
      ];
    },
  };
}
