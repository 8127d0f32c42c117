import { splitAmount } from '../../lib/split-amount.ts';
import type { CampaignLeadBrand, CampaignLeadSource } from './attribution.ts';

/** A campaign's cost as the report counts it: the user's share, in its currency. */
export type CampaignCost = { campaignId: string; currency: string; costMinor: number | null };

export type SharedCampaignCosts = {
  /** per source key: per currency, the campaign costs its leads bear */
  perSource: Map<string, Map<string, number>>;
  /** per currency, the costs of campaigns that brought no lead: no source to bear them */
  notShared: Map<string, number>;
};

const add = (into: Map<string, number>, currency: string, amount: number) =>
  into.set(currency, (into.get(currency) ?? 0) + amount);

/**
 * Shares each campaign's cost over the sources of the leads credited to it, in proportion to
 * its leads per source (splitAmount: the shares add up to the cost to the kopeck). A campaign
 * without a cost shares nothing; one that brought no lead is kept apart, so campaign costs
 * shared + not shared are the campaign grouping's costs.
 */
export function shareCampaignCosts(
  campaigns: CampaignCost[],
  leads: CampaignLeadSource[],
): SharedCampaignCosts {
  const perSource = new Map<string, Map<string, number>>();
  const notShared = new Map<string, number>();
  for (const campaign of campaigns) {
    if (!campaign.costMinor) continue;
    const weights = leads
      .filter((lead) => lead.campaignId === campaign.campaignId && lead.leads > 0)
      .map((lead) => [lead.source, lead.leads] as const);
    if (weights.length === 0) {
      add(notShared, campaign.currency, campaign.costMinor);
      continue;
    }
    for (const [source, amount] of splitAmount(campaign.costMinor, weights)) {
      const costs = perSource.get(source) ?? new Map<string, number>();
      add(costs, campaign.currency, amount);
      perSource.set(source, costs);
    }
  }
  return { perSource, notShared };
}

/**
 * One brand's part of each campaign's cost (the user's share by recipients), for a brand-level
 * user or a brand filter, in every grouping: split over the brands of the leads credited to it
 * in proportion to their number (splitAmount; leads naming no brand weigh nothing, as in the
 * lead source costs), the brand's part kept. A campaign with no lead of any brand keeps its
 * cost: nothing tells whose it was, and the source grouping then shares it over no source
 * (campaignCostNotShared).
 */
export function brandPartOfCosts<T extends CampaignCost>(
  campaigns: T[],
  leads: CampaignLeadBrand[],
  brandId: string,
): T[] {
  return campaigns.map((campaign) => {
    if (!campaign.costMinor) return campaign;
    const weights = leads
      .filter((lead) => lead.campaignId === campaign.campaignId && lead.brandId && lead.leads > 0)
      .map((lead) => [lead.brandId!, lead.leads] as const);
    if (weights.length === 0) return campaign;
    return { ...campaign, costMinor: splitAmount(campaign.costMinor, weights).get(brandId) ?? 0 };
  });
}
