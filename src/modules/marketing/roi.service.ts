import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, customerVisible } from '../../auth/index.ts';
import { campaignAccess } from './campaign-access.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import { majorText, toMajor } from '../../lib/currency.ts';
import type { Report, ReportTable, ResolvedFilter } from '../analytics/index.ts';
import { sourceCostTotals } from '../leads/index.ts';
import { messageStatus } from '../messaging/index.ts';
import {
  attributedConversions,
  campaignLeadBrands,
  campaignLeadSources,
  customerFilter,
  sourceConversions,
} from './attribution.ts';
import { reportBrand } from './roi-brands.ts';
import { roiCreditsAsOf } from './roi-credits.ts';
import {
  personOfRowCounts,
  storedConversions,
  storedLeadBrands,
  storedLeadSources,
  storedSourceConversions,
} from './roi-stored.ts';
import {
  brandPartOfCosts,
  shareCampaignCosts,
  type SharedCampaignCosts,
} from './roi-campaign-costs.ts';
import { campaignChannels, type CampaignChannel, type OwnerLevel } from './schema.ts';

export type RoiFilter = ResolvedFilter & {
  campaignId?: string;
  campaignChannel?: CampaignChannel;
  /** source grouping: share each campaign's cost over the sources of its leads */
  includeCampaignCosts?: boolean;
};

export type MoneyAmount = { currency: string; amountMinor: number };

/** One campaign's funnel, conversions and money, as the user may see it. */
export type RoiRow = {
  campaignId: string;
  name: string;
  channel: CampaignChannel;
  ownerLevel: OwnerLevel;
  /** the first message that went out (UTC) */
  startedAt: string | null;
  attributionWindowDays: number;
  responseCode: string | null;
  currency: string;
  recipients: number;
  delivered: number;
  opened: number;
  clicked: number;
  leads: number;
  testDrives: number;
  sales: number;
  serviceVisits: number;
  /**
   * the cost, or the user's share of it: by recipients when he sees part of the audience, and
   * for one brand (a brand-level user, a brand filter) that brand's part (roi-campaign-costs.ts)
   */
  costMinor: number | null;
  costShared: boolean;
  /** revenue in the campaign's currency: what ROI uses */
  revenueMinor: number;
  /** revenue in other currencies: shown, never converted or added */
  otherRevenue: MoneyAmount[];
  costPerLeadMinor: number | null;
  costPerSaleMinor: number | null;
  /** (revenue - cost) / cost; null without a cost */
  roi: number | null;
};

/** Campaigns summed per cost currency (roubles are never added to yuan). */
export type RoiTotal = {
  currency: string;
  campaigns: number;
  costMinor: number;
  revenueMinor: number;
  leads: number;
  sales: number;
  roi: number | null;
};

export type RoiAnswer = {
  groupBy: 'campaign';
  from: string;
  to: string;
  /** when the kept credits were last refreshed (roi-credits.ts); null: computed live */
  asOf: string | null;
  rows: RoiRow[];
  totals: RoiTotal[];
};

/** How the report is grouped: per campaign, per campaign channel, per lead source. */
export const roiGroupings = ['campaign', 'channel', 'source'] as const;
export type RoiGrouping = (typeof roiGroupings)[number];

/**
 * One channel's campaigns in one cost currency: their rows summed, cost included (a campaign's
 * cost belongs to its channel), so the channel rows add up to the campaign rows.
 */
export type RoiChannelRow = Omit<
  RoiRow,
  'campaignId' | 'name' | 'ownerLevel' | 'startedAt' | 'attributionWindowDays' | 'responseCode'
> & {
  campaigns: number;
};

export type RoiChannelAnswer = {
  groupBy: 'channel';
  from: string;
  to: string;
  /** when the kept credits were last refreshed (roi-credits.ts); null: computed live */
  asOf: string | null;
  rows: RoiChannelRow[];
  totals: RoiTotal[];
};

/**
 * One lead source: what the report's campaigns brought through leads of it, and what came from
 * it without any campaign in the period (attribution.ts sourceConversions), and the source's own
 * cost (the leads module's lead source costs of the months the period touches). A campaign's
 * cost stays with the campaign, so the source's cost is set against what came without one.
 */
export type RoiSourceRow = {
  /** lead source key (leads module); null: people who had no lead */
  source: string | null;
  leads: number;
  testDrives: number;
  sales: number;
  serviceVisits: number;
  revenue: MoneyAmount[];
  leadsWithoutCampaign: number;
  testDrivesWithoutCampaign: number;
  salesWithoutCampaign: number;
  revenueWithoutCampaign: MoneyAmount[];
  /**
   * the source's costs per currency (never added across currencies): its own, and with
   * includeCampaignCosts also its share of the campaigns' costs (campaignCost)
   */
  cost: MoneyAmount[];
  /** with includeCampaignCosts: the part of `cost` the campaigns paid for its leads */
  campaignCost: MoneyAmount[];
  /**
   * With the cost in one currency: cost per lead and per sale without a campaign, and ROI on
   * the revenue without a campaign in that currency (with includeCampaignCosts: per lead and
   * sale of both parts, on the revenue of both). Null with no cost or several currencies.
   */
  costPerLeadMinor: number | null;
  costPerSaleMinor: number | null;
  roi: number | null;
};

/** The source rows' money summed per currency. */
export type RoiSourceTotal = {
  currency: string;
  sales: number;
  revenueMinor: number;
  salesWithoutCampaign: number;
  revenueWithoutCampaignMinor: number;
  /** the sources' own costs in this currency (null: none known) */
  costMinor: number | null;
  /**
   * (revenue without a campaign of the sources with a cost in this currency - cost) / cost:
   * sales with no lead, or from sources without a cost, are not set against these costs
   */
  roi: number | null;
};

export type RoiSourceAnswer = {
  groupBy: 'source';
  from: string;
  to: string;
  /** when the kept credits were last refreshed (roi-credits.ts); null: computed live */
  asOf: string | null;
  /** whether the campaigns' costs are shared over the sources of their leads */
  includeCampaignCosts: boolean;
  /** with includeCampaignCosts: costs of campaigns that brought no lead (no source bears them) */
  campaignCostNotShared: MoneyAmount[];
  rows: RoiSourceRow[];
  totals: RoiSourceTotal[];
};

export type RoiReportAnswer = RoiAnswer | RoiChannelAnswer | RoiSourceAnswer;

/** ROI is read by marketing staff and by analysts (issue 7 lists it among the reports). */
export function requireRoiReader(actor: Actor): void {
  if (!can(actor, 'marketing:read') && !can(actor, 'analytics:read')) {
    throw new ForbiddenError(`Your role (${actor.role}) may not do this (marketing ROI)`);
  }
}

/** The campaigns a user sees (campaign-access.ts), as SQL on `c`: their figures are his part. */
function campaignVisible(actor: Actor): RawBuilder<boolean> {
  return sql<boolean>`${campaignAccess(actor, 'c')} is not null`;
}

/**
 * The ids of the campaigns visible to the user that sent a message in the period (and pass the
 * filters). Chosen once, first, and handed on as an array: each statement then reads only their
 * recipients and credits by index, and the planner knows how many; with the choice as a
 * subquery it guessed half of all campaigns and checked every recipient row against the scope
 * (bench/RESULTS.md, "Campaign ROI under 2 s for a brand").
 */
async function selectedCampaigns(db: Db, actor: Actor, filter: RoiFilter): Promise<string[]> {
  const conditions = [
    campaignVisible(actor),
    sql`exists (select 1 from marketing_campaign_recipients pr
      where pr.campaign_id = c.id and pr.status = 'queued'
        and pr.created_at >= ${filter.fromInstant} and pr.created_at < ${filter.toExclusive})`,
  ];
  if (filter.campaignId) conditions.push(sql`c.id = ${filter.campaignId}`);
  if (filter.campaignChannel) conditions.push(sql`c.channel = ${filter.campaignChannel}`);
  const chosen = await sql<{ id: string }>`
    select c.id from marketing_campaigns c where ${sql.join(conditions, sql` and `)}`.execute(db);
  return chosen.rows.map((row) => row.id);
}

/**
 * Where the conversions come from: the kept credits (the default; roi-credits.ts, refreshed by
 * a job) or the rule run live over the audience (`live`: the bench's and tests' yardstick).
 */
export type RoiMode = { live?: boolean };

type Readers = {
  asOf: string | null;
  conversions: typeof attributedConversions;
  leadBrands: typeof campaignLeadBrands;
  leadSources: typeof campaignLeadSources;
  sources: typeof sourceConversions;
};

async function readersOf(db: Db, mode: RoiMode): Promise<Readers> {
  if (mode.live) {
    return {
      asOf: null,
      conversions: attributedConversions,
      leadBrands: campaignLeadBrands,
      leadSources: campaignLeadSources,
      sources: sourceConversions,
    };
  }
  return {
    asOf: (await roiCreditsAsOf(db)).toISOString(),
    conversions: storedConversions,
    leadBrands: storedLeadBrands,
    leadSources: storedLeadSources,
    sources: storedSourceConversions,
  };
}

/**
 * SQL on a recipient row `r`: the reader may count him. From the dealer set the row carries (0282,
 * roi-stored.ts personOfRowCounts); live, from the person's links, in a subquery's where where
 * its exists become semi-joins PostgreSQL can hash (a probe per recipient row was slower).
 */
function recipientCounts(actor: Actor, filter: RoiFilter, mode: RoiMode): RawBuilder<boolean> {
  if (!mode.live) return personOfRowCounts(actor, filter, 'r');
  return sql<boolean>`(${customerVisible(actor, sql.ref('r.customer_id'))}
    and ${customerFilter(filter, sql.ref('r.customer_id'))})`;
}

const perUnit = (cost: number | null, units: number) =>
  cost !== null && units > 0 ? Math.round(cost / units) : null;
const roiOf = (revenue: number, cost: number | null) =>
  cost !== null && cost > 0 ? (revenue - cost) / cost : null;

/**
 * The ROI report: per campaign that sent in the period, its recipients, deliveries, opens,
 * clicks, the conversions attributed to it (attribution.ts), revenue, cost, cost per lead and
 * per sale and ROI; and the totals per currency. Everything counts the user's customers only,
 * and for one brand (a brand-level user, a brand filter) that brand's conversions and part of
 * each cost.
 */
export async function campaignRoi(
  db: Db,
  actor: Actor,
  filter: RoiFilter,
  mode: RoiMode = {},
): Promise<RoiAnswer> {
  requireRoiReader(actor);
  const brand = reportBrand(actor, filter);
  const read = await readersOf(db, mode);
  // a brand-level user asking for another brand: nothing of it is his
  if (brand.conflict) {
    return {
      groupBy: 'campaign',
      from: filter.from,
      to: filter.to,
      asOf: read.asOf,
      rows: [],
      totals: [],
    };
  }
  const selected = await selectedCampaigns(db, actor, filter);
  const [funnel, conversions, leadBrands] = await Promise.all([
    sql<{
      id: string;
      name: string;
      channel: CampaignChannel;
      owner_level: OwnerLevel;
      currency: string;
      cost_minor: string | null;
      attribution_window_days: number;
      response_code: string | null;
      started_at: Date | null;
      all_recipients: number;
      recipients: number;
      delivered: number;
      opened: number;
      clicked: number;
    }>`
      select c.id, c.name, c.channel, c.owner_level, c.currency, c.cost_minor::text as cost_minor,
             c.attribution_window_days, c.response_code,
             (select min(a.created_at) from marketing_campaign_recipients a
               where a.campaign_id = c.id and a.status = 'queued') as started_at,
             (select count(*)::int from marketing_campaign_recipients a
               where a.campaign_id = c.id) as all_recipients,
             coalesce(r.recipients, 0)::int as recipients,
             coalesce(r.delivered, 0)::int as delivered,
             coalesce(r.opened, 0)::int as opened,
             coalesce(r.clicked, 0)::int as clicked
        from marketing_campaigns c
        -- counted per campaign before the campaign's columns join, so no wide row is sorted
        -- (bench/roi.ts); the person's scope from the dealer set the row carries (0282), or live
        -- from his links (the yardstick)
        left join (select r.campaign_id, count(*) as recipients,
                          -- a message the outbox sent; call tasks and print runs have no message
                          count(*) filter (where r.status = 'queued' and (r.message_id is null
                            or ${messageStatus(sql.ref('r.message_id'))} = 'sent')) as delivered,
                          count(r.opened_at) as opened, count(r.clicked_at) as clicked
                     from marketing_campaign_recipients r
                    where r.campaign_id = any(${selected}::uuid[])
                      and ${recipientCounts(actor, filter, mode)}
                    group by r.campaign_id) r
          on r.campaign_id = c.id
       where c.id = any(${selected}::uuid[])
       order by started_at desc nulls last, c.name`.execute(db),
    read.conversions(db, actor, filter, selected),
    brand.brandId ? read.leadBrands(db, actor, filter, selected) : [],
  ]);
  // the user's share by recipients, then for one brand that brand's part of it
  const shares = funnel.rows.map((campaign) => {
    const fullCost = campaign.cost_minor === null ? null : Number(campaign.cost_minor);
    const partAudience = campaign.recipients < campaign.all_recipients;
    const costMinor =
      fullCost === null || !partAudience
        ? fullCost
        : Math.round((fullCost * campaign.recipients) / Math.max(campaign.all_recipients, 1));
    return { campaignId: campaign.id, currency: campaign.currency, costMinor, partAudience };
  });
  const costs = brand.brandId ? brandPartOfCosts(shares, leadBrands, brand.brandId) : shares;

  const rows = funnel.rows.flatMap((campaign, index): RoiRow[] => {
    const mine = conversions.filter((conversion) => conversion.campaignId === campaign.id);
    const count = (kind: string) =>
      mine.filter((c) => c.kind === kind).reduce((sum, c) => sum + c.count, 0);
    const revenue = new Map<string, number>();
    for (const c of mine) {
      if ((c.kind === 'sale' || c.kind === 'service') && c.currency) {
        revenue.set(c.currency, (revenue.get(c.currency) ?? 0) + c.amountMinor);
      }
    }
    // a user who sees part of the audience (a dealer, a filter), or one brand, bears a part
    const cost = costs[index]!.costMinor;
    const costShared = shares[index]!.partAudience || cost !== shares[index]!.costMinor;
    const leads = count('lead');
    const sales = count('sale');
    // a campaign that reached none of the user's customers and won nothing is not his to judge
    if (campaign.recipients === 0 && mine.length === 0) return [];
    const revenueMinor = revenue.get(campaign.currency) ?? 0;
    return [
      {
        campaignId: campaign.id,
        name: campaign.name,
        channel: campaign.channel,
        ownerLevel: campaign.owner_level,
        startedAt: campaign.started_at?.toISOString() ?? null,
        attributionWindowDays: campaign.attribution_window_days,
        responseCode: campaign.response_code,
        currency: campaign.currency,
        recipients: campaign.recipients,
        delivered: campaign.delivered,
        opened: campaign.opened,
        clicked: campaign.clicked,
        leads,
        testDrives: count('test_drive'),
        sales,
        serviceVisits: count('service'),
        costMinor: cost,
        costShared,
        revenueMinor,
        otherRevenue: [...revenue.entries()]
          .filter(([currency]) => currency !== campaign.currency)
          .map(([currency, amountMinor]) => ({ currency, amountMinor }))
          .sort((a, b) => a.currency.localeCompare(b.currency)),
        costPerLeadMinor: perUnit(cost, leads),
        costPerSaleMinor: perUnit(cost, sales),
        roi: roiOf(revenueMinor, cost),
      },
    ];
  });

  const totals = new Map<string, RoiTotal>();
  for (const row of rows) {
    const total = totals.get(row.currency) ?? {
      currency: row.currency,
      campaigns: 0,
      costMinor: 0,
      revenueMinor: 0,
      leads: 0,
      sales: 0,
      roi: null,
    };
    total.campaigns += 1;
    total.costMinor += row.costMinor ?? 0;
    total.revenueMinor += row.revenueMinor;
    total.leads += row.leads;
    total.sales += row.sales;
    totals.set(row.currency, total);
  }
  for (const total of totals.values()) total.roi = roiOf(total.revenueMinor, total.costMinor);

  return {
    groupBy: 'campaign',
    from: filter.from,
    to: filter.to,
    asOf: read.asOf,
    rows,
    totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}

const sumMoney = (into: Map<string, number>, items: MoneyAmount[]) => {
  for (const item of items)
    into.set(item.currency, (into.get(item.currency) ?? 0) + item.amountMinor);
};
const moneyList = (amounts: Map<string, number>): MoneyAmount[] =>
  [...amounts.entries()]
    .filter(([, amountMinor]) => amountMinor !== 0)
    .map(([currency, amountMinor]) => ({ currency, amountMinor }))
    .sort((a, b) => a.currency.localeCompare(b.currency));

/**
 * Per channel: the campaign rows (the same two statements) summed per channel and cost
 * currency, so every figure, the cost shares included, adds up to the campaign report.
 */
export function channelRows(rows: RoiRow[]): RoiChannelRow[] {
  const groups = new Map<string, { row: RoiChannelRow; other: Map<string, number> }>();
  for (const row of rows) {
    const key = `${row.channel} ${row.currency}`;
    const group = groups.get(key) ?? {
      row: {
        channel: row.channel,
        currency: row.currency,
        campaigns: 0,
        recipients: 0,
        delivered: 0,
        opened: 0,
        clicked: 0,
        leads: 0,
        testDrives: 0,
        sales: 0,
        serviceVisits: 0,
        costMinor: null,
        costShared: false,
        revenueMinor: 0,
        otherRevenue: [],
        costPerLeadMinor: null,
        costPerSaleMinor: null,
        roi: null,
      },
      other: new Map<string, number>(),
    };
    const sum = group.row;
    sum.campaigns += 1;
    sum.recipients += row.recipients;
    sum.delivered += row.delivered;
    sum.opened += row.opened;
    sum.clicked += row.clicked;
    sum.leads += row.leads;
    sum.testDrives += row.testDrives;
    sum.sales += row.sales;
    sum.serviceVisits += row.serviceVisits;
    if (row.costMinor !== null) sum.costMinor = (sum.costMinor ?? 0) + row.costMinor;
    sum.costShared ||= row.costShared;
    sum.revenueMinor += row.revenueMinor;
    sumMoney(group.other, row.otherRevenue);
    groups.set(key, group);
  }
  const order = (channel: CampaignChannel) => campaignChannels.indexOf(channel);
  return [...groups.values()]
    .map(({ row, other }) => ({
      ...row,
      otherRevenue: moneyList(other),
      costPerLeadMinor: perUnit(row.costMinor, row.leads),
      costPerSaleMinor: perUnit(row.costMinor, row.sales),
      roi: roiOf(row.revenueMinor, row.costMinor),
    }))
    .sort((a, b) => order(a.channel) - order(b.channel) || a.currency.localeCompare(b.currency));
}

/** The report grouped per campaign channel (totals per currency as per campaign). */
export async function channelRoi(
  db: Db,
  actor: Actor,
  filter: RoiFilter,
  mode: RoiMode = {},
): Promise<RoiChannelAnswer> {
  const campaigns = await campaignRoi(db, actor, filter, mode);
  return { ...campaigns, groupBy: 'channel', rows: channelRows(campaigns.rows) };
}

/**
 * The campaign costs the source grouping shares: each campaign's cost as the campaign report
 * counts it (the user's share; for one brand already that brand's part), over the sources of
 * the leads credited to it (for one brand, the brand's own leads).
 */
async function sharedCampaignCosts(
  db: Db,
  actor: Actor,
  filter: RoiFilter,
  mode: RoiMode,
  read: Readers,
): Promise<SharedCampaignCosts> {
  const selected = await selectedCampaigns(db, actor, filter);
  const [campaigns, leads] = await Promise.all([
    campaignRoi(db, actor, filter, mode),
    read.leadSources(db, actor, filter, selected),
  ]);
  return shareCampaignCosts(campaigns.rows, leads);
}

/**
 * The report grouped per lead source, in one statement (attribution.ts sourceConversions):
 * through the campaigns that sent in the period (and pass the filters), and without any.
 * With includeCampaignCosts a source's cost also carries its share of the campaigns' costs
 * (three more statements: the campaign report and its leads per source).
 */
export async function sourceRoi(
  db: Db,
  actor: Actor,
  filter: RoiFilter,
  mode: RoiMode = {},
): Promise<RoiSourceAnswer> {
  requireRoiReader(actor);
  const include = filter.includeCampaignCosts === true;
  const read = await readersOf(db, mode);
  const selected = await selectedCampaigns(db, actor, filter);
  const [conversions, costs, shared] = await Promise.all([
    read.sources(db, actor, filter, selected),
    sourceCostTotals(db, actor, filter),
    include ? sharedCampaignCosts(db, actor, filter, mode, read) : undefined,
  ]);
  type Sum = {
    row: RoiSourceRow;
    via: Map<string, number>;
    own: Map<string, number>;
    cost: Map<string, number>;
    campaignCost: Map<string, number>;
  };
  const sources = new Map<string | null, Sum>();
  const totals = new Map<string, RoiSourceTotal>();
  const sumOf = (source: string | null): Sum => {
    const sum: Sum = sources.get(source) ?? {
      row: {
        source,
        leads: 0,
        testDrives: 0,
        sales: 0,
        serviceVisits: 0,
        revenue: [],
        leadsWithoutCampaign: 0,
        testDrivesWithoutCampaign: 0,
        salesWithoutCampaign: 0,
        revenueWithoutCampaign: [],
        cost: [],
        campaignCost: [],
        costPerLeadMinor: null,
        costPerSaleMinor: null,
        roi: null,
      },
      via: new Map(),
      own: new Map(),
      cost: new Map(),
      campaignCost: new Map(),
    };
    sources.set(source, sum);
    return sum;
  };
  const totalOf = (currency: string): RoiSourceTotal => {
    const total = totals.get(currency) ?? {
      currency,
      sales: 0,
      revenueMinor: 0,
      salesWithoutCampaign: 0,
      revenueWithoutCampaignMinor: 0,
      costMinor: null,
      roi: null,
    };
    totals.set(currency, total);
    return total;
  };
  for (const c of conversions) {
    const sum = sumOf(c.source);
    if (c.kind === 'lead') {
      sum.row.leads += c.viaCampaigns;
      sum.row.leadsWithoutCampaign += c.withoutCampaign;
    } else if (c.kind === 'test_drive') {
      sum.row.testDrives += c.viaCampaigns;
      sum.row.testDrivesWithoutCampaign += c.withoutCampaign;
    } else if (c.kind === 'sale') {
      sum.row.sales += c.viaCampaigns;
      sum.row.salesWithoutCampaign += c.withoutCampaign;
    } else {
      sum.row.serviceVisits += c.viaCampaigns;
    }
    if (!c.currency) continue;
    sum.via.set(c.currency, (sum.via.get(c.currency) ?? 0) + c.viaCampaignsMinor);
    sum.own.set(c.currency, (sum.own.get(c.currency) ?? 0) + c.withoutCampaignMinor);
    const total = totalOf(c.currency);
    if (c.kind === 'sale') {
      total.sales += c.viaCampaigns;
      total.salesWithoutCampaign += c.withoutCampaign;
    }
    total.revenueMinor += c.viaCampaignsMinor;
    total.revenueWithoutCampaignMinor += c.withoutCampaignMinor;
  }
  // a source that cost money in the period is listed even when nothing came of it
  const addCost = (source: string, currency: string, amountMinor: number, campaign: boolean) => {
    const sum = sumOf(source);
    sum.cost.set(currency, (sum.cost.get(currency) ?? 0) + amountMinor);
    if (campaign) {
      sum.campaignCost.set(currency, (sum.campaignCost.get(currency) ?? 0) + amountMinor);
    }
    const total = totalOf(currency);
    total.costMinor = (total.costMinor ?? 0) + amountMinor;
  };
  for (const cost of costs) addCost(cost.sourceKey, cost.currency, cost.amountMinor, false);
  for (const [source, amounts] of shared?.perSource ?? []) {
    for (const [currency, amountMinor] of amounts) addCost(source, currency, amountMinor, true);
  }
  const rows = [...sources.values()]
    .map(({ row, via, own, cost, campaignCost }) => {
      // an own cost entered as 0 stays listed (moneyList would drop it)
      const costList = [...cost.entries()]
        .map(([currency, amountMinor]) => ({ currency, amountMinor }))
        .sort((a, b) => a.currency.localeCompare(b.currency));
      const single = costList.length === 1 ? costList[0]! : undefined;
      // with the campaigns' costs included they are set against both parts, else only the own
      const leads = row.leadsWithoutCampaign + (include ? row.leads : 0);
      const sales = row.salesWithoutCampaign + (include ? row.sales : 0);
      const revenueIn = (currency: string) =>
        (own.get(currency) ?? 0) + (include ? (via.get(currency) ?? 0) : 0);
      return {
        ...row,
        revenue: moneyList(via),
        revenueWithoutCampaign: moneyList(own),
        cost: costList,
        campaignCost: moneyList(campaignCost),
        costPerLeadMinor: single ? perUnit(single.amountMinor, leads) : null,
        costPerSaleMinor: single ? perUnit(single.amountMinor, sales) : null,
        roi: single ? roiOf(revenueIn(single.currency), single.amountMinor) : null,
      };
    })
    .sort(
      (a, b) =>
        Number(a.source === null) - Number(b.source === null) ||
        b.leads + b.leadsWithoutCampaign - (a.leads + a.leadsWithoutCampaign) ||
        b.sales + b.salesWithoutCampaign - (a.sales + a.salesWithoutCampaign) ||
        (a.source ?? '').localeCompare(b.source ?? ''),
    );
  // ROI per currency on the revenue of the sources that cost money in it: a sale with no lead
  // (or from a free source) was bought by none of these costs
  for (const total of totals.values()) {
    const revenue = rows
      .filter((row) => row.cost.some((cost) => cost.currency === total.currency))
      .flatMap((row) => [...row.revenueWithoutCampaign, ...(include ? row.revenue : [])])
      .filter((money) => money.currency === total.currency)
      .reduce((sum, money) => sum + money.amountMinor, 0);
    total.roi = roiOf(revenue, total.costMinor);
  }
  return {
    groupBy: 'source',
    from: filter.from,
    to: filter.to,
    asOf: read.asOf,
    includeCampaignCosts: include,
    campaignCostNotShared: moneyList(shared?.notShared ?? new Map()),
    rows,
    totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}

/** The report in the asked grouping. */
export function roiReportOf(
  db: Db,
  actor: Actor,
  filter: RoiFilter,
  groupBy: RoiGrouping,
  mode: RoiMode = {},
): Promise<RoiReportAnswer> {
  if (groupBy === 'channel') return channelRoi(db, actor, filter, mode);
  if (groupBy === 'source') return sourceRoi(db, actor, filter, mode);
  return campaignRoi(db, actor, filter, mode);
}

const major = (minor: number | null, currency: string) =>
  minor === null ? null : toMajor(minor, currency);
// "RUB 10000.00; CNY 500.00": the report's own order, currency first
const moneyText = (amounts: MoneyAmount[]) =>
  amounts
    .map((money) => `${money.currency} ${majorText(money.amountMinor, money.currency)}`)
    .join('; ') || null;

const campaignTotalsTable = (totals: RoiTotal[]): ReportTable => ({
  key: 'currencies',
  columns: [
    { key: 'currency', kind: 'text' },
    { key: 'campaigns', kind: 'count' },
    { key: 'cost', kind: 'money' },
    { key: 'revenue', kind: 'money' },
    { key: 'leads', kind: 'count' },
    { key: 'sales', kind: 'count' },
    { key: 'roi', kind: 'ratio' },
  ],
  rows: totals.map((total) => [
    total.currency,
    total.campaigns,
    major(total.costMinor, total.currency),
    major(total.revenueMinor, total.currency),
    total.leads,
    total.sales,
    total.roi,
  ]),
});

/** The first table of each grouping (the CSV default), by its key. */
export const roiTables = {
  campaign: 'campaigns',
  channel: 'channels',
  source: 'sources',
} as const satisfies Record<RoiGrouping, string>;

/** The figures a campaign row and a channel row share: their export columns and cells. */
const figureColumns: ReportTable['columns'] = [
  { key: 'recipients', kind: 'count' },
  { key: 'delivered', kind: 'count' },
  { key: 'opened', kind: 'count' },
  { key: 'clicked', kind: 'count' },
  { key: 'leads', kind: 'count' },
  { key: 'testDrives', kind: 'count' },
  { key: 'sales', kind: 'count' },
  { key: 'serviceVisits', kind: 'count' },
  { key: 'cost', kind: 'money' },
  { key: 'revenue', kind: 'money' },
  { key: 'otherRevenue', kind: 'text' },
  { key: 'costPerLead', kind: 'money' },
  { key: 'costPerSale', kind: 'money' },
  { key: 'roi', kind: 'ratio' },
];
const figureCells = (row: RoiRow | RoiChannelRow) => [
  row.recipients,
  row.delivered,
  row.opened,
  row.clicked,
  row.leads,
  row.testDrives,
  row.sales,
  row.serviceVisits,
  major(row.costMinor, row.currency),
  major(row.revenueMinor, row.currency),
  moneyText(row.otherRevenue),
  major(row.costPerLeadMinor, row.currency),
  major(row.costPerSaleMinor, row.currency),
  row.roi,
];

function groupTable(answer: RoiReportAnswer): ReportTable {
  if (answer.groupBy === 'campaign') {
    return {
      key: 'campaigns',
      columns: [
        { key: 'campaign', kind: 'text' },
        { key: 'channel', kind: 'text' },
        { key: 'startedAt', kind: 'text' },
        { key: 'currency', kind: 'text' },
        ...figureColumns,
      ],
      rows: answer.rows.map((row) => [
        row.name,
        row.channel,
        row.startedAt?.slice(0, 10) ?? null,
        row.currency,
        ...figureCells(row),
      ]),
    };
  }
  if (answer.groupBy === 'channel') {
    return {
      key: 'channels',
      columns: [
        { key: 'channel', kind: 'text' },
        { key: 'currency', kind: 'text' },
        { key: 'campaigns', kind: 'count' },
        ...figureColumns,
      ],
      rows: answer.rows.map((row) => [
        row.channel,
        row.currency,
        row.campaigns,
        ...figureCells(row),
      ]),
    };
  }
  return {
    key: 'sources',
    columns: [
      { key: 'source', kind: 'text' },
      { key: 'leads', kind: 'count' },
      { key: 'testDrives', kind: 'count' },
      { key: 'sales', kind: 'count' },
      { key: 'serviceVisits', kind: 'count' },
      { key: 'revenue', kind: 'text' },
      { key: 'leadsWithoutCampaign', kind: 'count' },
      { key: 'testDrivesWithoutCampaign', kind: 'count' },
      { key: 'salesWithoutCampaign', kind: 'count' },
      { key: 'revenueWithoutCampaign', kind: 'text' },
      { key: 'cost', kind: 'text' },
      // only when asked for, so the default table keeps its columns
      ...(answer.includeCampaignCosts ? [{ key: 'campaignCost', kind: 'text' } as const] : []),
      { key: 'costPerLead', kind: 'money' },
      { key: 'costPerSale', kind: 'money' },
      { key: 'roi', kind: 'ratio' },
    ],
    rows: answer.rows.map((row) => [
      row.source,
      row.leads,
      row.testDrives,
      row.sales,
      row.serviceVisits,
      moneyText(row.revenue),
      row.leadsWithoutCampaign,
      row.testDrivesWithoutCampaign,
      row.salesWithoutCampaign,
      moneyText(row.revenueWithoutCampaign),
      moneyText(row.cost),
      ...(answer.includeCampaignCosts ? [moneyText(row.campaignCost)] : []),
      // per lead and per sale exist only with the cost in one currency
      major(row.costPerLeadMinor, row.cost[0]?.currency ?? ''),
      major(row.costPerSaleMinor, row.cost[0]?.currency ?? ''),
      row.roi,
    ]),
  };
}

function totalsTable(answer: RoiReportAnswer): ReportTable {
  if (answer.groupBy !== 'source') return campaignTotalsTable(answer.totals);
  return {
    key: 'currencies',
    columns: [
      { key: 'currency', kind: 'text' },
      { key: 'sales', kind: 'count' },
      { key: 'revenue', kind: 'money' },
      { key: 'salesWithoutCampaign', kind: 'count' },
      { key: 'revenueWithoutCampaign', kind: 'money' },
      { key: 'cost', kind: 'money' },
      { key: 'roi', kind: 'ratio' },
    ],
    rows: answer.totals.map((total) => [
      total.currency,
      total.sales,
      major(total.revenueMinor, total.currency),
      total.salesWithoutCampaign,
      major(total.revenueWithoutCampaignMinor, total.currency),
      major(total.costMinor, total.currency),
      total.roi,
    ]),
  };
}

/** The answer in the dashboards' report shape, for the CSV and XLSX writers. */
export function roiReport(
  answer: RoiReportAnswer,
  filters: Record<string, string | undefined>,
): Report {
  const sum = (pick: (row: { leads: number; sales: number }) => number) =>
    answer.rows.reduce((total, row) => total + pick(row), 0);
  const kpis: Report['kpis'] =
    answer.groupBy === 'source'
      ? [
          { key: 'sources', kind: 'count', value: answer.rows.length },
          { key: 'leads', kind: 'count', value: sum((row) => row.leads) },
          {
            key: 'leadsWithoutCampaign',
            kind: 'count',
            value: answer.rows.reduce((total, row) => total + row.leadsWithoutCampaign, 0),
          },
          { key: 'sales', kind: 'count', value: sum((row) => row.sales) },
        ]
      : [
          {
            key: 'campaigns',
            kind: 'count',
            value: answer.totals.reduce((total, row) => total + row.campaigns, 0),
          },
          {
            key: 'recipients',
            kind: 'count',
            value: answer.rows.reduce((total, row) => total + row.recipients, 0),
          },
          { key: 'leads', kind: 'count', value: sum((row) => row.leads) },
          { key: 'sales', kind: 'count', value: sum((row) => row.sales) },
        ];
  return {
    name: answer.groupBy === 'campaign' ? 'campaign-roi' : `campaign-roi-by-${answer.groupBy}`,
    asOf: new Date().toISOString(),
    filters,
    kpis,
    tables: [groupTable(answer), totalsTable(answer)],
  };
}
